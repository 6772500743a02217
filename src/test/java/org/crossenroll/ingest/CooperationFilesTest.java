package org.crossenroll.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.crossenroll.base.UserError;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files are cooperation files, and how they are read: small files, no Spark job (the session only lends its
 * Hadoop configuration). A file in the wrong place stops the run with one sentence naming it and what it lacks.
 */
class CooperationFilesTest {
    @TempDir
    Path tmp;

    private InputFile file(String relative, String text, Charset charset) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, text.getBytes(charset));
        return new InputFile(
                new org.apache.hadoop.fs.Path(p.toString()).toString(), // as discovery names it, unescaped
                relative,
                InputFormat.of(relative).orElseThrow(),
                Files.size(p),
                null,
                0,
                List.of(),
                List.of());
    }

    private static CooperationFiles.Read read(InputFile f) {
        return CooperationFiles.read(TestSpark.session(), Encoding.AUTO, f);
    }

    @Test
    void aFolderNamedCooperationAnywhereOnThePathDecides() {
        assertThat(CooperationFiles.isCooperation("cooperation/ningbo.csv")).isTrue();
        assertThat(CooperationFiles.isCooperation("2024/Cooperation/x.jsonl")).isTrue();
        assertThat(CooperationFiles.isCooperation("cooperation.csv")).isFalse();
        assertThat(CooperationFiles.isCooperation("east/cooperation_2020.csv")).isFalse();
    }

    @Test
    void discoveryKeepsTheLedgersApart() throws IOException {
        file(
                "enrollments.csv",
                String.join(",", org.crossenroll.testing.Fixtures.CANONICAL) + "\n",
                StandardCharsets.UTF_8);
        file("cooperation/a.csv", "record_id\n", StandardCharsets.UTF_8);
        Ingest.Discovery d = new Ingest(TestSpark.session(), Encoding.AUTO).discover(tmp.toString());
        assertThat(d.files()).extracting(InputFile::sourceFile).containsExactly("enrollments.csv");
        assertThat(d.cooperation()).extracting(InputFile::sourceFile).containsExactly("cooperation/a.csv");
    }

    @Test
    void aGb18030FileWithTraditionalHeadersBlankLinesAndAMalformedRow() throws IOException {
        InputFile f = file(
                "cooperation/寧波.csv",
                "記錄編號,幫扶方地區代碼,受援方地區代碼,年度,指標,數值,更新時間,備註\r\n"
                        + "N1,330200,522300,2019,帮扶资金,2598000,2020-01-01 08:00:00,x\r\n"
                        + "\r\n"
                        + "N2,330200,522300,2019,派出挂职干部,9\r\n",
                Charset.forName("GB18030"));
        CooperationFiles.Read r = read(f);
        assertThat(r.ignoredColumns()).containsExactly("備註");
        assertThat(r.rows()).hasSize(2);
        assertThat(Arrays.asList(r.rows().get(0).values()))
                .containsExactly(
                        "N1", "330200", "522300", null, null, "2019", "帮扶资金", "2598000", "2020-01-01 08:00:00");
        CooperationFiles.RawRow bad = r.rows().get(1);
        assertThat(bad.line()).isEqualTo(4);
        assertThat(bad.malformed()).isEqualTo("the row has 6 fields, the header has 8");
        assertThat(bad.value(CooperationField.RECORD_ID)).isEqualTo("N2");
    }

    @Test
    void jsonLinesNumbersKeepTheirDigitsAndABrokenObjectKeepsItsRecordId() throws IOException {
        InputFile f = file(
                "cooperation/a.jsonl",
                "{\"value\":2598000.50,\"year\":2019,\"record_id\":\"J1\"}\n"
                        + "{\"indicator\":[1],\"record_id\":\"J2\"}\n",
                StandardCharsets.UTF_8);
        CooperationFiles.Read r = read(f);
        // the number's exact value (Jackson drops a trailing zero), never a double's rounding
        assertThat(r.rows().get(0).value(CooperationField.VALUE)).isEqualTo("2598000.5");
        assertThat(r.rows().get(0).value(CooperationField.YEAR)).isEqualTo("2019");
        assertThat(r.rows().get(1).malformed())
                .isEqualTo("indicator holds an object or array, not a string, number or boolean");
        assertThat(r.rows().get(1).value(CooperationField.RECORD_ID)).isEqualTo("J2");
    }

    @Test
    void aHeaderWithoutARequiredColumnStopsTheRunInItsOwnLanguage() throws IOException {
        InputFile f = file("cooperation/b.csv", "记录编号,帮扶方地区代码,受援方地区代码,年度,数值,更新时间\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(f))
                .isInstanceOf(UserError.class)
                .hasMessage("Input file cooperation/b.csv has no recognisable cooperation header: required columns "
                        + "missing: indicator (指标).");
    }

    @Test
    void anEnrollmentFileInTheCooperationFolderIsToldSo() throws IOException {
        InputFile f = file(
                "cooperation/c.csv",
                String.join(",", org.crossenroll.testing.Fixtures.CANONICAL) + "\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(f))
                .isInstanceOf(UserError.class)
                .hasMessageEndingWith(
                        "(it names student_id: enrollment records belong outside a cooperation/ folder).");
    }

    @Test
    void aCooperationFileOutsideTheFolderIsToldSo() throws IOException {
        file(
                "ningbo.csv",
                "record_id,host_region_code,origin_region_code,year,indicator,value,updated_at\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new Ingest(TestSpark.session(), Encoding.AUTO).discover(tmp.toString()))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("Input file ningbo.csv has no recognisable header: required columns missing: ")
                .hasMessageEndingWith("(it names indicator: cooperation records belong in a cooperation/ folder).");
    }
}
