package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.crossenroll.catalog.Tables;
import org.crossenroll.disclosure.DesignedLayer;
import org.crossenroll.report.Report;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.SampleRun;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published layer (cell key, docs/published-layer.md) the bundled sample's run writes beside its internal reports,
 * read back with DuckDB and compared with the internal reports.
 */
class PublishedLayerJobTest {
    @TempDir
    static Path tmp;

    private static String dir(Path out, String table) {
        return out.resolve(table).resolve("run_date=" + Runs.RUN_DATE) + "/*.parquet";
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static List<String> columns(String parquet) throws SQLException {
        return query("select column_name from (describe select * from read_parquet('" + parquet
                        + "', hive_partitioning = false))")
                .stream()
                .map(r -> (String) r.get(0))
                .toList();
    }

    /** k of the sample's run (the default). */
    private static final long K = 10;

    private static JsonNode manifest(Path out) throws IOException {
        return new ObjectMapper()
                .readTree(out.resolve("_runs")
                        .resolve(Runs.RUN_DATE)
                        .resolve("manifest.json")
                        .toFile());
    }

    @Test
    void everyPublishedTableIsWrittenWithItsColumnsFooterAndNoSmallCount() throws Exception {
        assertThat(SampleRun.result().exitCode()).as(SampleRun.result().err()).isZero();
        Path out = SampleRun.output();
        JsonNode layer = manifest(out).path("published_layer");
        assertThat(layer.path("method").asText()).isEqualTo("additive_threshold");
        assertThat(layer.path("min_cell_count").asLong()).isEqualTo(K);
        assertThat(layer.path("audit").path("status").asText())
                .as("%s", layer.path("audit"))
                .isEqualTo("passed");
        assertThat(layer.path("audit").path("cells_audited").asLong()).isPositive();
        assertThat(layer.has("withheld_cells"))
                .as("no trace of the suppressed layer")
                .isFalse();
        assertThat(layer.path("utility").size()).isPositive();
        for (DesignedLayer.Table t : DesignedLayer.Table.values()) {
            String published = dir(out, Tables.publishedPath(t));
            assertThat(columns(published)).containsExactly(Tables.published(t).fieldNames());
            assertThat(query("select count(*) from read_parquet('" + published + "')")
                            .get(0)
                            .get(0))
                    .as(t.table())
                    .isEqualTo(layer.path("rows").path(t.table()).asLong())
                    .isNotEqualTo(0L);
            List<String> small = new ArrayList<>();
            for (String c : DesignedLayer.MEASURES) {
                if (columns(published).contains(c)) {
                    small.add(c + " between 1 and " + (K - 1));
                }
            }
            assertThat(query("select count(*) from read_parquet('" + published + "') where "
                                    + String.join(" or ", small))
                            .get(0)
                            .get(0))
                    .as(t.table())
                    .isEqualTo(0L);
            assertThat(query("select decode(key) || '=' || decode(value) from parquet_kv_metadata('" + published
                            + "') where decode(key) like 'crossenroll.%'"))
                    .extracting(r -> (String) r.get(0))
                    .contains(
                            "crossenroll.report=" + t.table(),
                            "crossenroll.min_cell_count=10",
                            "crossenroll.protection=additive_threshold",
                            "crossenroll.additive_threshold.rule=fine value: n=0: 0; 1<=n<=k-1: k if n >= t else 0;"
                                    + " n>=k: n");
        }
    }

    /**
     * Every published students count against the true one, in SQL from enrollments_clean: its fine cells (intake year,
     * origin and host prefecture, registered poor, outcome class) counted here, and every published count within
     * (k-1) x its fine cells of 1..k-1 of its true count, an absent row as 0; a count made only of fine cells of k or
     * more exact (docs/published-layer.md, "The guarantee", accuracy).
     */
    @Test
    void everyPublishedStudentsCountIsWithinItsBoundOfTheTrueOne() throws SQLException {
        assertThat(SampleRun.result().exitCode()).as(SampleRun.result().err()).isZero();
        Path out = SampleRun.output();
        String fine = "(select intake_year, origin_province_code, origin_prefecture_code, host_province_code,"
                + " host_prefecture_code, count(*) as n from read_parquet('" + dir(out, "enrollments_clean")
                + "') group by intake_year, origin_province_code, origin_prefecture_code, host_province_code,"
                + " host_prefecture_code, registered_poor, case when status <> 'GRADUATED' then 0 when"
                + " employment_status is distinct from 'EMPLOYED' then 1 when employment_province_code ="
                + " origin_province_code then 3 else 2 end)";
        String sums = ", sum(n) as n, count(*) filter (where n < " + K + ") as small from " + fine;
        // published table, the true counts in its terms (key columns, n, small fine cells), the key columns
        List<List<String>> pairs = List.of(
                List.of(
                        "students_by_origin",
                        "select 'province' as level, origin_province_code as region_code, intake_year" + sums
                                + " group by grouping sets ((origin_province_code, intake_year),"
                                + " (origin_province_code))",
                        "level, region_code, intake_year"),
                List.of(
                        "students_by_host",
                        "select 'province' as level, host_province_code as region_code, intake_year" + sums
                                + " group by grouping sets ((host_province_code, intake_year),"
                                + " (host_province_code))",
                        "level, region_code, intake_year"),
                List.of(
                        "province_flows",
                        "select intake_year, origin_province_code, host_province_code" + sums
                                + " group by grouping sets ((intake_year, origin_province_code, host_province_code),"
                                + " (origin_province_code, host_province_code))",
                        "intake_year, origin_province_code, host_province_code"));
        for (List<String> pair : pairs) {
            String published = "(select " + pair.get(2) + ", students as v from read_parquet('"
                    + dir(out, "published/" + pair.get(0)) + "')"
                    + (pair.get(0).startsWith("students_by") ? " where level = 'province')" : ")");
            String sql = "select count(*), count(v), count(*) filter (where n is null), "
                    + "count(*) filter (where abs(coalesce(v, 0) - n) > " + (K - 1) + " * small), "
                    + "count(*) filter (where small = 0 and v is distinct from n) "
                    + "from (select * replace (coalesce(intake_year, 0) as intake_year) from (" + pair.get(1) + ")) i "
                    + "full join (select * replace (coalesce(intake_year, 0) as intake_year) from " + published
                    + ") p using (" + pair.get(2) + ")"; // all years (null) as 0: a null never joins
            List<Object> r = query(sql).get(0);
            assertThat(((Number) r.get(1)).longValue())
                    .as(pair.get(0) + " rows")
                    .isPositive();
            assertThat(List.of(r.get(2), r.get(3), r.get(4)))
                    .as("%s: a row without students, beyond (k-1) x small fine cells, inexact without one", pair.get(0))
                    .containsExactly(0L, 0L, 0L);
        }
    }

    /**
     * The same contributors give the same value in every table (item 3 of the guarantee): an origin province's
     * students per year in students_by_origin and in province_outcomes over all host provinces are one value.
     */
    @Test
    void anOriginProvincesStudentsAreOneValueInEveryTable() throws SQLException {
        assertThat(SampleRun.result().exitCode()).as(SampleRun.result().err()).isZero();
        Path out = SampleRun.output();
        List<Object> r = query("select count(*), count(*) filter (where o.students is distinct from p.students) from "
                        + "(select region_code as origin_province_code, intake_year, students from read_parquet('"
                        + dir(out, "published/students_by_origin") + "') where level = 'province') o join (select "
                        + "origin_province_code, intake_year, students from read_parquet('"
                        + dir(out, "published/province_outcomes") + "') where host_province_code is null) p "
                        + "using (origin_province_code, intake_year)")
                .get(0);
        assertThat(((Number) r.get(0)).longValue()).as("rows compared").isPositive();
        assertThat(((Number) r.get(1)).longValue()).as("rows that differ").isZero();
    }

    @Test
    void theInternalLayerDoesNotDependOnK() throws IOException, SQLException {
        Path project = TestSpark.projectDir();
        Path other = tmp.resolve("k20");
        Runs.Result r = Runs.cli(
                "run",
                "--input",
                project.resolve("data/sample").toString(),
                "--output",
                other.toString(),
                "--run-date",
                Runs.RUN_DATE,
                "--key-file",
                project.resolve("data/demo.key").toString(),
                "--min-cell-count",
                "20");
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (Report report : Report.values()) {
            String a = "read_parquet('" + dir(SampleRun.output(), report.table()) + "')";
            String b = "read_parquet('" + dir(other, report.table()) + "')";
            assertThat(query("select count(*) from (select * from " + a + " except all select * from " + b + ")"
                            + " union all select count(*) from (select * from " + b + " except all select * from " + a
                            + ")"))
                    .as(report.table())
                    .containsExactly(List.of(0L), List.of(0L));
        }
        // With k = 20 no published count lies in 1..19, and the footer says k.
        assertThat(query("select count(*) from read_parquet('" + dir(other, "published/students_by_host")
                        + "') where students between 1 and 19 or registered_poor between 1 and 19"))
                .containsExactly(List.of(0L));
        assertThat(query("select decode(value) from parquet_kv_metadata('" + dir(other, "published/students_by_host")
                        + "') where decode(key) = 'crossenroll.min_cell_count'"))
                .containsExactly(List.of("20"));
    }
}
