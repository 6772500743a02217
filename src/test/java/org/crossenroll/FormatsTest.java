package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.sample.SampleGenerator;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every input form of the contract in one run: both encodings, all header forms, JSON Lines, Parquet. */
class FormatsTest {
    static final Charset GB18030 = Charset.forName("GB18030");
    static final String[] SIMPLIFIED = SampleGenerator.SIMPLIFIED;
    static final String[] TRADITIONAL = SampleGenerator.TRADITIONAL;

    /** 2019-09-15 10:00 China Standard Time, as an instant (Parquet TIMESTAMP is UTC-adjusted). */
    static final Timestamp CST_10AM = Timestamp.from(
            LocalDateTime.parse("2019-09-15T10:00:00").atZone(BuildInfo.CHINA).toInstant());

    @TempDir
    static Path tmp;

    static Path input;
    static Path output;
    static Runs.Result result;
    static Map<String, Map<String, Object>> clean = new HashMap<>();
    static Map<String, Map<String, Object>> quarantine = new HashMap<>();

    @BeforeAll
    static void runOnce() throws IOException {
        input = tmp.resolve("in");
        Fixtures.csv(
                input.resolve("bom/utf8_bom_simplified.csv"),
                SIMPLIFIED,
                StandardCharsets.UTF_8,
                true,
                List.of(Fixtures.row("CSV-A", "FA", "program_name", "江宁职校甲", "status", "在读")));
        Fixtures.csv(
                input.resolve("gb/gb18030_traditional.csv"),
                TRADITIONAL,
                GB18030,
                false,
                List.of(Fixtures.row(
                        "CSV-B",
                        "FB",
                        "program_name",
                        "國立學校乙",
                        "status",
                        "畢業",
                        "status_date",
                        "2022-06-30",
                        "employment_status",
                        "升學")));
        Fixtures.csv(
                input.resolve("gb/gb18030_simplified.csv"),
                SIMPLIFIED,
                GB18030,
                false,
                List.of(Fixtures.row("CSV-C", "FC", "program_name", "昆山中等专业学校", "registered_poor", "否")));
        String[] odd = Fixtures.CANONICAL.clone();
        odd[0] = " RECORD_ID ";
        odd[1] = "Student_Id";
        odd[21] = "更新时间 ";
        String[] withExtra = java.util.Arrays.copyOf(odd, odd.length + 1);
        withExtra[odd.length] = "remarks";
        Map<String, String> extraRow = new java.util.LinkedHashMap<>(Fixtures.row("CSV-D", "FD"));
        extraRow.put("remarks", "ignored");
        Fixtures.csv(
                input.resolve("english_mixed_case.csv"), withExtra, StandardCharsets.UTF_8, false, List.of(extraRow));

        Files.writeString(
                input.resolve("lines.jsonl"),
                String.join(
                                "\n",
                                "{\"record_id\":\"J1\",\"student_id\":\"FJ1\",\"gender\":\"M\",\"origin_county_code\":532901,"
                                        + "\"host_school_code\":4132000001,\"host_county_code\":320115,\"intake_date\":\"2019-09-01\","
                                        + "\"registered_poor\":true,\"liang_hou_sheng\":1,\"status\":\"ENROLLED\",\"updated_at\":\"2019-09-15 10:00:00\"}",
                                "{\"record_id\":\"J2\",\"学籍号\":\"FJ2\",\"gender\":2,\"origin_county_code\":\"530802\",\"host_school_code\":\"4132000001\","
                                        + "\"host_county_code\":\"320115\",\"intake_date\":\"2019-09-01\",\"registered_poor\":false,"
                                        + "\"status\":\"ENROLLED\",\"updated_at\":\"2019-09-15 10:00:00\",\"备注\":\"x\",\"scheme\":null}",
                                "not json at all",
                                "[1, 2]",
                                "",
                                "{\"record_id\":\"J6\",\"student_id\":{\"nested\":1}}",
                                "{\"record_id\":\"J7\",\"student_id\":\"FJ7\",\"gender\":\"F\",\"origin_county_code\":532901,"
                                        + "\"host_school_code\":4132000001,\"host_county_code\":320115,\"intake_date\":20190901,"
                                        + "\"registered_poor\":\"是\",\"status\":\"ENROLLED\",\"updated_at\":\"2019-09-15T10:00:00\"}")
                        + "\n",
                StandardCharsets.UTF_8);

        SparkSession spark = TestSpark.session();
        StructType schema = new StructType()
                .add("记录编号", DataTypes.StringType)
                .add("student_id", DataTypes.StringType)
                .add("gender", DataTypes.IntegerType)
                .add("birth_date", DataTypes.DateType)
                .add("origin_county_code", DataTypes.IntegerType)
                .add("host_school_code", DataTypes.LongType)
                .add("host_county_code", DataTypes.IntegerType)
                .add("intake_date", DataTypes.DateType)
                .add("registered_poor", DataTypes.BooleanType)
                .add("status", DataTypes.StringType)
                .add("updated_at", DataTypes.TimestampType)
                .add("note", DataTypes.StringType);
        spark.createDataFrame(
                        List.of(
                                RowFactory.create(
                                        "P1",
                                        "FP1",
                                        2,
                                        Date.valueOf("2003-05-06"),
                                        532901,
                                        4132000001L,
                                        320115,
                                        Date.valueOf("2019-09-01"),
                                        true,
                                        "ENROLLED",
                                        CST_10AM,
                                        "n"),
                                RowFactory.create(
                                        "P2",
                                        "FP2",
                                        1,
                                        null,
                                        532901,
                                        4132000001L,
                                        320115,
                                        Date.valueOf("2019-09-01"),
                                        false,
                                        "ON_LEAVE",
                                        CST_10AM,
                                        "n")),
                        schema)
                .coalesce(1)
                .write()
                .parquet(input.resolve("parquet/batch.parquet").toString());

        // Files with no records next to valid ones: read with 0 rows, each a data_quality row of zeros.
        Fixtures.csv(input.resolve("empty/header_only.csv"), List.of());
        Files.writeString(input.resolve("empty/nothing.jsonl"), "");
        spark.createDataFrame(List.of(), schema)
                .coalesce(1)
                .write()
                .parquet(input.resolve("empty/no_rows.parquet").toString());

        output = tmp.resolve("out");
        result = Runs.run(input, output);
        for (Map<String, Object> r : Runs.table(output, "enrollments_clean")) {
            clean.put((String) r.get("record_id"), r);
        }
        for (Map<String, Object> r : Runs.table(output, "quarantine")) {
            quarantine.put(r.get("source_file") + ":" + r.get("line_number"), r);
        }
    }

