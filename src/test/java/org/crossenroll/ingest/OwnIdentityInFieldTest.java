package org.crossenroll.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.TestSpark;
import org.crossenroll.validate.Outcomes;
import org.crossenroll.validate.Supersession;
import org.crossenroll.validate.Validation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, point 4, at the readers that own it: a field holding the row's own student name or student id is
 * PERSONAL_DATA_IN_FIELD, in CSV, JSON Lines and Parquet alike (the name exists only there). Each row of one list is
 * written in all three formats, read by {@link Ingest}, validated, and its quarantine row compared with the outcome
 * worked out by hand beside it.
 */
class OwnIdentityInFieldTest {
    @TempDir
    static Path tmp;
    /** "file:line" -> "REASON/field/record_id" of the quarantine, or "accepted". */
    static final Map<String, String> outcome = new HashMap<>();
    /**
     * The outcome expected for each row, in writing order (record_id "null" where none may be kept; {p} the file's
     * prefix).
     */
    static final List<String> expected = new ArrayList<>();

    static final List<String> formats = List.of("c.csv", "j.jsonl", "p.parquet");

    /**
     * The rows of one file; student ids and record_ids start with the file's prefix so that no two files send the
     * same enrollment (which would supersede).
     */
    static List<Map<String, String>> rows(String p) {
        List<Map<String, String>> rows = new ArrayList<>();
        expected.clear();
        java.util.function.BiConsumer<Map<String, String>, String> add = (row, expectation) -> {
            rows.add(row);
            expected.add(expectation);
        };
        int n = 0;
        // the own name (Fixtures names every student 测试<student_id>) and the own id, in every field but the two
        for (String field : Fixtures.CANONICAL) {
            if (field.equals("student_id") || field.equals("student_name")) {
                continue;
            }
            String sid = p + "N" + n++;
            add.accept(Fixtures.row("R" + sid, sid, field, "测试" + sid), "PERSONAL_DATA_IN_FIELD/" + field + "/null");
            String sid2 = p + "I" + n++;
            add.accept(Fixtures.row("R" + sid2, sid2, field, sid2), "PERSONAL_DATA_IN_FIELD/" + field + "/null");
        }
        // the id in other case and spacing; the id itself spaced and in lower case
        add.accept(
                Fixtures.row(p + "R-CASE", p + "ab12cd", "program_name", "\u3000" + p + "AB12CD "),
                "PERSONAL_DATA_IN_FIELD/program_name/null");
        add.accept(Fixtures.row(p + "AB34", " " + p + "ab34 "), "PERSONAL_DATA_IN_FIELD/record_id/null");
        // a name in two fields and the id in a third: the first field in contract order is named
        add.accept(
                Fixtures.row(
                        p + "R-TWO",
                        p + "T1",
                        "host_school_name",
                        "测试" + p + "T1",
                        "ethnicity",
                        "测试" + p + "T1",
                        "scheme",
                        p + "T1"),
                "PERSONAL_DATA_IN_FIELD/ethnicity/null");
        // before every rule about values: the gender is also wrong
        add.accept(
                Fixtures.row(p + "R-BAD", p + "T2", "gender", "X", "origin_school", "测试" + p + "T2"),
                "PERSONAL_DATA_IN_FIELD/origin_school/null");
        // a blank name (full-width space) compares to nothing: blank optional fields stay accepted
        add.accept(
                Fixtures.row(
                        p + "R-BLANK", p + "T3", "student_name", "\u3000", "origin_school", "", "program_name", " "),
                "accepted");
        // a name inside a longer value, or another student's name, is not this rule's
        add.accept(Fixtures.row(p + "R-IN", p + "T4", "host_school_name", "测试" + p + "T4职业学校"), "accepted");
        add.accept(Fixtures.row(p + "R-OTHER", p + "T5", "host_school_name", "测试" + p + "T4"), "accepted");
        // a MALFORMED row does not keep a record_id that is its own id
        add.accept(Fixtures.row(p + "T6", p + "T6", "origin_school", "一中\u0007"), "MALFORMED/null/null");
        add.accept(Fixtures.row(p + "R-T7", p + "T7", "origin_school", "一中\u0007"), "MALFORMED/null/{p}R-T7");
        return rows;
    }

