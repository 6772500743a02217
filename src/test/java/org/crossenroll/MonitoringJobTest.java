package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.crossenroll.base.ExitCode;
import org.crossenroll.generate.SyntheticInput;
import org.crossenroll.testing.DuckDbRows;
import org.crossenroll.testing.MonitoringNights;
import org.crossenroll.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 end to end: seven generated nights with scripted changes ({@link MonitoringNights}), then a rerun of an
 * old date with --fail-on-anomaly. Expected values come from DuckDB over the tables the runs wrote (the metrics of
 * the nights compared, the quarantine table), not from the code under test; the strategies' arithmetic is checked on
 * hand rows in monitor/AnomaliesTest.
 */
class MonitoringJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHOOL_FILE = SyntheticInput.SCHOOL_FILE;

    @TempDir
    Path tmp;

    private static LocalDate night(int k) {
        return MonitoringNights.FIRST.plusDays(k - 1L);
    }

    private static String table(Path out, String table, LocalDate night) {
        return "read_parquet('" + out.resolve(table).resolve("run_date=" + night) + "/*.parquet')";
    }

    private static List<Map<String, Object>> anomalies(Path out, LocalDate night) throws Exception {
        return DuckDbRows.query("select * from " + table(out, "anomalies", night)
                + " order by entity_kind, entity_code," + " metric, strategy");
    }

    /** A metric of an entity on a night, summed over its rows (all intake years), read by DuckDB. */
    private static double metric(Path out, LocalDate night, String kind, String code, String metric) throws Exception {
        Object v = DuckDbRows.query("select sum(value) as v from " + table(out, "metrics", night)
                        + " where entity_kind = '" + kind + "' and entity_code = '" + code + "' and metric = '" + metric
                        + "' and intake_year is null")
                .get(0)
                .get("v");
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    private static Map<String, Object> only(
            List<Map<String, Object>> rows, String kind, String code, String metric, String strategy) {
        List<Map<String, Object>> found = rows.stream()
                .filter(r -> r.get("entity_kind").equals(kind)
                        && r.get("entity_code").equals(code)
                        && r.get("metric").equals(metric)
                        && r.get("strategy").equals(strategy))
                .toList();
        assertThat(found)
                .as("%s %s %s %s in %s", kind, code, metric, strategy, rows)
                .hasSize(1);
        return found.get(0);
    }

    @Test
    void sevenNightsThenARerunOfAnOldDateWithFailOnAnomaly() throws Exception {
        List<Runs.Result> results = MonitoringNights.results();
        for (int k = 1; k <= MonitoringNights.NIGHTS; k++) {
            assertThat(results.get(k - 1).exitCode())
                    .as("night %d: %s", k, results.get(k - 1).err())
                    .isZero();
        }
        Path out = MonitoringNights.output();

        // Night 1: no history, so nothing to compare with and nobody expected; everybody who sent is "not expected".
        assertThat(anomalies(out, night(1))).isEmpty();
        assertThat(DuckDbRows.query("select count(*) as n, count(*) filter (where expected) as e from "
                                + table(out, "completeness", night(1)))
                        .get(0))
                .containsEntry("e", 0L);
        assertThat(results.get(0).err()).contains("history none (first night)");
        assertThat(results.get(1).err())
                .as("counted as one, not '1 nights'")
                .contains("history 1 night " + night(1) + ";");
        // Nights 2-4: the same submitters with 1% more enrollments each night; nothing stands out.
        for (int k = 2; k <= 4; k++) {
            assertThat(anomalies(out, night(k))).as("night %d", k).isEmpty();
        }

        // Night 5: the school of school-320000.csv stops submitting. Severe for its file and for the school (-100%
        // against night 4), and it is missing in completeness, last seen on night 4.
        List<Map<String, Object>> n5 = anomalies(out, night(5));
        Map<String, Object> file = only(n5, "file", SCHOOL_FILE, "rows_read", "relative_rate_of_change");
        assertThat(file)
                .containsEntry("severity", "severe")
                .containsEntry("tonight", 0.0)
                .containsEntry("baseline", metric(out, night(4), "file", SCHOOL_FILE, "rows_read"))
                .containsEntry("change", -1.0);
        String school = (String) DuckDbRows.query("select distinct entity_code from " + table(out, "metrics", night(4))
                        + " where entity_kind = 'host_school' and entity_name = '江苏联合职业学校'")
                .get(0)
                .get("entity_code");
        assertThat(only(n5, "host_school", school, "rows_read", "relative_rate_of_change"))
                .containsEntry("severity", "severe");
        assertThat(n5).extracting(r -> r.get("entity_code")).containsOnly(SCHOOL_FILE, school);
        Map<String, Object> missing = DuckDbRows.query("select * from " + table(out, "completeness", night(5))
                        + " where entity_code = '" + school + "'")
                .get(0);
        assertThat(missing)
                .containsEntry("expected", true)
                .containsEntry("submitted", false)
                .containsEntry("missing", true)
                .containsEntry("last_seen_run_date", night(4))
                .containsEntry("nights_seen", 4)
                .containsEntry("history_nights", 4);
        // its newest enrollment on night 4 is n = 2000 (every 80th; night 4 sends n < 2060), first sent on night 2
        // (which sends n < 2020), so updated the evening before night 2, 2024-06-24: 4 days before night 5, 2024-06-28
        assertThat(missing.get("days_since_latest_update")).isEqualTo(4);
        // 江苏 stops reporting the cooperation records of its pairings the same night: each pairing it reported on
        // nights 1-4 (read back from night 4's metrics) is missing, last seen on night 4, and warned about by name
        List<String> jiangsu = DuckDbRows.query("select distinct entity_code from " + table(out, "metrics", night(4))
                        + " where entity_kind = 'pairing' and entity_code like '" + SyntheticInput.STOP_PARTNER
                        + "-%' order by 1")
                .stream()
                .map(r -> (String) r.get("entity_code"))
                .toList();
        assertThat(jiangsu).isNotEmpty();
        List<Map<String, Object>> stopped = DuckDbRows.query("select * from " + table(out, "completeness", night(5))
                + " where entity_kind = 'pairing' and missing order by entity_code");
        assertThat(stopped).extracting(r -> r.get("entity_code")).containsExactlyElementsOf(jiangsu);
        assertThat(stopped)
                .allSatisfy(r -> assertThat(r)
                        .containsEntry("expected_because", "history")
                        .containsEntry("last_seen_run_date", night(4))
                        .containsEntry("nights_seen", 4)
                        .containsEntry("rows_read", 0L));
        for (Map<String, Object> p : stopped) {
            assertThat(results.get(4).err())
                    .contains("[crossenroll] warning: pairing " + p.get("entity_code") + " " + p.get("entity_name")
                            + " sent no valid cooperation records tonight; expected (history: sent on 4 of 4 history "
                            + "nights), last seen " + night(4));
        }
        assertThat(results.get(3).err()).doesNotContain("warning: pairing");
        // the school and the pairings: the one count of missing submitters
        assertThat(results.get(4).err())
                .contains("[crossenroll] anomaly    severe file " + SCHOOL_FILE + ": rows_read 0, baseline ")
                .contains("; " + (1 + jiangsu.size()) + " of ");
        JsonNode night5 =
                JSON.readTree(out.resolve("_runs/" + night(5) + "/result.json").toFile());
        assertThat(night5.path("missing_pairings").findValuesAsText("code")).containsExactlyElementsOf(jiangsu);
        JsonNode coop = night5.path("cooperation_counts");
        assertThat(coop.path("rows_read").asLong())
                .isPositive()
                .isEqualTo(coop.path("accepted").asLong()
                        + coop.path("superseded").asLong()
                        + coop.path("quarantined").asLong());

        // Night 6: 上海's host schools send about 40% fewer enrollments: the host province (and the origin provinces
        // paired with it) drop night over night, and against the mean of nights 1-5.
        List<Map<String, Object>> n6 = anomalies(out, night(6));
        Map<String, Object> shanghai = only(n6, "host_province", "310000", "accepted", "relative_rate_of_change");
        double tonight = metric(out, night(6), "host_province", "310000", "accepted");
        double before = metric(out, night(5), "host_province", "310000", "accepted");
        assertThat(shanghai)
                .containsEntry("tonight", tonight)
                .containsEntry("baseline", before)
                .containsEntry("entity_name", "上海市")
                .containsEntry("severity", "warning")
                .containsEntry("threshold", 0.25);
        assertThat((Double) shanghai.get("change"))
                .isCloseTo(tonight / before - 1, org.assertj.core.data.Offset.offset(1e-9))
                .isBetween(-0.5, -0.25);
        double mean = 0;
        for (int k = 1; k <= 5; k++) {
            mean += metric(out, night(k), "host_province", "310000", "accepted") / 5;
        }
        assertThat((Double) only(n6, "host_province", "310000", "accepted", "online_normal")
                        .get("baseline"))
                .isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(n6).filteredOn(r -> r.get("severity").equals("severe")).isEmpty();

        // Night 7: 福建's file quarantines 40% of its enrollments' rows: its quarantine share jumps (severe), counted
        // here from the quarantine table itself.
        List<Map<String, Object>> n7 = anomalies(out, night(7));
        String fujian = SyntheticInput.JUMP_PROVINCE + ".csv";
        Map<String, Object> jump = only(n7, "file", fujian, "quarantined_share", "absolute_change");
        long quarantined = (Long) DuckDbRows.query("select count(*) as n from " + table(out, "quarantine", night(7))
                        + " where source_file = '" + fujian + "'")
                .get(0)
                .get("n");
        assertThat(jump)
                .containsEntry("severity", "severe")
                .containsEntry("tonight", quarantined / metric(out, night(7), "file", fujian, "rows_read"));
        assertThat((Double) jump.get("tonight")).isGreaterThan(0.25);

        // Readable by DuckDB with the documented types, and no student in them (NoLeakTest plants IDs and names).
        Map<String, String> types = new java.util.HashMap<>();
        for (String t : List.of("metrics", "completeness", "anomalies")) {
            for (Map<String, Object> c : DuckDbRows.query("describe select * from " + table(out, t, night(7)))) {
                types.put(t + "." + c.get("column_name"), (String) c.get("column_type"));
            }
        }
        assertThat(types)
                .containsEntry("metrics.value", "BIGINT")
                .containsEntry("metrics.intake_year", "INTEGER")
                .containsEntry("metrics.latest_updated_at", "TIMESTAMP")
                .containsEntry("completeness.last_seen_run_date", "DATE")
                .containsEntry("completeness.missing", "BOOLEAN")
                .containsEntry("anomalies.tonight", "DOUBLE")
                .containsEntry("anomalies.baseline_nights", "INTEGER");

        // A rerun of night 3 with night 5's submissions and --fail-on-anomaly, on a copy of the output: its history is
        // nights 1-2 only (not its own earlier run, not the nights after it), so the stopped school is compared with
        // night 2; severe, so exit 3 with only the diagnosis tables for night 3 and its _SUCCESS gone.
        Path copy = tmp.resolve("out");
        copyRecursively(out, copy);
        Runs.Result rerun = Runs.cli(
                "run",
                "--input",
                MonitoringNights.input().resolve(night(5).toString()).toString(),
                "--output",
                copy.toString(),
                "--run-date",
                night(3).toString(),
                "--key-file",
                Runs.keyFile(tmp).toString(),
                "--fail-on-anomaly");
        assertThat(rerun.exitCode()).as(rerun.err()).isEqualTo(ExitCode.DATA_CHECK);
        assertThat(rerun.err())
                .contains("2 severe anomalies on " + night(3) + " with --fail-on-anomaly")
                .contains("history 2 nights " + night(1) + ".." + night(2));
        JsonNode manifest = JSON.readTree(
                copy.resolve("_runs/" + night(3) + "/manifest.json").toFile());
        assertThat(manifest.path("status").asText()).isEqualTo("failed: severe anomalies with --fail-on-anomaly");
        assertThat(manifest.path("monitoring").path("history_nights").toString())
                .isEqualTo("[\"" + night(1) + "\",\"" + night(2) + "\"]");
        assertThat(manifest.path("published_tables").toString())
                .isEqualTo("[\"quarantine\",\"data_quality\",\"metrics\",\"completeness\",\"anomalies\"]");
        assertThat(only(anomalies(copy, night(3)), "file", SCHOOL_FILE, "rows_read", "relative_rate_of_change"))
                .containsEntry("baseline_to", night(2))
                .containsEntry("baseline", metric(out, night(2), "file", SCHOOL_FILE, "rows_read"));
        for (String t : List.of("quarantine", "data_quality", "metrics", "completeness", "anomalies")) {
            assertThat(copy.resolve(t).resolve("run_date=" + night(3))).as(t).isDirectory();
        }
        // No report of this run was published: night 3's partitions are still the earlier run's, byte for byte, and
        // without its _SUCCESS no reader takes them for a complete night (the publish protocol for a failed data check)
        for (String t : List.of("enrollments_clean", "flows", "host_summary", "published/province_flows")) {
            try (Stream<Path> files = Files.list(copy.resolve(t).resolve("run_date=" + night(3)))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(f)
                            .as(t)
                            .hasSameBinaryContentAs(out.resolve(t)
                                    .resolve("run_date=" + night(3))
                                    .resolve(f.getFileName().toString()));
                }
            }
        }
        assertThat(copy.resolve("_runs/" + night(3) + "/_SUCCESS")).doesNotExist();
        assertThat(Files.readString(copy.resolve("_runs/latest")).strip()).isEqualTo(night(7).toString());
    }

    private static void copyRecursively(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
