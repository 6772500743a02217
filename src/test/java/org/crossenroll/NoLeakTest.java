package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.TestSpark;
import org.crossenroll.validate.ReasonCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, case 6: ID numbers and names planted in every column where they do not belong, in CSV, JSON Lines and
 * Parquet, one run of the job; then every byte it wrote is searched for them (Parquet decoded by DuckDB, and raw).
 *
 * <p>Issue 23, point 4, in the same run: the row's own student name, and its own (not ID-shaped) student id, planted
 * in every field but student_id and student_name, one field a row, among many valid rows of the same school, one of
 * which (the newest) gives the school another name. The planted rows are quarantined naming the field, nothing
 * keeps the values, and the school keeps the name most of its rows give in every table that names it.
 *
 * <p>Not planted: another student's name, or a name inside a longer value, in a free-text column. Nothing can tell
 * such a name from a school or a programme (README, "Privacy").
 */
class NoLeakTest {
    static final String ID18 = "53292319990101123X";
    static final String ID15 = "532923990101123";
    static final String STUDENT_NUMBER = "G53292319990101123X";
    static final String NAME = "张小明";
    /** What every planted ID shares: 1999-01-01 or 99-01-01 and the sequence digits. */
    static final String ID_CORE = "990101123";
    /** Ids in student_id, where they belong: pseudonymized, so never written either. */
    static final String REAL_ID = "532923200102034561";
    /** Columns whose values have a closed form: a name there is quarantined (or becomes 其他) and never echoed. */
    static final List<String> CLOSED = List.of(
            "gender",
            "birth_date",
            "origin_county_code",
            "host_school_code",
            "host_county_code",
            "program_code",
            "scheme",
            "intake_date",
            "registered_poor",
            "liang_hou_sheng",
            "status",
            "status_date",
            "employment_status",
            "employment_county_code",
            "updated_at");

    /** The own name planted, and the prefix of the own ids planted (OWNID-<file><n>-Q, no ID shape). */
    static final String OWN_NAME = "欧阳小芳";

    static final String OWN_ID = "OWNID-";
    static final String SCHOOL = "4132000001";
    static final String USUAL_NAME = "江宁职业教育中心";
    /** The name one newer row gives the school: the greatest name, as the school was once named by its rows. */
    static final String OTHER_NAME = "江宁职教";

    static final List<String> ownIds = new ArrayList<>();
    static int ownRows;
    static int usualRows;

    @TempDir
    static Path tmp;

    static Path output;
    static Runs.Result result;
    static int plantedIdRows;

    /** The hostile rows of one file, each with its own record_id prefix and student ids. */
    static List<Map<String, String>> rows(String prefix) {
        List<Map<String, String>> rows = new ArrayList<>();
        int n = 0;
        for (String column : Fixtures.CANONICAL) {
            if (!column.equals("student_id") && !column.equals("student_name")) {
                rows.add(Fixtures.row(prefix + n, prefix + "S" + n++, column, ID18));
            }
        }
        rows.add(Fixtures.row(prefix + n, prefix + "S" + n++, "origin_school", "大理一中 " + ID15));
        rows.add(Fixtures.row(prefix + n, prefix + "S" + n++, "program_name", STUDENT_NUMBER));
        plantedIdRows = rows.size();
        for (String column : CLOSED) {
            rows.add(Fixtures.row(prefix + n, prefix + "S" + n++, column, NAME));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(Fixtures.row(prefix + n, REAL_ID.substring(0, 17) + i, "student_name", NAME));
            n++;
        }
        // the own name, then the own id, in each field but the two (Fixtures' school 4132000001 on every row)
        int before = rows.size();
        for (String column : Fixtures.CANONICAL) {
            if (!column.equals("student_id") && !column.equals("student_name")) {
                String id = OWN_ID + prefix + n++ + "-Q";
                ownIds.add(id);
                rows.add(Fixtures.row(prefix + n, id, "student_name", OWN_NAME, column, OWN_NAME));
                id = OWN_ID + prefix + n++ + "-Q";
                ownIds.add(id);
                rows.add(Fixtures.row(prefix + n, id, "student_name", OWN_NAME, column, id));
            }
        }
        ownRows = rows.size() - before;
        // ten valid students of the school under its usual name, and one (the newest row) under another
        for (int i = 0; i < 10; i++) {
            rows.add(Fixtures.row(prefix + "U" + i, prefix + "SU" + i));
        }
        usualRows = 10;
        rows.add(Fixtures.row(
                prefix + "V", prefix + "SV", "host_school_name", OTHER_NAME, "updated_at", "2024-06-01 10:00:00"));
        return rows;
    }

    @BeforeAll
    static void runOnce() throws IOException {
        Path input = tmp.resolve("in");
        Fixtures.csv(input.resolve("a.csv"), new ArrayList<Object>(rows("C")));

        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (Map<String, String> r : rows("J")) {
            lines.append(json.writeValueAsString(r)).append('\n');
        }
        Files.writeString(input.resolve("b.jsonl"), lines, StandardCharsets.UTF_8);

        StructType schema = new StructType();
        for (String c : Fixtures.CANONICAL) {
            schema = schema.add(c, DataTypes.StringType);
        }
        List<Row> parquet = new ArrayList<>();
        for (Map<String, String> r : rows("P")) {
            parquet.add(RowFactory.create(r.values().toArray()));
        }
        TestSpark.session()
                .createDataFrame(parquet, schema)
                .coalesce(1)
                .write()
                .parquet(input.resolve("c.parquet").toString());

        output = tmp.resolve("out");
        result = Runs.run(input, output);
    }

