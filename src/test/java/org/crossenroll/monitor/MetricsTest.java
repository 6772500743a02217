package org.crossenroll.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.testing.TestSpark;
import org.crossenroll.validate.ReasonCode;
import org.crossenroll.validate.SchoolNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics of seven hand-made classified rows (only the columns the metrics read) and one file without rows.
 * Expected values worked out by hand from the rules in {@link Metrics.EntityKind} and {@link Metrics.Metric}: which
 * rows count for which entity, whose name and updated_at count, and rows that share every value the metrics read.
 */
class MetricsTest {
    static final StructType CLASSIFIED = new StructType()
            .add("source_file", DataTypes.StringType)
            .add("host_school_code", DataTypes.StringType)
            .add("host_school_name", DataTypes.StringType)
            .add("host_province_code", DataTypes.StringType)
            .add("host_province_name", DataTypes.StringType)
            .add("origin_province_code", DataTypes.StringType)
            .add("origin_province_name", DataTypes.StringType)
            .add("outcome", DataTypes.StringType)
            .add("reason_code", DataTypes.StringType)
            .add("intake_year", DataTypes.IntegerType)
            .add("updated_at", DataTypes.TimestampNTZType);
    static final String SH = "310000";
    static final String ZJ = "330000";
    static final String YN = "530000";
    static final String GZ = "520000";
    static final String S1 = "3100000001";
    static final String S2 = "3300000002";

    static List<Row> metrics;

    static Row row(
            String file,
            String school,
            String schoolName,
            String host,
            String hostName,
            String origin,
            String originName,
            String outcome,
            String reason,
            Integer year,
            String updatedAt) {
        return RowFactory.create(
                file,
                school,
                schoolName,
                host,
                hostName,
                origin,
                originName,
                outcome,
                reason,
                year,
                updatedAt == null ? null : LocalDateTime.parse(updatedAt));
    }

    @BeforeAll
    static void compute() {
        List<Row> rows = List.of(
                // 1, 2: two accepted enrollments of S1, different years; one row each gives 甲校 and 乙校: 乙校's is the
                // later (SchoolNames' tie rule), though 甲校 is the greater name
                row("a.csv", S1, "甲校", SH, "上海市", YN, "云南省", "accepted", null, 2023, "2024-06-01T10:00:00"),
                row("a.csv", S1, "乙校", SH, "上海市", YN, "云南省", "accepted", null, 2024, "2024-06-02T10:00:00"),
                // 3: superseded: counted, but its name and its year are not; its updated_at is (valid)
                row("a.csv", S1, "癸校", SH, "上海市", GZ, "贵州省", "superseded", null, 2024, "2024-06-01T09:00:00"),
                // 4: quarantined: counts for the file and the school (its code is well-formed), not for any province;
                // neither its (greater) name nor its (latest) updated_at counts
                row(
                        "b.csv",
                        S1,
                        "辛校",
                        SH,
                        "上海市",
                        YN,
                        "云南省",
                        "quarantined",
                        ReasonCode.INVALID_VALUE.name(),
                        2024,
                        "2024-06-30T00:00:00"),
                // 5: MALFORMED: its fields may have shifted, so it counts for its file only
                row("b.csv", S2, "己校", null, null, null, null, "quarantined", ReasonCode.MALFORMED.name(), null, null),
                // 6, 7: two students of S2 with every value the metrics read equal but updated_at
                row("b.csv", S2, "戊校", ZJ, "浙江省", YN, "云南省", "accepted", null, 2024, "2024-06-03T08:00:00"),
                row("b.csv", S2, "戊校", ZJ, "浙江省", YN, "云南省", "accepted", null, 2024, "2024-06-04T08:00:00"));
        org.apache.spark.sql.Dataset<Row> classified = TestSpark.session().createDataFrame(rows, CLASSIFIED);
        metrics = Metrics.rows(
                Metrics.fine(classified).collectAsList(),
                List.of("a.csv", "b.csv", "c.csv"),
                SchoolNames.choose(SchoolNames.candidates(classified)));
    }

    static String key(String kind, String code, String metric, Integer year) {
        return kind + " " + code + " " + metric + (year == null ? "" : " " + year);
    }

