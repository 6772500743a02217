package org.crossenroll.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.job.RunManifest;
import org.crossenroll.storage.PublishSteps;
import org.crossenroll.storage.Publisher;
import org.crossenroll.storage.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated DuckDB DDL run in DuckDB against a tiny output published through the real commit (every registered
 * table, one row per night, no Spark): each view has the catalog's columns and types, the latest views follow the
 * runs table when a night is added, an older night is rerun and retention removes one, with no statement re-run.
 */
class DdlTest {
    static final LocalDate D1 = LocalDate.parse("2024-06-28");
    static final LocalDate D2 = LocalDate.parse("2024-06-29");

    @TempDir
    java.nio.file.Path tmp;

    private static final Configuration CONF = new Configuration();

    /** Publishes one row per table whose string columns say {@code night}, with a manifest as the job writes. */
    private static void publish(Publisher p, LocalDate date, String night) {
        Path staging = p.newStaging(date);
        List<String> tables = Tables.publishedTables();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : tables) {
            Tables.Table t = Tables.at(table).orElseThrow();
            List<Object> values = new ArrayList<>();
            for (StructField f : t.schema().fields()) {
                values.add(
                        f.dataType().equals(DataTypes.StringType)
                                ? night
                                : f.dataType().equals(DataTypes.IntegerType)
                                        ? 2020
                                        : f.dataType().equals(DataTypes.LongType)
                                                ? 7L
                                                : f.dataType().equals(DataTypes.DoubleType)
                                                        ? 0.5
                                                        : f.dataType().equals(DataTypes.BooleanType)
                                                                ? Boolean.TRUE
                                                                : f.dataType().equals(DataTypes.DateType)
                                                                        ? LocalDate.parse("2019-09-01")
                                                                        : f.dataType()
                                                                                        instanceof
                                                                                        org.apache.spark.sql.types
                                                                                                .DecimalType
                                                                                ? new java.math.BigDecimal("2598000.50")
                                                                                : LocalDateTime.parse(
                                                                                        "2019-09-01T08:30:00"));
            }
            List<Row> one = List.of(RowFactory.create(values.toArray()));
            ReportWriter.write(new Path(staging, table), t.schema(), one, Map.of(), CONF);
            rows.put(table, 1L);
        }
        RunManifest m = RunManifest.builder()
                .runDate(date)
                .counts(3, 0, 0, 0, Map.of())
                .finish(
                        RunManifest.Status.PUBLISHED,
                        List.of(),
                        rows,
                        java.time.OffsetDateTime.parse(date + "T02:45:10.5+08:00")
                                .toInstant());
        p.commit(staging, date, tables, m.toJson(), true);
    }

    private static List<String> column(Statement s, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    @Test
    void duckDbReadsEveryTableAndTheLatestViewsAcrossNightsReRunsAndRetention() throws Exception {
        java.nio.file.Path out = tmp.resolve("out");
        Publisher p = Publisher.open(out.toString(), CONF, PublishSteps.NONE, Tables.CATALOG);
        publish(p, D1, "first");
        String ddl = new Ddl(Ddl.Engine.DUCKDB, out.toString(), "crossenroll", D1).script();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute(ddl); // applied once, before the second night exists
            for (Tables.Table t : Tables.all()) {
                List<String> expected = new ArrayList<>();
                for (StructField f : t.schema().fields()) {
                    String type = f.dataType().equals(DataTypes.StringType)
                            ? "VARCHAR"
                            : f.dataType().equals(DataTypes.TimestampNTZType)
                                    ? "TIMESTAMP"
                                    : f.dataType()
                                            .sql()
                                            .replace("INT", "INTEGER")
                                            .replace("BIGINTEGER", "BIGINT");
                    expected.add(f.name() + " " + type);
                }
                if (t.partitioned()) {
                    expected.add("run_date DATE");
                }
                assertThat(column(
                                s,
                                "SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE "
                                        + "table_schema = 'crossenroll' AND table_name = '" + t.name()
                                        + "' ORDER BY ordinal_position"))
                        .as(t.name())
                        .isEqualTo(expected);
            }
            assertThat(column(
                            s,
                            "SELECT run_date || ' ' || student_pseudonym || ' ' || updated_at FROM "
                                    + "crossenroll.enrollments_clean_latest"))
                    .containsExactly(D1 + " first 2019-09-01 08:30:00");

            publish(p, D2, "second");
            assertThat(column(
                            s,
                            "SELECT run_date || ' ' || is_latest || ' ' || complete || ' ' || published_at || ' ' || "
                                    + "rows_published_province_flows FROM crossenroll.runs ORDER BY run_date"))
                    .containsExactly(
                            D1 + " false true 2024-06-28 02:45:10.5 1", D2 + " true true 2024-06-29 02:45:10.5 1");
            assertThat(column(
                            s,
                            "SELECT DISTINCT run_date::VARCHAR FROM crossenroll.published_province_flows ORDER BY 1"))
                    .containsExactly(D1.toString(), D2.toString());
            for (Tables.Table t : Tables.all()) {
                if (t.partitioned()) {
                    assertThat(column(s, "SELECT DISTINCT run_date::VARCHAR FROM crossenroll." + Tables.latestView(t)))
                            .as(t.name())
                            .containsExactly(D2.toString());
                }
            }

            publish(p, D1, "rerun"); // an older night rerun: latest stays on D2
            assertThat(column(s, "SELECT run_date::VARCHAR FROM crossenroll.runs WHERE is_latest"))
                    .containsExactly(D2.toString());
            assertThat(column(s, "SELECT min(scheme) FROM crossenroll.flows WHERE run_date = DATE '" + D1 + "'"))
                    .containsExactly("rerun");

            assertThat(p.removeOlderThan(D2, 1)).containsExactly(D1);
            assertThat(column(s, "SELECT run_date::VARCHAR FROM crossenroll.runs"))
                    .containsExactly(D2.toString());
            assertThat(column(s, "SELECT DISTINCT run_date::VARCHAR FROM crossenroll.quarantine"))
                    .containsExactly(D2.toString());
        }
    }

    @Test
    void theRunsTableIsRebuiltByRecoveryWhenItNoLongerMatchesTheRunHistory() throws Exception {
        java.nio.file.Path out = tmp.resolve("out");
        Publisher p = Publisher.open(out.toString(), CONF, PublishSteps.NONE, Tables.CATALOG);
        publish(p, D1, "first");
        java.nio.file.Path file = out.resolve("runs").resolve(Publisher.RUNS_TABLE_FILE);
        byte[] written = java.nio.file.Files.readAllBytes(file);
        p.recover();
        assertThat(java.nio.file.Files.readAllBytes(file))
                .as("left alone while it matches")
                .isEqualTo(written);
        java.nio.file.Files.delete(file); // e.g. an output from before the table existed
        p.recover();
        assertThat(file).exists();
        java.nio.file.Files.writeString(
                out.resolve("_runs").resolve(D1.toString()).resolve(Publisher.MANIFEST),
                "{\"status\":\"published\",\"rows_read\":5}",
                StandardCharsets.UTF_8);
        p.recover();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            assertThat(column(s, "SELECT rows_read || ' ' || is_latest FROM '" + file + "'"))
                    .containsExactly("5 true");
        }
    }

    @Test
    void theFooterNamesCrossenrollAndItsVersion() throws Exception {
        java.nio.file.Path out = tmp.resolve("out");
        publish(Publisher.open(out.toString(), CONF, PublishSteps.NONE, Tables.CATALOG), D1, "first");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            assertThat(column(
                            s,
                            "SELECT decode(key) || '=' || decode(value) FROM parquet_kv_metadata('" + out
                                    + "/published/province_flows/run_date=" + D1 + "/part-00000.parquet') ORDER BY 1"))
                    .contains("writer.model.name=crossenroll", "crossenroll.code_version=" + BuildInfo.version());
        }
    }
}