    @BeforeAll
    static void readAndValidate() throws IOException {
        Path in = tmp.resolve("in");
        Fixtures.csv(in.resolve(formats.get(0)), new ArrayList<Object>(rows("C")));
        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (Map<String, String> r : rows("J")) {
            lines.append(json.writeValueAsString(r)).append('\n');
        }
        Files.writeString(in.resolve(formats.get(1)), lines, StandardCharsets.UTF_8);
        StructType schema = new StructType();
        for (String c : Fixtures.CANONICAL) {
            schema = schema.add(c, DataTypes.StringType);
        }
        List<Row> parquet = new ArrayList<>();
        for (Map<String, String> r : rows("P")) {
            parquet.add(RowFactory.create(new LinkedHashMap<>(r).values().toArray()));
        }
        SparkSession spark = TestSpark.session();
        spark.createDataFrame(parquet, schema)
                .coalesce(1)
                .write()
                .parquet(in.resolve(formats.get(2)).toString());

        Ingest ingest = new Ingest(spark, Encoding.AUTO);
        Dataset<Row> raw = ingest.read(ingest.discover(in.toString()).files()).rows();
        PseudonymKey key = PseudonymKey.of("k".repeat(PseudonymKey.MIN_BYTES).getBytes(StandardCharsets.UTF_8), "t");
        Dataset<Row> counties = new RegionResolution(
                        Regions.load(Regions.BUNDLED, new Configuration()), Validation.EARLIEST_INTAKE.getYear())
                .dataset(spark);
        Dataset<Row> classified = Supersession.classify(Validation.validate(
                        Pseudonymizer.apply(raw, key), counties, LocalDate.parse("2024-06-30"), List.of("东西协作")))
                .cache();
        for (Row q : Outcomes.quarantine(classified).collectAsList()) {
            outcome.put(
                    top(q.getAs("source_file")) + ":" + q.getAs("line_number"),
                    q.getAs("reason_code") + "/" + q.getAs("field") + "/" + q.getAs("record_id"));
        }
        for (Row c : Outcomes.clean(classified).collectAsList()) {
            outcome.put(top(c.getAs("source_file")) + ":" + c.getAs("line_number"), "accepted");
        }
        classified.unpersist();
    }

    /** The file as written: Spark writes the Parquet "file" as a directory of one part. */
    private static String top(String sourceFile) {
        return sourceFile.split("/")[0];
    }

    /** The physical line (CSV, after its header), line (JSON Lines) or 1-based row (Parquet) of row i. */
    private static String where(String file, int i) {
        return file + ":" + (file.endsWith(".csv") ? i + 2 : i + 1);
    }

    @Test
    void everyFieldHoldingTheOwnNameOrIdIsNamedInEveryFormat() {
        for (String file : formats) {
            for (int i = 0; i < expected.size(); i++) {
                String prefix = file.substring(0, 1).toUpperCase(java.util.Locale.ROOT);
                assertThat(outcome.get(where(file, i)))
                        .as("%s row %d", file, i)
                        .isEqualTo(expected.get(i).replace("{p}", prefix));
            }
        }
        assertThat(expected).as("20 fields x name and id, and 9 more").hasSize(49);
    }

    @Test
    void theDetailNamesTheFieldNeverTheValue() {
        assertThat(outcome.values().stream()
                        .filter(o -> o.startsWith("PERSONAL_DATA_IN_FIELD"))
                        .count())
                .isEqualTo(3L * (40 + 4));
        for (String o : outcome.values()) {
            assertThat(o)
                    .doesNotContain("测试")
                    .doesNotContain("AB12CD")
                    .doesNotContain("ab34")
                    .doesNotContain("T6/");
        }
    }
}
