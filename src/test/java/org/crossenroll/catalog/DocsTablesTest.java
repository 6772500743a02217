package org.crossenroll.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * docs/reports.md's column tables are the ones {@link DocsTables} generates from {@link Tables}. After changing a
 * schema or a meaning, regenerate them with
 * {@code mvn -o test -Dtest=DocsTablesTest -Dcrossenroll.updateDocs=true} and commit docs/reports.md.
 */
class DocsTablesTest {
    private static final Path DOC = TestSpark.projectDir().resolve("docs/reports.md");

    @Test
    void docsReportsMdHasTheColumnTablesOfEveryRegisteredTable() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String generated = DocsTables.regenerate(doc);
        if (Boolean.getBoolean("crossenroll.updateDocs") && !generated.equals(doc)) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
            doc = generated;
        }
        assertThat(doc)
                .as("docs/reports.md's column tables differ from the schemas in Tables: regenerate them with "
                        + "mvn -o test -Dtest=DocsTablesTest -Dcrossenroll.updateDocs=true")
                .isEqualTo(generated);
        for (Tables.Table t : Tables.all()) {
            assertThat(doc).contains("### `" + t.name() + "`");
        }
    }
}