    @Test
    void allFormsAccepted() {
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(clean.keySet())
                .containsExactlyInAnyOrder("CSV-A", "CSV-B", "CSV-C", "CSV-D", "J1", "J2", "J7", "P1");
    }

    @Test
    void filesWithoutRecordsAreReadWithZeroRows() {
        Map<String, Long> read = new HashMap<>();
        for (Map<String, Object> r : Runs.table(output, "data_quality")) {
            read.put((String) r.get("source_file"), (Long) r.get("rows_read"));
        }
        assertThat(read).containsEntry("empty/header_only.csv", 0L).containsEntry("empty/nothing.jsonl", 0L);
        assertThat(read.entrySet())
                .filteredOn(e -> e.getKey().startsWith("empty/no_rows.parquet/"))
                .extracting(Map.Entry::getValue)
                .containsExactly(0L);
    }

    /** Per-row free text (program_name): host_school_name is one name per school code, whichever row gives it. */
    @Test
    void chineseTextDecodedFromBothEncodings() {
        assertThat(clean.get("CSV-A").get("program_name")).isEqualTo("江宁职校甲");
        assertThat(clean.get("CSV-B").get("program_name")).isEqualTo("國立學校乙");
        assertThat(clean.get("CSV-B").get("employment_status")).isEqualTo("FURTHER_STUDY");
        assertThat(clean.get("CSV-C").get("program_name")).isEqualTo("昆山中等专业学校");
        assertThat(clean.get("CSV-C").get("registered_poor")).isEqualTo(false);
        assertThat(clean.get("CSV-B").get("source_file")).isEqualTo("gb/gb18030_traditional.csv");
    }

