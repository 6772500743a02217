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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published layer the bundled sample's run writes beside its internal reports, read back with DuckDB. */
class PublishedLayerJobTest {
  @TempDir static Path tmp;

  private static String dir(Path out, String table) {
    return out.resolve(table).resolve("run_date=" + Runs.RUN_DATE) + "/*.parquet";
  }

  private static List<List<Object>> query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
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
        + "', hive_partitioning = false))").stream().map(r -> (String) r.get(0)).toList();
  }

  @Test
  void everyReportIsPublishedWithSmallCountsWithheldAndTheRestAsInternally() throws Exception {
    assertThat(SampleRun.result().exitCode()).as(SampleRun.result().err()).isZero();
    Path out = SampleRun.output();
    JsonNode manifest = new ObjectMapper().readTree(
        out.resolve("_runs").resolve(Runs.RUN_DATE).resolve("manifest.json").toFile());
    JsonNode layer = manifest.path("published_layer");
    assertThat(layer.path("min_cell_count").asLong()).isEqualTo(10);
    for (Report report : Report.values()) {
      String internal = dir(out, report.table());
      String published = dir(out, "published/" + report.table());
      List<String> internalColumns = columns(internal);
      List<String> publishedColumns = columns(published);
      assertThat(publishedColumns).startsWith(internalColumns.toArray(new String[0]));
      List<String> flags = publishedColumns.subList(internalColumns.size(), publishedColumns.size());
      assertThat(flags).isNotEmpty().allMatch(f -> f.endsWith("_withheld")
          && internalColumns.contains(f.substring(0, f.length() - "_withheld".length())));

      // Row by row (both files keep the report's order): a value is either published as it is, or null and flagged.
      StringBuilder sql = new StringBuilder("select count(*), count(*) filter (where ");
      List<String> conditions = new ArrayList<>();
      List<String> withheld = new ArrayList<>();
      for (String flag : flags) {
        String column = flag.substring(0, flag.length() - "_withheld".length());
        conditions.add("not ((p." + flag + " and p." + column + " is null) or (not p." + flag + " and p." + column
            + " is not distinct from i." + column + "))");
        withheld.add("p." + flag + "::int");
      }
      sql.append(String.join(" or ", conditions)).append("), sum(").append(String.join(" + ", withheld))
          .append(") from (select *, row_number() over () as n from read_parquet('").append(internal)
          .append("')) i join (select *, row_number() over () as n from read_parquet('").append(published)
          .append("')) p using (n)");
      List<Object> counts = query(sql.toString()).get(0);
      assertThat(((Number) counts.get(0)).longValue()).as(report.table()).isEqualTo(
          manifest.path("report_rows").path(report.table()).asLong());
      assertThat(((Number) counts.get(1)).longValue()).as("%s: cells neither as internally nor withheld",
          report.table()).isZero();
      assertThat(((Number) counts.get(2)).longValue()).as(report.table())
          .isEqualTo(layer.path("withheld_cells").path(report.table()).asLong());
      assertThat(layer.path("audit").path(report.table()).asText()).startsWith("passed");
      assertThat(layer.path("audit_of_sums").asText()).startsWith("passed");

      // No person count of 1..9 anywhere in the published file.
      List<String> small = new ArrayList<>();
      for (String flag : flags) {
        String column = flag.substring(0, flag.length() - "_withheld".length());
        if (Counts.NAMES.contains(column)) { // person counts; not rates, not distinct counts of schools
          small.add(column + " between 1 and 9");
        }
      }
      assertThat(query("select count(*) from read_parquet('" + published + "') where " + String.join(" or ", small))
          .get(0).get(0)).as(report.table()).isEqualTo(0L);
      assertThat(query("select decode(value) from parquet_kv_metadata('" + published + "') where decode(key) = "
          + "'crossenroll.min_cell_count'")).containsExactly(List.of("10"));
    }
    // Schools and counties by year are small in the sample: the layer does withhold.
    assertThat(layer.path("withheld_cells").path("host_summary").asLong()).isPositive();
  }

  @Test
  void noFlowsCellCanBeRecoveredFromAnotherPublishedReport() throws SQLException {
    assertThat(SampleRun.result().exitCode()).as(SampleRun.result().err()).isZero();
    Path out = SampleRun.output();
    String flows = "read_parquet('" + dir(out, "published/flows") + "')";
    // report, its rows' keys in flows terms, the filter on its rows, the counts the two share
    List<List<String>> links = List.of(
        List.of("host_summary", "intake_year, region_code as host_prefecture_code",
            "level = 'prefecture' and intake_year is not null", String.join(",", Counts.NAMES)),
        List.of("origin_summary", "intake_year, region_code as origin_prefecture_code",
            "level = 'prefecture' and intake_year is not null", String.join(",", Counts.NAMES)),
        List.of("outcomes", "intake_year, origin_prefecture_code, host_province_code", "true",
            "students,graduated,withdrawn,employed,employed_in_origin_province"));
    for (List<String> link : links) {
      String keys = link.get(1).replaceAll("region_code as ", "");
      for (String count : link.get(3).split(",")) {
        // A published total of a group of flows rows with exactly one withheld, or a withheld total with none.
        String sql = "with f as (select " + keys + ", count(*) filter (where " + count + " is null) as hidden from "
            + flows + " group by all), r as (select " + link.get(1) + ", " + count + " as total from read_parquet('"
            + dir(out, "published/" + link.get(0)) + "') where " + link.get(2) + ") select count(*), "
            + "count(*) filter (where (total is not null and hidden = 1) or (total is null and hidden = 0)) "
            + "from r join f using (" + keys + ")";
        List<Object> result = query(sql).get(0);
        assertThat(((Number) result.get(0)).longValue()).as("%s rows linked to flows", link.get(0)).isPositive();
        assertThat(((Number) result.get(1)).longValue()).as("%s.%s recoverable through flows", link.get(0), count)
            .isZero();
      }
    }
  }

  @Test
  void theInternalLayerDoesNotDependOnK() throws IOException, SQLException {
    Path project = TestSpark.projectDir();
    Path other = tmp.resolve("k1000");
    Runs.Result r = Runs.cli("run", "--input", project.resolve("data/sample").toString(), "--output",
        other.toString(), "--run-date", Runs.RUN_DATE, "--key-file", project.resolve("data/demo.key").toString(),
        "--min-cell-count", "1000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    for (Report report : Report.values()) {
      String a = "read_parquet('" + dir(SampleRun.output(), report.table()) + "')";
      String b = "read_parquet('" + dir(other, report.table()) + "')";
      assertThat(query("select count(*) from (select * from " + a + " except all select * from " + b + ")"
          + " union all select count(*) from (select * from " + b + " except all select * from " + a + ")"))
          .as(report.table()).containsExactly(List.of(0L), List.of(0L));
    }
    // With k = 1000 the sample's Shanghai province total (5,794) is still shown, its schools by year are not.
    assertThat(query("select students from read_parquet('" + dir(other, "published/host_summary")
        + "') where level = 'province' and region_code = '310000' and intake_year is null"))
        .containsExactly(List.of(5794L));
  }
}
