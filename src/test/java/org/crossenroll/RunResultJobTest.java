package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.crossenroll.base.ExitCode;
import org.crossenroll.catalog.Tables;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.PrometheusText;
import org.crossenroll.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --json} and {@code --metrics-file} end to end: a published night, then a night that fails its data
 * check on the same output (two whole-job runs), and a run refused before it reads anything. The counts are those of
 * a ten-row input worked out by hand.
 */
class RunResultJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * Ten rows: five good enrollments; one record sent twice (the older version superseded); a blank student_id
     * (MISSING_FIELD), a gender X (INVALID_VALUE), a county code no reference knows (UNKNOWN_REGION). So 10 read, 6
     * accepted, 1 superseded, 3 quarantined: 30% quarantined.
     */
    private Path input() throws IOException {
        List<Object> rows = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            rows.add(Fixtures.row("G" + i, "S" + i));
        }
        rows.add(Fixtures.row("SUP", "S9"));
        rows.add(Fixtures.row("SUP", "S9", "updated_at", "2020-01-01 10:00:00"));
        rows.add(Fixtures.row("MIS", ""));
        rows.add(Fixtures.row("INV", "S7", "gender", "X"));
        rows.add(Fixtures.row("UNK", "S8", "origin_county_code", "999999"));
        Path input = tmp.resolve("in");
        Fixtures.csv(input.resolve("rows.csv"), rows);
        return input;
    }

    private Runs.Result run(Path input, Path out, String date, Path metrics, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--run-date",
                date,
                "--key-file",
                Runs.keyFile(tmp).toString(),
                "--json",
                "--metrics-file",
                metrics.toString()));
        args.addAll(List.of(extra));
        return Runs.cli(args.toArray(new String[0]));
    }

    /** Stdout is exactly one JSON document. */
    private static JsonNode document(Runs.Result r) throws IOException {
        String out = r.out().strip();
        assertThat(out).as(r.err()).startsWith("{").endsWith("}");
        JsonNode j = JSON.readTree(out);
        assertThat(JSON.writeValueAsString(j)).isEqualTo(JSON.writeValueAsString(JSON.readTree(r.out())));
        return j;
    }

    private static Map<String, Double> metrics(Path file) throws IOException {
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .as("no temporary file left")
                    .containsExactly(file.getFileName().toString());
        }
        return PrometheusText.parse(Files.readString(file));
    }

    @Test
    void aPublishedNightThenAFailedDataCheckEachTellTheirResult() throws IOException {
        Path input = input();
        Path out = tmp.resolve("out");
        Path metrics = Files.createDirectories(tmp.resolve("textfile")).resolve("crossenroll.prom");

        Runs.Result first = run(input, out, "2024-06-30", metrics, "--max-quarantined-fraction", "0.5");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("10 rows read, 6 accepted, 1 superseded, 3 quarantined");
        JsonNode j = document(first);
        assertThat(j.path("exit_code").asInt()).isZero();
        assertThat(j.path("status").asText()).isEqualTo("published");
        assertThat(j.path("run_date").asText()).isEqualTo("2024-06-30");
        assertThat(j.path("started_at").asText()).endsWith("+08:00");
        JsonNode c = j.path("counts");
        assertThat(c.path("rows_read").asLong()).isEqualTo(10);
        assertThat(c.path("accepted").asLong()).isEqualTo(6);
        assertThat(c.path("superseded").asLong()).isEqualTo(1);
        assertThat(c.path("quarantined").asLong()).isEqualTo(3);
        Map<String, Long> reasons = new TreeMap<>();
        c.path("quarantined_by_reason").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() > 0) {
                reasons.put(e.getKey(), e.getValue().asLong());
            }
        });
        assertThat(reasons).isEqualTo(Map.of("MISSING_FIELD", 1L, "INVALID_VALUE", 1L, "UNKNOWN_REGION", 1L));
        List<String> stages = new ArrayList<>();
        j.path("stages").forEach(s -> stages.add(s.path("name").asText()));
        assertThat(stages)
                .containsExactly("checked", "validated", "written", "monitored", "reports", "cooperation", "published");
        assertThat(j.path("anomalies").path("severe").asLong()).isZero();
        JsonNode tables = j.path("published_tables");
        assertThat(tables.size()).isEqualTo(Tables.publishedTables().size());
        assertThat(tables.path("enrollments_clean").asLong()).isEqualTo(6);
        assertThat(tables.path("quarantine").asLong()).isEqualTo(3);
        assertThat(tables.path("data_quality").asLong()).isEqualTo(1);
        assertThat(j.path("manifest").asText()).isEqualTo("_runs/2024-06-30/manifest.json");
        assertThat(JSON.readTree(out.resolve("_runs/2024-06-30/result.json").toFile()))
                .as("the same document kept beside the manifest")
                .isEqualTo(j);
        Map<String, Double> m = metrics(metrics);
        assertThat(m)
                .containsEntry("crossenroll_last_run_exit_code", 0.0)
                .containsEntry("crossenroll_rows_read", 10.0)
                .containsEntry("crossenroll_rows_accepted", 6.0)
                .containsEntry("crossenroll_rows_superseded", 1.0)
                .containsEntry("crossenroll_rows_quarantined{reason=\"UNKNOWN_REGION\"}", 1.0)
                .containsEntry("crossenroll_rows_quarantined{reason=\"MALFORMED\"}", 0.0)
                .containsKey("crossenroll_stage_duration_seconds{stage=\"validated\"}");

        // The same rows the next night under the default 5%: 30% quarantined fails the data check (exit 3).
        Runs.Result second = run(input, out, "2024-07-01", metrics);
        assertThat(second.exitCode()).as(second.err()).isEqualTo(ExitCode.DATA_CHECK);
        JsonNode f = document(second);
        assertThat(f.path("exit_code").asInt()).isEqualTo(3);
        assertThat(f.path("status").asText()).isEqualTo("failed: quarantined fraction above the maximum");
        String sentence = second.err()
                .lines()
                .filter(l -> l.startsWith("crossenroll: "))
                .findFirst()
                .orElseThrow()
                .substring("crossenroll: ".length());
        assertThat(f.path("reason").asText())
                .isEqualTo(sentence)
                .startsWith("30.0% of the rows read were quarantined (3 of 10)");
        assertThat(f.path("counts").path("quarantined").asLong()).isEqualTo(3);
        List<String> diagnosis = new ArrayList<>();
        f.path("published_tables").fieldNames().forEachRemaining(diagnosis::add);
        assertThat(diagnosis).containsExactlyInAnyOrderElementsOf(Tables.DIAGNOSIS_TABLES);
        assertThat(JSON.readTree(out.resolve("_runs/2024-07-01/result.json").toFile()))
                .isEqualTo(f);
        assertThat(out.resolve("_runs/2024-07-01/_SUCCESS")).doesNotExist();
        assertThat(metrics(metrics))
                .containsEntry("crossenroll_last_run_exit_code", 3.0)
                .containsEntry("crossenroll_last_run_success", 0.0)
                .containsEntry("crossenroll_rows_read", 10.0);
    }

    @Test
    void aRunRefusedBeforeReadingPrintsItsResultAndWritesNothingInTheOutput() throws IOException {
        Path out = tmp.resolve("out");
        Path metrics = Files.createDirectories(tmp.resolve("textfile")).resolve("crossenroll.prom");
        Runs.Result r = run(tmp.resolve("no-such-input"), out, "2024-06-30", metrics);
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        JsonNode j = document(r);
        assertThat(j.path("exit_code").asInt()).isEqualTo(2);
        assertThat(j.path("status").asText()).isEqualTo("failed: user error");
        assertThat("crossenroll: " + j.path("reason").asText())
                .isEqualTo(r.err().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(j.path("counts").isNull()).isTrue();
        assertThat(out).doesNotExist();
        assertThat(metrics(metrics))
                .containsEntry("crossenroll_last_run_exit_code", 2.0)
                .doesNotContainKey("crossenroll_rows_read");

        // a metrics file that cannot be written is refused before anything runs
        Runs.Result nowhere = run(tmp.resolve("no-such-input"), out, "2024-06-30", tmp.resolve("no/dir/m.prom"));
        assertThat(nowhere.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(nowhere.err()).contains("--metrics-file").contains("does not exist");
        assertThat(document(nowhere).path("exit_code").asInt()).isEqualTo(2);
    }
}