    @Test
    void jsonNumbersAndBooleans() {
        assertThat(clean.get("J1").get("origin_county_code")).isEqualTo("532901");
        assertThat(clean.get("J1").get("host_school_code")).isEqualTo("4132000001");
        assertThat(clean.get("J1").get("registered_poor")).isEqualTo(true);
        assertThat(clean.get("J1").get("liang_hou_sheng")).isEqualTo(true);
        assertThat(clean.get("J2").get("gender")).isEqualTo("F");
        assertThat(clean.get("J2").get("registered_poor")).isEqualTo(false);
        assertThat(clean.get("J7").get("intake_date")).isEqualTo(Date.valueOf("2019-09-01"));
    }

    @Test
    void brokenJsonLinesAreMalformedAtTheirLine() {
        assertThat(quarantine.get("lines.jsonl:3").get("reason_code")).isEqualTo("MALFORMED");
        assertThat(quarantine.get("lines.jsonl:4").get("reason_code")).isEqualTo("MALFORMED");
        assertThat(quarantine.get("lines.jsonl:6").get("reason_code")).isEqualTo("MALFORMED");
        assertThat((String) quarantine.get("lines.jsonl:6").get("detail")).contains("student_id");
    }

    @Test
    void parquetColumnsOfNonStringTypesAndRowNumbers() {
        Map<String, Object> p1 = clean.get("P1");
        assertThat(p1.get("gender")).isEqualTo("F");
        assertThat(p1.get("birth_date")).isEqualTo(Date.valueOf("2003-05-06"));
        assertThat(p1.get("origin_prefecture_code")).isEqualTo("532900");
        assertThat(p1.get("updated_at")).isEqualTo(LocalDateTime.parse("2019-09-15T10:00:00"));
        Map<String, Object> p2 = quarantine.get("parquet/batch.parquet/" + partFile() + ":2");
        assertThat(p2).as("row 2 of the Parquet file").isNotNull();
        assertThat(p2.get("reason_code")).isEqualTo("INVALID_VALUE");
        assertThat(p2.get("field")).isEqualTo("status");
    }

    private static String partFile() {
        try (var files = Files.list(input.resolve("parquet/batch.parquet"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownColumnsReportedOncePerFile() throws IOException {
        var m = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(output.resolve("_runs/" + Runs.RUN_DATE + "/manifest.json")
                        .toFile());
        Map<String, String> ignored = new HashMap<>();
        Map<String, String> encodings = new HashMap<>();
        for (var f : m.get("input_files")) {
            ignored.put(f.get("source_file").asText(), f.get("ignored_columns").toString());
            if (f.has("encoding")) {
                encodings.put(f.get("source_file").asText(), f.get("encoding").asText());
            }
        }
        assertThat(ignored.get("english_mixed_case.csv")).isEqualTo("[\"remarks\"]");
        assertThat(ignored.get("lines.jsonl")).isEqualTo("[\"备注\"]");
        assertThat(ignored.get("parquet/batch.parquet/" + partFile())).isEqualTo("[\"note\"]");
        assertThat(encodings.get("gb/gb18030_traditional.csv")).isEqualTo("GB18030");
        assertThat(encodings.get("bom/utf8_bom_simplified.csv")).isEqualTo("UTF-8");
        assertThat(result.err()).contains("english_mixed_case.csv: ignored columns [remarks]");
    }

    @Test
    void explicitEncodingOption(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("in");
        Fixtures.csv(in.resolve("gb.csv"), TRADITIONAL, GB18030, false, List.of(Fixtures.row("E1", "FE1")));
        // Forced right, at the ingest that owns the option (a whole run costs seconds): the file is read as GB18030.
        org.crossenroll.ingest.Ingest gb =
                new org.crossenroll.ingest.Ingest(TestSpark.session(), org.crossenroll.ingest.Encoding.GB18030);
        org.crossenroll.ingest.Ingest.Discovery found = gb.discover(in.toString());
        assertThat(found.files()).singleElement().extracting(f -> f.charset()).isEqualTo("GB18030");
        assertThat(gb.read(found.files())
                        .rows()
                        .select("record_id", "host_school_name")
                        .collectAsList())
                .extracting(Object::toString)
                .containsExactly("[E1,江宁职业教育中心]");
        // Forced wrong, through the command line: the option reaches the ingest, and the file is named.
        Runs.Result wrong = Runs.run(in, dir.resolve("out-utf8"), "--encoding", "utf-8");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("gb.csv").contains("no recognisable header");
        assertThat(dir.resolve("out-utf8")).doesNotExist();
    }
}