    @Test
    void everyPlantedIdIsQuarantinedAsALeak() {
        assertThat(result.exitCode()).as(result.err()).isZero();
        long leaks = Runs.table(output, "quarantine").stream()
                .filter(q -> ReasonCode.PERSONAL_DATA_IN_FIELD.name().equals(q.get("reason_code")))
                .filter(q -> q.get("detail").toString().contains("shaped like"))
                .count();
        assertThat(leaks).isEqualTo(3L * plantedIdRows);
        // Accepted: the name typed as a scheme (row 28, published as 其他), and the three valid students, sent in all
        // three files with the same updated_at, so the greatest record_id wins ("P37" > "J37" > "C37").
        List<Map<String, Object>> clean = Runs.table(output, "enrollments_clean");
        assertThat(clean)
                .extracting(r -> r.get("record_id"))
                .filteredOn(id -> !id.toString().matches("[CJP](U\\d|V)"))
                .containsExactlyInAnyOrder("C28", "J28", "P28", "P37", "P38", "P39");
        assertThat(clean)
                .filteredOn(r -> r.get("record_id").toString().endsWith("28"))
                .extracting(r -> r.get("scheme"))
                .containsOnly("其他");
        assertThat(Runs.table(output, "data_quality"))
                .extracting(r -> r.get("scheme_other"))
                .containsOnly(1L);
    }

    @Test
    void theOwnNameOrIdInAFieldIsQuarantinedNamingTheField() {
        Map<String, Long> byField = new java.util.TreeMap<>();
        for (Map<String, Object> q : Runs.table(output, "quarantine")) {
            if (q.get("detail").toString().contains("own student_name or student_id")) {
                assertThat(q.get("reason_code")).isEqualTo(ReasonCode.PERSONAL_DATA_IN_FIELD.name());
                assertThat(q.get("record_id"))
                        .as("no record_id kept: it may be the value")
                        .isNull();
                byField.merge((String) q.get("field"), 1L, Long::sum);
            }
        }
        // each of the 20 fields: the name once and the id once, in each of the three files
        Map<String, Long> expected = new java.util.TreeMap<>();
        for (String column : Fixtures.CANONICAL) {
            if (!column.equals("student_id") && !column.equals("student_name")) {
                expected.put(column, 6L);
            }
        }
        assertThat(byField).isEqualTo(expected);
        assertThat(ownRows).isEqualTo(40);
        Map<String, Object> dq = Runs.table(output, "data_quality").stream()
                .filter(r -> r.get("source_file").equals("a.csv"))
                .findFirst()
                .orElseThrow();
        assertThat(dq.get("personal_data_in_field"))
                .as("ID-shaped, then own name and id")
                .isEqualTo((long) plantedIdRows + ownRows);
    }

    @Test
    void theSchoolKeepsTheNameMostOfItsRowsGive() {
        // 6 accepted rows of the fixtures above, 10 per file under the usual name; 1 per file under another, newer
        List<Map<String, Object>> clean = Runs.table(output, "enrollments_clean");
        assertThat(clean).hasSize(6 + 3 * (usualRows + 1));
        assertThat(clean).extracting(r -> r.get("host_school_name")).containsOnly(USUAL_NAME);
        // the published layer has no school level (docs/published-layer.md, "Its tables"): the internal one shows it
        for (String table : List.of("host_summary")) {
            List<Map<String, Object>> school = Runs.table(output, table).stream()
                    .filter(r -> "school".equals(r.get("level")))
                    .toList();
            assertThat(school).as(table).isNotEmpty();
            assertThat(school).as(table).extracting(r -> r.get("region_code")).containsOnly(SCHOOL);
            assertThat(school).as(table).extracting(r -> r.get("region_name")).containsOnly(USUAL_NAME);
            assertThat(school)
                    .as(table)
                    .extracting(r -> r.get("region_display"))
                    .containsOnly(USUAL_NAME);
        }
        for (String table : List.of("metrics", "completeness")) {
            List<Map<String, Object>> school = Runs.table(output, table).stream()
                    .filter(r -> "host_school".equals(r.get("entity_kind")))
                    .toList();
            assertThat(school).as(table).isNotEmpty();
            assertThat(school).as(table).extracting(r -> r.get("entity_name")).containsOnly(USUAL_NAME);
        }
    }

    @Test
    void noPlantedValueInAnyByteWritten() throws Exception {
        List<String> planted = new ArrayList<>(
                List.of(ID18, ID15, STUDENT_NUMBER, ID_CORE, NAME, REAL_ID.substring(0, 17), OWN_NAME, OWN_ID));
        planted.addAll(ownIds);
        assertThat(ownIds).hasSize(3 * 40);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(output)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("manifest.json");
        int parquetFiles = 0;
        for (Path file : files) {
            String raw = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            for (String p : planted) {
                assertThat(raw).as("raw bytes of %s", output.relativize(file)).doesNotContain(p);
            }
            if (file.toString().endsWith(".parquet")) {
                parquetFiles++;
                String values = parquetText(file);
                for (String p : planted) {
                    assertThat(values)
                            .as("values of %s", output.relativize(file))
                            .doesNotContain(p);
                }
            }
        }
        assertThat(parquetFiles)
                .as("quarantine, clean, data quality, metrics, completeness, anomalies, 5 reports, " + "5 published")
                .isGreaterThanOrEqualTo(16);
        for (String p : planted) {
            assertThat(result.out() + result.err()).as("stdout and stderr").doesNotContain(p);
        }
    }

    /** Every value and footer metadata entry of a Parquet file as text, read by DuckDB (independent of Spark). */
    private static String parquetText(Path file) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "select * from read_parquet('" + file + "')",
                    "select key::varchar, value::varchar from parquet_kv_metadata('" + file + "')")) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            b.append(rs.getString(i)).append('\t');
                        }
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString();
    }
}
