package org.crossenroll.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.base.UserError;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, cases 7 and 9: control characters in values (CSV, JSON Lines, Parquet), links and odd file names. */
class IngestHostileTest {
    @TempDir
    Path tmp;

    private Ingest ingest() {
        return new Ingest(TestSpark.session(), Encoding.AUTO);
    }

    /**
     * Every row the readers make of the directory, by line: malformed reason and the record_id it keeps (issue 13:
     * a readable one), or the record_id and values.
     */
    private Map<Long, String> read(Path dir) {
        List<InputFile> files = ingest().discover(dir.toString()).files();
        Map<Long, String> rows = new HashMap<>();
        for (Row r : ingest().read(files).rows().collectAsList()) {
            String malformed = r.getAs(RawRecords.MALFORMED);
            rows.put(
                    r.getAs(RawRecords.LINE_NUMBER),
                    malformed != null
                            ? "MALFORMED " + malformed
                                    + (r.getAs("student_id") == null && r.getAs("origin_school") == null
                                            ? ""
                                            : " (values kept!)")
                                    + (r.getAs("record_id") == null ? "" : " [" + r.getAs("record_id") + "]")
                            : r.getAs("record_id") + "|" + r.getAs("student_id") + "|" + r.getAs("origin_school"));
        }
        return rows;
    }

    @Test
    void csvControlCharactersMakeTheRowMalformedTabsAndQuotedLineBreaksDoNot() throws IOException {
        Path dir = tmp.resolve("in");
        Fixtures.csv(
                dir.resolve("c.csv"),
                List.of(
                        Fixtures.row("NUL", "S1\u0000"), // line 2
                        Fixtures.row("TAB", "S2", "origin_school", "一中\t高中部"), // 3
                        Fixtures.row("ML", "S3", "origin_school", "第一\n中学"), // 4-5
                        Fixtures.row("ESC", "S4", "host_school_name", "x\u001B[2J"), // 6
                        Fixtures.row("DEL", "S5", "program_name", "a\u007Fb"), // 7
                        Fixtures.row("C1", "S6", "scheme", "\u0085"), // 8
                        Fixtures.row("NAME", "S7", "student_name", "张\u0000"))); // 9: even a column never kept
        Map<Long, String> rows = read(dir);
        assertThat(rows)
                .containsEntry(2L, "MALFORMED field 2 (student_id) holds a control character (U+0000) [NUL]")
                .containsEntry(3L, "TAB|S2|一中\t高中部")
                .containsEntry(4L, "ML|S3|第一\n中学")
                .containsEntry(6L, "MALFORMED field 10 (host_school_name) holds a control character (U+001B) [ESC]")
                .containsEntry(7L, "MALFORMED field 13 (program_name) holds a control character (U+007F) [DEL]")
                .containsEntry(8L, "MALFORMED field 14 (scheme) holds a control character (U+0085) [C1]")
                .containsEntry(9L, "MALFORMED field 3 (student_name) holds a control character (U+0000) [NAME]")
                .hasSize(7);
    }

