package org.crossenroll.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.crossenroll.base.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --schools}: what the registry loader accepts, and each mistake as one sentence naming file, line, field. */
class SchoolRegistryTest {
    @TempDir
    Path tmp;

    private Path file(String text, Charset charset) throws IOException {
        Path f = tmp.resolve("schools.csv");
        Files.write(f, text.getBytes(charset));
        return f;
    }

    private Map<String, String> load(Path f) {
        return SchoolRegistry.load(f.toString(), new Configuration());
    }

    private void refused(String text, String... mentions) throws IOException {
        Path f = file(text, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(f)).isInstanceOf(UserError.class).satisfies(e -> {
            assertThat(e.getMessage())
                    .contains(f.toString())
                    .contains("--schools")
                    .doesNotContain("\n");
            for (String m : mentions) {
                assertThat(e.getMessage()).contains(m);
            }
        });
    }

    @Test
    void englishOrChineseHeadersInUtf8OrGb18030() throws IOException {
        assertThat(load(file(
                        "host_school_code,host_school_name,note\n3201150001, 江宁中专\u3000,x\n"
                                + "3201150001,江宁中专,y\n3101010002,黄浦职校,\n",
                        StandardCharsets.UTF_8)))
                .as("trimmed; the same code and name twice is one school")
                .containsExactlyInAnyOrderEntriesOf(Map.of("3201150001", "江宁中专", "3101010002", "黄浦职校"));
        assertThat(load(file("學校名稱,學校標識碼\r\n江宁中专,3201150001\r\n", Charset.forName("GB18030"))))
                .containsExactlyEntriesOf(Map.of("3201150001", "江宁中专"));
        assertThat(load(file("\uFEFF学校标识码,学校名称\n3201150001,江宁中专\n", StandardCharsets.UTF_8)))
                .containsExactlyEntriesOf(Map.of("3201150001", "江宁中专"));
    }

    @Test
    void mistakes() throws IOException {
        Path missing = tmp.resolve("none.csv");
        assertThatThrownBy(() -> load(missing))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        refused("code,name\n3201150001,江宁中专\n", "line 1", "host_school_code and host_school_name");
        refused("学校标识码\n3201150001\n", "line 1", "host_school_code and host_school_name");
        refused("学校标识码,学校名称\n320115001,江宁中专\n", "line 2", "field host_school_code", "10-digit", "(9 characters)");
        refused(
                "学校标识码,学校名称\n3201150001,江宁中专\n3201150001,王小红\n",
                "line 3",
                "field host_school_name",
                "school 3201150001",
                "line 2");
        refused("学校标识码,学校名称\n3201150001, \n", "line 2", "field host_school_name", "blank");
        refused("学校标识码,学校名称\n3201150001,江宁 53292319990101123X\n", "line 2", "field host_school_name", "ID-shaped");
        refused("学校标识码,学校名称\n3201150001\n", "line 2", "cannot be split");
        refused("学校标识码,学校名称\n", "lists no school");
    }
}