    @Test
    void countsPerEntity() {
        Map<String, Long> nonZero = new HashMap<>();
        for (Row r : metrics) {
            if (r.getLong(5) != 0) {
                nonZero.put(key(r.getString(0), r.getString(1), r.getString(3), (Integer) r.get(4)), r.getLong(5));
            }
        }
        Map<String, Long> expected = new HashMap<>();
        expected.put(key("file", "a.csv", "rows_read", null), 3L);
        expected.put(key("file", "a.csv", "accepted", null), 2L);
        expected.put(key("file", "a.csv", "superseded", null), 1L);
        expected.put(key("file", "a.csv", "students", 2023), 1L);
        expected.put(key("file", "a.csv", "students", 2024), 1L);
        expected.put(key("file", "b.csv", "rows_read", null), 4L);
        expected.put(key("file", "b.csv", "accepted", null), 2L);
        expected.put(key("file", "b.csv", "quarantined", null), 2L);
        expected.put(key("file", "b.csv", "quarantined_invalid_value", null), 1L);
        expected.put(key("file", "b.csv", "quarantined_malformed", null), 1L);
        expected.put(key("file", "b.csv", "students", 2024), 2L);
        expected.put(key("host_school", S1, "rows_read", null), 4L);
        expected.put(key("host_school", S1, "accepted", null), 2L);
        expected.put(key("host_school", S1, "superseded", null), 1L);
        expected.put(key("host_school", S1, "quarantined", null), 1L);
        expected.put(key("host_school", S1, "quarantined_invalid_value", null), 1L);
        expected.put(key("host_school", S1, "students", 2023), 1L);
        expected.put(key("host_school", S1, "students", 2024), 1L);
        expected.put(key("host_school", S2, "rows_read", null), 2L);
        expected.put(key("host_school", S2, "accepted", null), 2L);
        expected.put(key("host_school", S2, "students", 2024), 2L);
        expected.put(key("host_province", SH, "accepted", null), 2L);
        expected.put(key("host_province", SH, "superseded", null), 1L);
        expected.put(key("host_province", SH, "students", 2023), 1L);
        expected.put(key("host_province", SH, "students", 2024), 1L);
        expected.put(key("host_province", ZJ, "accepted", null), 2L);
        expected.put(key("host_province", ZJ, "students", 2024), 2L);
        expected.put(key("origin_province", YN, "accepted", null), 4L);
        expected.put(key("origin_province", YN, "students", 2023), 1L);
        expected.put(key("origin_province", YN, "students", 2024), 3L);
        expected.put(key("origin_province", GZ, "superseded", null), 1L);
        assertThat(nonZero).as("every non-zero metric").isEqualTo(expected);

        // files and schools: rows_read, accepted, superseded, quarantined, one per reason, and students per year;
        // provinces: accepted and superseded (valid rows only), and students per year
        int perFileOrSchool = 4 + ReasonCode.values().length;
        int studentRows = 2 + 1 + 0 + 2 + 1 + 2 + 1 + 2 + 0; // a.csv b.csv c.csv S1 S2 SH ZJ YN GZ
        assertThat(metrics).as("metric rows, zeros included").hasSize(5 * perFileOrSchool + 4 * 2 + studentRows);
    }

    @Test
    void namesAndLatestUpdatedAt() {
        Map<String, List<Object>> byEntity = new HashMap<>();
        for (Row r : metrics) {
            List<Object> nameAndLatest = new ArrayList<>();
            nameAndLatest.add(r.get(2));
            nameAndLatest.add(r.get(6));
            Object before = byEntity.put(r.getString(0) + " " + r.getString(1), nameAndLatest);
            assertThat(before).as("one name and latest per entity").isIn(null, nameAndLatest);
        }
        Map<String, List<Object>> expected = new HashMap<>();
        expected.put("file a.csv", nameAndLatest(null, "2024-06-02T10:00:00"));
        expected.put("file b.csv", nameAndLatest(null, "2024-06-04T08:00:00"));
        expected.put("file c.csv", nameAndLatest(null, null));
        expected.put("host_school " + S1, nameAndLatest("乙校", "2024-06-02T10:00:00"));
        expected.put("host_school " + S2, nameAndLatest("戊校", "2024-06-04T08:00:00"));
        expected.put("host_province " + SH, nameAndLatest("上海市", "2024-06-02T10:00:00"));
        expected.put("host_province " + ZJ, nameAndLatest("浙江省", "2024-06-04T08:00:00"));
        expected.put("origin_province " + YN, nameAndLatest("云南省", "2024-06-04T08:00:00"));
        expected.put("origin_province " + GZ, nameAndLatest("贵州省", "2024-06-01T09:00:00"));
        assertThat(byEntity).isEqualTo(expected);
    }

    static List<Object> nameAndLatest(String name, String latest) {
        List<Object> l = new ArrayList<>();
        l.add(name);
        l.add(latest == null ? null : LocalDateTime.parse(latest));
        return l;
    }
}
