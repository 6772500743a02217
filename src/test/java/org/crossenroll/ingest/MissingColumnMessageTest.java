package org.crossenroll.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossenroll.base.UserError;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A header without a required column is refused, naming the column as the file's own language would. */
class MissingColumnMessageTest {
    @TempDir
    Path tmp;

    private void assertRefused(List<String> header, Charset charset, String missing) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.write(dir.resolve("export.csv"), List.of(String.join(",", header), "x"), charset);
        assertThatThrownBy(() -> new Ingest(TestSpark.session(), Encoding.AUTO).discover(dir.toString()))
                .isInstanceOf(UserError.class)
                .hasMessage(
                        "Input file export.csv has no recognisable header: required columns missing: " + missing + ".");
    }

    @Test
    void simplifiedChineseHeaderGetsTheSimplifiedName() throws IOException {
        assertRefused(
                List.of("记录编号", "学籍号", "性别", "生源地代码", "学校标识码", "学校所在地代码", "入学日期", "建档立卡", "学籍状态"),
                StandardCharsets.UTF_8,
                "updated_at (更新时间)");
    }

    @Test
    void traditionalChineseHeaderGetsTheTraditionalName() throws IOException {
        assertRefused(
                List.of("記錄編號", "學籍號", "性別", "生源地代碼", "學校標識碼", "入學日期", "建檔立卡", "學籍狀態"),
                Charset.forName("GB18030"),
                "host_county_code (學校所在地代碼), updated_at (更新時間)");
    }

    @Test
    void englishHeaderGetsTheEnglishName() throws IOException {
        assertRefused(
                List.of(
                        "record_id",
                        "student_id",
                        "gender",
                        "origin_county_code",
                        "host_school_code",
                        "host_county_code",
                        "intake_date",
                        "registered_poor",
                        "status"),
                StandardCharsets.UTF_8,
                "updated_at");
    }
}