    @Test
    void jsonControlCharactersMakeTheRowMalformed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        String rest = Fixtures.JSON_REST;
        Files.writeString(
                dir.resolve("j.jsonl"),
                String.join(
                                "\n",
                                "{\"record_id\":\"J1\",\"student_id\":\"S1\\u0000\"" + rest,
                                "{\"record_id\":\"J2\",\"student_id\":\"S2\",\"origin_school\":\"一中\\t二部\\n三班\"" + rest,
                                "{\"record_id\":\"J3\\u0007\",\"student_id\":\"S3\"" + rest)
                        + "\n",
                StandardCharsets.UTF_8);
        assertThat(read(dir))
                .containsEntry(1L, "MALFORMED student_id holds a control character (U+0000) [J1]")
                .containsEntry(2L, "J2|S2|一中\t二部\n三班")
                .containsEntry(3L, "MALFORMED record_id holds a control character (U+0007)");
    }

    @Test
    void parquetControlCharactersMakeTheRowMalformed() {
        Path dir = tmp.resolve("in");
        StructType schema = new StructType()
                .add("record_id", DataTypes.StringType)
                .add("student_id", DataTypes.StringType)
                .add("gender", DataTypes.StringType)
                .add("origin_county_code", DataTypes.StringType)
                .add("host_school_code", DataTypes.StringType)
                .add("host_county_code", DataTypes.StringType)
                .add("intake_date", DataTypes.StringType)
                .add("registered_poor", DataTypes.StringType)
                .add("status", DataTypes.StringType)
                .add("updated_at", DataTypes.StringType)
                .add("origin_school", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (String[] r :
                List.of(new String[] {"P1", "S1\u0000", "一中"}, new String[] {"P2", "S2", "一中\t二部"}, new String[] {
                    "P3", "S3", "\u0001"
                })) {
            rows.add(RowFactory.create(
                    r[0],
                    r[1],
                    "M",
                    "532901",
                    "4132000001",
                    "320115",
                    "2019-09-01",
                    "true",
                    "ENROLLED",
                    "2019-09-15 10:00:00",
                    r[2]));
        }
        TestSpark.session()
                .createDataFrame(rows, schema)
                .coalesce(1)
                .write()
                .parquet(dir.resolve("p.parquet").toString());
        assertThat(read(dir))
                .containsEntry(
                        1L, "MALFORMED student_id holds a control character (other than tab and " + "line breaks) [P1]")
                .containsEntry(2L, "P2|S2|一中\t二部")
                .containsEntry(
                        3L, "MALFORMED origin_school holds a control character (other than tab and line breaks) [P3]");
    }

    @Test
    void aLinkLoopIsRefusedNamingTheLink() throws IOException {
        Path dir = tmp.resolve("in");
        Fixtures.csv(dir.resolve("a.csv"), List.of(Fixtures.row("R1", "S1")));
        Files.createSymbolicLink(dir.resolve("loop"), Path.of("."));
        assertThatThrownBy(() -> ingest().discover(dir.toString()))
                .isInstanceOf(UserError.class)
                .hasMessage("Input directory " + dir
                        + " holds a link loop: loop leads back to a directory that contains " + "it; remove the link.");
    }

    @Test
    void eachRealFileIsReadOnceUnderItsFirstPath() throws IOException {
        Path dir = tmp.resolve("in");
        Fixtures.csv(dir.resolve("b/real.csv"), List.of(Fixtures.row("R1", "S1")));
        Files.createSymbolicLink(dir.resolve("a_link.csv"), dir.resolve("b/real.csv"));
        Files.createSymbolicLink(dir.resolve("c"), dir.resolve("b")); // a second path to the directory
        Path outside = tmp.resolve("elsewhere");
        Fixtures.csv(outside.resolve("other.csv"), List.of(Fixtures.row("R2", "S2")));
        Files.createSymbolicLink(dir.resolve("d"), outside); // a link out: followed
        Ingest.Discovery d = ingest().discover(dir.toString());
        assertThat(d.files()).extracting(InputFile::sourceFile).containsExactly("a_link.csv", "d/other.csv");
        assertThat(d.sameFiles())
                .containsExactlyInAnyOrderEntriesOf(Map.of("b/real.csv", "a_link.csv", "c/real.csv", "a_link.csv"));
    }

    @Test
    void aColonInAFileNameIsRefusedNamingTheFile() throws IOException {
        Path dir = tmp.resolve("in");
        Fixtures.csv(dir.resolve("sub/2024-06-30 10:00.csv"), List.of(Fixtures.row("R1", "S1")));
        assertThatThrownBy(() -> ingest().discover(dir.toString()))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("Input file sub/2024-06-30 10:00.csv has a ':' in its path");
    }

    @Test
    void ignoredColumnNamesThatHoldAnIdAreNotRepeated() {
        assertThat(Ingest.ignoredName("remarks")).isEqualTo("remarks");
        assertThat(Ingest.ignoredName("53292319990101123X")).doesNotContain("5329");
    }
}
