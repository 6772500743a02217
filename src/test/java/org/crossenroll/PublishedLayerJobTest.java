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
import org.crossenroll.report.Counts;
import org.crossenroll.report.Report;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.SampleRun;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published layer the bundled sample's run writes beside its internal reports, read back with DuckDB. */
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

    @Test
    void everyReportIsPublishedWithSmallCountsWithheldAndTheRestAsInternally() throws Exception {
        assertThat(SampleRun.result().exitCode()).as(SampleRun.result().err()).isZero();
        Path out = SampleRun.output();
        JsonNode manifest = new ObjectMapper()
                .readTree(out.resolve("_runs")
                        .resolve(Runs.RUN_DATE)
                        .resolve("manifest.json")
                        .toFile());
        JsonNode layer = manifest.path("published_layer");
        assertThat(layer.path("min_cell_count").asLong()).isEqualTo(10);
        for (Report report : Report.values()) {
            String internal = dir(out, report.table());
            String published = dir(out, "published/" + report.table());
            List<String> internalColumns = columns(internal);
            List<String> publishedColumns = columns(published);
            assertThat(publishedColumns).startsWith(internalColumns.toArray(new String[0]));
            List<String> flags = publishedColumns.subList(internalColumns.size(), publishedColumns.size());
            assertThat(flags)
                    .isNotEmpty()
                    .allMatch(f -> f.endsWith("_withheld")
                            && internalColumns.contains(f.substring(0, f.length() - "_withheld".length())));

            // Row by row (both files keep the report's order): a value is either published as it is, or null and
            // flagged.
            StringBuilder sql = new StringBuilder("select count(*), count(*) filter (where ");
            List<String> conditions = new ArrayList<>();
            List<String> withheld = new ArrayList<>();
            for (String flag : flags) {
                String column = flag.substring(0, flag.length() - "_withheld".length());
                conditions.add("not ((p." + flag + " and p." + column + " is null) or (not p." + flag + " and p."
                        + column + " is not distinct from i." + column + "))");
                withheld.add("p." + flag + "::int");
            }
            sql.append(String.join(" or ", conditions))
                    .append("), sum(")
                    .append(String.join(" + ", withheld))
                    .append(") from (select *, row_number() over () as n from read_parquet('")
                    .append(internal)
                    .append("')) i join (select *, row_number() over () as n from read_parquet('")
                    .append(published)
                    .append("')) p using (n)");
            List<Object> counts = query(sql.toString()).get(0);
            assertThat(((Number) counts.get(0)).longValue())
                    .as(report.table())
                    .isEqualTo(manifest.path("report_rows").path(report.table()).asLong());
            assertThat(((Number) counts.get(1)).longValue())
                    .as("%s: cells neither as internally nor withheld", report.table())
                    .isZero();
            assertThat(((Number) counts.get(2)).longValue())
                    .as(report.table())
                    .isEqualTo(layer.path("withheld_cells").path(report.table()).asLong());
            JsonNode loss = layer.path("audit").path("loss").path(report.table());
            assertThat(loss.path("count_cells").asLong())
                    .as("%s: audit loss %s", report.table(), loss)
                    .isPositive()
                    .isGreaterThanOrEqualTo(loss.path("count_cells_withheld").asLong());
            assertThat(loss.path("count_cells_withheld").isIntegralNumber())
                    .as("%s: %s", report.table(), loss)
                    .isTrue();
            assertThat(loss.path("students_in_withheld_cells_share").asDouble(-1))
                    .as("%s: %s", report.table(), loss)
                    .isBetween(0.0, 1.0);

            // No person count of 1..9 anywhere in the published file.
            List<String> small = new ArrayList<>();
            for (String flag : flags) {
                String column = flag.substring(0, flag.length() - "_withheld".length());
                if (Counts.NAMES.contains(column)) { // person counts; not rates, not distinct counts of schools
                    small.add(column + " between 1 and 9");
                }
            }
            assertThat(query("select count(*) from read_parquet('" + published + "') where "
                                    + String.join(" or ", small))
                            .get(0)
                            .get(0))
                    .as(report.table())
                    .isEqualTo(0L);
            assertThat(query("select decode(value) from parquet_kv_metadata('" + published + "') where decode(key) = "
                            + "'crossenroll.min_cell_count'"))
                    .containsExactly(List.of("10"));
        }
        // The audit bounds every withheld count and complement over all relations between the five reports.
        JsonNode audit = layer.path("audit");
        assertThat(audit.path("status").asText()).as("%s", audit).isEqualTo("passed");
        assertThat(audit.path("relations").isObject()).as("%s", audit).isTrue();
        assertThat(audit.path("relations").size()).as("%s", audit).isPositive();
        audit.path("relations")
                .fields()
                .forEachRemaining(kind -> assertThat(kind.getValue().asLong())
                        .as("relations of kind %s", kind.getKey())
                        .isPositive());
        assertThat(audit.path("inequalities").isIntegralNumber())
                .as("%s", audit)
                .isTrue();
        assertThat(audit.path("cells_audited").asLong()).as("%s", audit).isPositive();
        assertThat(audit.has("points_of_protection")).as("%s", audit).isTrue();
        assertThat(audit.path("narrowest_range").asDouble()).as("%s", audit).isGreaterThanOrEqualTo(10);
        // Schools and counties by year are small in the sample: the layer does withhold.
        assertThat(layer.path("withheld_cells").path("host_summary").asLong()).isPositive();
    }

    /**
     * The simplest attack across reports, in SQL beside the attacker's LP (DisclosureAttackTest): a report row that is
     * the sum of flows rows, with one part withheld under a published total, or a withheld total over published parts,
     * gives that one cell away by a subtraction. Withheld counts of k or more may be given away (the guarantee is that
     * no count of 1..k-1 can be narrowed below k), so only a count of 1..k-1 recovered so is a leak.
     */
    @Test
    void noSmallFlowsCellIsRecoveredBySubtractionFromAnotherPublishedReport() throws SQLException {
        assertThat(SampleRun.result().exitCode()).as(SampleRun.result().err()).isZero();
        Path out = SampleRun.output();
        String flowKeys = "intake_year, scheme, origin_prefecture_code, host_prefecture_code";
        // report, its rows' keys in flows terms, its identity, the filter on its rows, the counts the two share
        List<List<String>> links = List.of(
                List.of(
                        "host_summary",
                        "intake_year, region_code as host_prefecture_code",
                        "level, region_code, intake_year",
                        "level = 'prefecture' and intake_year is not null",
                        String.join(",", Counts.NAMES)),
                List.of(
                        "origin_summary",
                        "intake_year, region_code as origin_prefecture_code",
                        "level, region_code, intake_year",
                        "level = 'prefecture' and intake_year is not null",
                        String.join(",", Counts.NAMES)),
                List.of(
                        "outcomes",
                        "intake_year, origin_prefecture_code, host_province_code",
                        "intake_year, origin_prefecture_code, host_province_code",
                        "true",
                        "students,graduated,withdrawn,employed,employed_in_origin_province"));
        for (List<String> link : links) {
            String keys = link.get(1).replaceAll("region_code as ", "");
            String identity = link.get(2);
            for (String count : link.get(4).split(",")) {
                String sql = "with f as (select " + keys + ", count(*) filter (where pv is null) as hidden, "
                        + "sum(iv) filter (where pv is null) as hidden_value from (select *, " + count + " as pv from "
                        + "read_parquet('" + dir(out, "published/flows") + "')) join (select " + flowKeys + ", " + count
                        + " as iv from read_parquet('" + dir(out, "flows") + "')) using (" + flowKeys
                        + ") group by all), "
                        + "r as (select " + link.get(1) + ", total, true_total from (select *, " + count
                        + " as total from "
                        + "read_parquet('" + dir(out, "published/" + link.get(0)) + "')) join (select " + identity
                        + ", " + count
                        + " as true_total from read_parquet('" + dir(out, link.get(0)) + "')) using (" + identity
                        + ") where "
                        + link.get(3) + ") select count(*), count(*) filter (where (total is not null and hidden = 1 "
                        + "and hidden_value between 1 and 9) or (total is null and hidden = 0 and true_total between 1 and 9)) "
                        + "from r join f using (" + keys + ")";
                List<Object> result = query(sql).get(0);
                assertThat(((Number) result.get(0)).longValue())
                        .as("%s rows linked to flows", link.get(0))
                        .isPositive();
                assertThat(((Number) result.get(1)).longValue())
                        .as("%s.%s: a count of 1..9 recovered through flows by one subtraction", link.get(0), count)
                        .isZero();
            }
        }
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
        // With k = 20 no published students count lies in 1..19, and the footer says k.
        assertThat(query("select count(*) from read_parquet('" + dir(other, "published/host_summary")
                        + "') where students between 1 and 19"))
                .containsExactly(List.of(0L));
        assertThat(query("select decode(value) from parquet_kv_metadata('" + dir(other, "published/host_summary")
                        + "') where decode(key) = 'crossenroll.min_cell_count'"))
                .containsExactly(List.of("20"));
    }
}
