package org.crossenroll.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossenroll.monitor.Anomalies;
import org.crossenroll.monitor.Metrics;
import org.crossenroll.testing.PrometheusText;
import org.junit.jupiter.api.Test;

/**
 * The run's result document and its Prometheus text, from values set by hand (no Spark): the keys a scheduler reads,
 * their values, and a metrics file that parses by the text format's rules.
 */
class RunResultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // 2024-06-30T18:40:01Z is 2024-07-01 02:40:01 in China
    private static final Instant STARTED = Instant.parse("2024-06-30T18:40:01Z");
    private static final Instant FINISHED = Instant.parse("2024-06-30T18:40:13.500Z");

    private static Map<String, Long> reasons() {
        Map<String, Long> r = new LinkedHashMap<>();
        r.put("MALFORMED", 0L);
        r.put("MISSING_FIELD", 1L);
        r.put("INVALID_VALUE", 2L);
        return r;
    }

    private static RunResult published() {
        RunResult r = new RunResult(LocalDate.parse("2024-07-01"), "/srv/out", STARTED);
        r.stage("checked", 0.4);
        r.stage("validated", 2.25);
        r.counts(new RunResult.Counts(10, 6, 1, 3, reasons()));
        // 4 cooperation rows: 2 accepted, 1 superseded by its re-sent version, 1 INVALID_VALUE
        Map<String, Long> cooperationReasons = new LinkedHashMap<>();
        cooperationReasons.put("MALFORMED", 0L);
        cooperationReasons.put("INVALID_VALUE", 1L);
        r.cooperationCounts(new RunResult.Counts(4, 2, 1, 1, cooperationReasons));
        r.missingPairings(List.of(new RunResult.MissingPairing("330200-522300", "宁波市 x 黔西南布依族苗族自治州", "2024-06-29")));
        r.anomalies(List.of(new Anomalies.Anomaly(
                "rows_read",
                Metrics.EntityKind.FILE,
                "school \"a\".csv",
                null,
                0,
                31,
                -1,
                Anomalies.Strategy.RELATIVE_RATE_OF_CHANGE,
                0.5,
                Anomalies.Severity.SEVERE,
                1,
                LocalDate.parse("2024-06-30"),
                LocalDate.parse("2024-06-30"))));
        Map<String, Long> tables = new LinkedHashMap<>();
        tables.put("enrollments_clean", 6L);
        tables.put("quarantine", 3L);
        r.published(tables, "_runs/2024-07-01/manifest.json");
        r.stage("published", 0.05);
        r.retentionRemoved(List.of(LocalDate.parse("2024-06-01")));
        return r.finish(0, null, FINISHED);
    }

    @Test
    void aPublishedNightsDocument() throws Exception {
        JsonNode j = JSON.readTree(published().json());
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "result_schema_version",
                        "run_date",
                        "exit_code",
                        "status",
                        "reason",
                        "started_at",
                        "finished_at",
                        "elapsed_seconds",
                        "output",
                        "code_version",
                        "counts",
                        "cooperation_counts",
                        "stages",
                        "anomalies",
                        "missing_pairings",
                        "published_tables",
                        "retention_removed",
                        "manifest");
        assertThat(j.path("result_schema_version").asInt()).isEqualTo(1);
        assertThat(j.path("run_date").asText()).isEqualTo("2024-07-01");
        assertThat(j.path("exit_code").asInt()).isZero();
        assertThat(j.path("status").asText()).isEqualTo("published");
        assertThat(j.path("reason").isNull()).isTrue();
        assertThat(j.path("started_at").asText()).isEqualTo("2024-07-01T02:40:01+08:00");
        assertThat(j.path("finished_at").asText()).isEqualTo("2024-07-01T02:40:13.500+08:00");
        assertThat(j.path("elapsed_seconds").asDouble()).isEqualTo(12.5);
        assertThat(j.path("output").asText()).isEqualTo("/srv/out");
        JsonNode c = j.path("counts");
        assertThat(c.path("rows_read").asLong()).isEqualTo(10);
        assertThat(c.path("accepted").asLong()).isEqualTo(6);
        assertThat(c.path("superseded").asLong()).isEqualTo(1);
        assertThat(c.path("quarantined").asLong()).isEqualTo(3);
        assertThat(c.path("quarantined_by_reason").path("INVALID_VALUE").asLong())
                .isEqualTo(2);
        JsonNode coop = j.path("cooperation_counts");
        assertThat(List.of(
                        coop.path("rows_read").asLong(),
                        coop.path("accepted").asLong(),
                        coop.path("superseded").asLong(),
                        coop.path("quarantined").asLong(),
                        coop.path("quarantined_by_reason").path("INVALID_VALUE").asLong()))
                .containsExactly(4L, 2L, 1L, 1L, 1L);
        assertThat(j.path("missing_pairings").get(0).path("code").asText()).isEqualTo("330200-522300");
        assertThat(j.path("missing_pairings").get(0).path("last_seen_run_date").asText())
                .isEqualTo("2024-06-29");
        assertThat(j.path("stages").get(1).path("name").asText()).isEqualTo("validated");
        assertThat(j.path("stages").get(1).path("seconds").asDouble()).isEqualTo(2.25);
        assertThat(j.path("stages")).hasSize(3);
        assertThat(j.path("anomalies").path("severe").asLong()).isEqualTo(1);
        assertThat(j.path("anomalies").path("warning").asLong()).isZero();
        JsonNode a = j.path("anomalies").path("list").get(0);
        assertThat(a.path("entity_kind").asText()).isEqualTo("file");
        assertThat(a.path("code").asText()).isEqualTo("school \"a\".csv");
        assertThat(a.path("strategy").asText()).isEqualTo("relative_rate_of_change");
        assertThat(a.path("baseline").asDouble()).isEqualTo(31);
        assertThat(j.path("published_tables").path("quarantine").asLong()).isEqualTo(3);
        assertThat(j.path("retention_removed").get(0).asText()).isEqualTo("2024-06-01");
        assertThat(j.path("manifest").asText()).isEqualTo("_runs/2024-07-01/manifest.json");
    }

    @Test
    void aRunRefusedBeforeReadingHasItsSentenceAndNoCounts() throws Exception {
        RunResult r = new RunResult(LocalDate.parse("2024-07-01"), "/srv/out", STARTED)
                .finish(2, "Input directory /in does not exist.", FINISHED);
        JsonNode j = JSON.readTree(r.json());
        assertThat(j.path("exit_code").asInt()).isEqualTo(2);
        assertThat(j.path("status").asText()).isEqualTo("failed: user error");
        assertThat(j.path("reason").asText()).isEqualTo("Input directory /in does not exist.");
        assertThat(j.path("counts").isNull()).isTrue();
        assertThat(j.path("anomalies").isNull()).isTrue();
        assertThat(j.path("cooperation_counts").isNull()).isTrue();
        assertThat(j.path("missing_pairings").isNull()).isTrue();
        assertThat(j.path("published_tables").isEmpty()).isTrue();
        assertThat(j.path("manifest").isNull()).isTrue();

        Map<String, Double> m = parsePrometheus(r.prometheus());
        assertThat(m).containsEntry("crossenroll_last_run_exit_code", 2.0);
        assertThat(m).containsEntry("crossenroll_last_run_success", 0.0);
        assertThat(m.keySet())
                .noneMatch(k -> k.startsWith("crossenroll_rows_")
                        || k.startsWith("crossenroll_cooperation_")
                        || k.startsWith("crossenroll_missing_pairings"));
    }

    @Test
    void aDataCheckKeepsTheStatusItsManifestHas() throws Exception {
        RunResult r = new RunResult(LocalDate.parse("2024-07-01"), "/srv/out", STARTED);
        r.status(RunManifest.Status.FAILED_QUARANTINE.json());
        r.finish(3, "30.0% of the rows read were quarantined", FINISHED);
        assertThat(JSON.readTree(r.json()).path("status").asText())
                .isEqualTo("failed: quarantined fraction above the maximum");
        // a data check whose diagnosis could not be published (exit 1) is not reported as a data check
        RunResult broken = new RunResult(LocalDate.parse("2024-07-01"), "/srv/out", STARTED);
        broken.status(RunManifest.Status.FAILED_QUARANTINE.json());
        broken.finish(1, "the output's disk is full", FINISHED);
        assertThat(JSON.readTree(broken.json()).path("status").asText())
                .isEqualTo("failed: internal failure or a fault of the machine");
    }

    @Test
    void thePrometheusTextParsesAndCarriesTheCounts() {
        String text = published().prometheus();
        Map<String, Double> m = parsePrometheus(text);
        assertThat(m)
                .containsEntry("crossenroll_last_run_exit_code", 0.0)
                .containsEntry("crossenroll_last_run_success", 1.0)
                // 2024-06-30T18:40:13.5Z
                .containsEntry("crossenroll_last_run_timestamp_seconds", 1719772813.5)
                .containsEntry("crossenroll_last_run_duration_seconds", 12.5)
                .containsEntry(
                        "crossenroll_last_run_info{run_date=\"2024-07-01\",status=\"published\",code_version=\""
                                + org.crossenroll.base.BuildInfo.version() + "\"}",
                        1.0)
                .containsEntry("crossenroll_rows_read", 10.0)
                .containsEntry("crossenroll_rows_accepted", 6.0)
                .containsEntry("crossenroll_rows_superseded", 1.0)
                .containsEntry("crossenroll_rows_quarantined{reason=\"MALFORMED\"}", 0.0)
                .containsEntry("crossenroll_rows_quarantined{reason=\"MISSING_FIELD\"}", 1.0)
                .containsEntry("crossenroll_rows_quarantined{reason=\"INVALID_VALUE\"}", 2.0)
                .containsEntry("crossenroll_stage_duration_seconds{stage=\"validated\"}", 2.25)
                .containsEntry("crossenroll_stage_duration_seconds{stage=\"published\"}", 0.05)
                .containsEntry("crossenroll_cooperation_rows_read", 4.0)
                .containsEntry("crossenroll_cooperation_rows_accepted", 2.0)
                .containsEntry("crossenroll_cooperation_rows_superseded", 1.0)
                .containsEntry("crossenroll_cooperation_rows_quarantined{reason=\"MALFORMED\"}", 0.0)
                .containsEntry("crossenroll_cooperation_rows_quarantined{reason=\"INVALID_VALUE\"}", 1.0)
                .containsEntry("crossenroll_missing_pairings", 1.0)
                .containsEntry("crossenroll_anomalies{severity=\"severe\"}", 1.0)
                .containsEntry("crossenroll_anomalies{severity=\"warning\"}", 0.0)
                .containsEntry("crossenroll_published_table_rows{table=\"enrollments_clean\"}", 6.0);
        assertThat(text).endsWith("\n").doesNotContain("\r");
    }

    @Test
    void labelValuesAreEscapedAsTheFormatSays() {
        RunResult r = new RunResult(null, "/srv/out", STARTED);
        r.stage("a\"b\\c\nd", 1);
        Map<String, Double> m = parsePrometheus(r.finish(1, "x", FINISHED).prometheus());
        assertThat(m).containsKey("crossenroll_stage_duration_seconds{stage=\"a\\\"b\\\\c\\nd\"}");
        // no run date: the label is left out rather than empty
        assertThat(m.keySet()).anyMatch(k -> k.startsWith("crossenroll_last_run_info{status="));
    }

    private static Map<String, Double> parsePrometheus(String text) {
        return PrometheusText.parse(text);
    }
}
