package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.crossenroll.base.ExitCode;
import org.crossenroll.catalog.Tables;
import org.crossenroll.disclosure.DesignedLayer;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.job.CrossEnrollJob;
import org.crossenroll.job.JobConfig;
import org.crossenroll.job.TestHooks;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.reference.Pairings;
import org.crossenroll.reference.Regions;
import org.crossenroll.storage.PublishSteps;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reruns, atomic publish with rollback, the quarantine threshold (exit 3), retention, progress lines. */
class NightlyOperationsTest {
    static final List<String> REPORTS =
            List.of("flows", "origin_summary", "host_summary", "pairing_progress", "outcomes");

    @TempDir
    Path tmp;

    /** Ten good rows, plus {@code bad} rows with an unknown status. */
    private Path input(String name, int good, int bad) throws IOException {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < good; i++) {
            rows.add(Fixtures.row(name + "-G" + i, name + "S" + i));
        }
        for (int i = 0; i < bad; i++) {
            rows.add(Fixtures.row(name + "-B" + i, name + "X" + i, "status", "UNKNOWN"));
        }
        Path input = tmp.resolve(name);
        Fixtures.csv(input.resolve("rows.csv"), rows);
        return input;
    }

    private Runs.Result run(Path input, Path out, String date, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--run-date",
                date,
                "--key-file",
                Runs.keyFile(tmp).toString()));
        args.addAll(List.of(extra));
        return Runs.cli(args.toArray(new String[0]));
    }

    /** The first province_flows row of the published layer shows a million students, not its ptable value. */
    private static Map<DesignedLayer.Table, List<org.apache.spark.sql.Row>> publishFirstFlow(
            Map<DesignedLayer.Table, List<org.apache.spark.sql.Row>> layer) {
        Map<DesignedLayer.Table, List<org.apache.spark.sql.Row>> changed = new java.util.LinkedHashMap<>(layer);
        List<org.apache.spark.sql.Row> flows = new ArrayList<>(layer.get(DesignedLayer.Table.PROVINCE_FLOWS));
        org.apache.spark.sql.Row first = flows.get(0);
        Object[] values = new Object[first.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = first.get(i);
        }
        values[first.fieldIndex("students")] = 1_000_000L;
        flows.set(0, new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values, first.schema()));
        changed.put(DesignedLayer.Table.PROVINCE_FLOWS, flows);
        return changed;
    }

    /** Every file under the output (staging aside) with a hash of its bytes. */
    private static Map<String, String> snapshot(Path out) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String relative = out.relativize(f).toString();
                if (!relative.startsWith("_staging")) {
                    files.put(relative, sha256(Files.readAllBytes(f)));
                }
            }
        }
        return files;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sameInputAndKeyGiveIdenticalContentsAndOneProgressLinePerStage() throws IOException {
        Path input = input("same", 10, 0);
        Runs.Result first = run(input, tmp.resolve("a"), "2024-06-30");
        assertThat(first.exitCode()).isZero();
        List<String> stages = first.err()
                .lines()
                .filter(l -> l.startsWith("[crossenroll]"))
                .map(l -> l.split("\\s+")[1])
                .toList();
        assertThat(stages)
                .containsExactly("checked", "validated", "written", "monitored", "reports", "cooperation", "published");
        assertThat(first.err()).doesNotContain(" INFO ");
        assertThat(first.out()).contains("10 rows read, 10 accepted, 0 superseded, 0 quarantined");

        assertThat(run(input, tmp.resolve("b"), "2024-06-30").exitCode()).isZero();
        for (String report : REPORTS) {
            Path a = tmp.resolve("a").resolve(report).resolve("run_date=2024-06-30/part-00000.parquet");
            Path b = tmp.resolve("b").resolve(report).resolve("run_date=2024-06-30/part-00000.parquet");
            assertThat(Files.readAllBytes(a)).as(report).isEqualTo(Files.readAllBytes(b));
        }
        for (String table : List.of("enrollments_clean", "quarantine", "data_quality")) {
            assertThat(Runs.table(tmp.resolve("a"), table))
                    .as(table)
                    .containsExactlyInAnyOrderElementsOf(Runs.table(tmp.resolve("b"), table));
        }
    }

    /**
     * Nights on one output, in the order an operator meets them: a publish that fails, a night above the quarantine
     * threshold and its tolerant rerun, then retention. One output for all (each whole-job run costs seconds), so each
     * night also starts from what the earlier ones left.
     */
    @Test
    void nightsOnOneOutput() throws IOException {
        Path out = tmp.resolve("out");
        assertThat(run(input("older", 3, 0), out, "2024-06-29").exitCode()).isZero();
        assertThat(run(input("first", 10, 0), out, "2024-06-30").exitCode()).isZero();

        // A failure during the publish, before its commit point, leaves every file as it was. One step end to end here;
        // PublisherTest fails (and crashes) every step on small staged tables.
        Map<String, String> before = snapshot(out);
        String failAt = PublishSteps.COMMIT;
        CrossEnrollJob job = TestHooks.during(
                CrossEnrollJob.Hooks.NONE.withPublishSteps(step -> {
                    if (step.equals(failAt)) {
                        throw new IllegalStateException("disk full (injected at " + step + ")");
                    }
                }),
                () -> new CrossEnrollJob(TestSpark.session(), new PrintStream(new ByteArrayOutputStream())));
        JobConfig config = JobConfig.builder()
                .input(input("second", 7, 0).toString())
                .output(out.toString())
                .runDate(LocalDate.parse("2024-06-30"))
                .regions(Regions.BUNDLED)
                .pairings(Pairings.BUNDLED)
                .key(PseudonymKey.of(Runs.TEST_KEY.getBytes(StandardCharsets.UTF_8), "t"))
                .encoding(Encoding.AUTO)
                .maxQuarantinedFraction(0.05)
                .keepDays(null)
                .minCellCount(JobConfig.DEFAULT_MIN_CELL_COUNT)
                .schemes(org.crossenroll.reference.Schemes.BUNDLED)
                .build();
        assertThatThrownBy(() -> job.run(config)).hasMessageContaining("injected at " + failAt);
        assertThat(snapshot(out)).as("after a failure at %s", failAt).isEqualTo(before);
        assertThat(Runs.table(out, "enrollments_clean")).as("still readable").hasSize(10);

        // Above the quarantine threshold: exit 3, only the diagnosis published, latest stays.
        Runs.Result r = run(input("bad", 9, 1), out, "2024-07-01"); // 1 of 10 = 10% > 5%
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.DATA_CHECK);
        assertThat(r.err())
                .contains("10.0% of the rows read were quarantined (1 of 10)")
                .contains("--max-quarantined-fraction 0.05");
        assertThat(r.err().lines().filter(l -> l.startsWith("crossenroll:")).count())
                .isEqualTo(1);
        assertThat(out.resolve("quarantine/run_date=2024-07-01")).isDirectory();
        assertThat(out.resolve("data_quality/run_date=2024-07-01")).isDirectory();
        for (String table : List.of(
                "enrollments_clean",
                "flows",
                "origin_summary",
                "host_summary",
                "pairing_progress",
                "outcomes",
                "published/province_flows",
                "published/province_outcomes")) {
            assertThat(out.resolve(table).resolve("run_date=2024-07-01"))
                    .as(table)
                    .doesNotExist();
            assertThat(out.resolve(table).resolve("run_date=2024-06-30"))
                    .as(table)
                    .isDirectory();
        }
        var manifest = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("_runs/2024-07-01/manifest.json").toFile());
        assertThat(manifest.path("status").asText()).startsWith("failed");
        // It says what it checked and what it did not: no reports were built, so no report check can have passed.
        assertThat(manifest.path("checks").path("identity").path("status").asText())
                .isEqualTo("passed");
        assertThat(manifest.path("checks").path("cross_report").path("status").asText())
                .isEqualTo("not run");
        assertThat(manifest.path("checks")
                        .path("disclosure_audit")
                        .path("status")
                        .asText())
                .isEqualTo("not run");
        assertThat(manifest.toString()).doesNotContain("agree in flows");
        assertThat(manifest.path("published_tables").toString())
                .isEqualTo("[\"quarantine\",\"data_quality\",\"metrics\",\"completeness\",\"anomalies\"]");
        assertThat(out.resolve("_runs/2024-07-01/_SUCCESS")).doesNotExist();
        assertThat(Files.readString(out.resolve("_runs/latest")).strip()).isEqualTo("2024-06-30");

        // A published layer its audit refuses (forced by a hook that publishes a count other than its ptable value): a
        // data check too, exit 3 and one sentence naming table, column and row; the earlier nights and `latest` stay
        // as they were.
        Map<String, String> beforeAudit = snapshot(out);
        ByteArrayOutputStream auditErr = new ByteArrayOutputStream();
        int audit;
        try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(auditErr, true, StandardCharsets.UTF_8)) {
            String[] args = {
                "run",
                "--input",
                input("audited", 10, 0).toString(),
                "--output",
                out.toString(),
                "--run-date",
                "2024-07-01",
                "--key-file",
                Runs.keyFile(tmp).toString()
            };
            audit = TestHooks.during(
                    CrossEnrollJob.Hooks.NONE.withPublishedLayer(NightlyOperationsTest::publishFirstFlow),
                    () -> CrossEnroll.execute(args, o, e, TestSpark::session));
        }
        String auditMessage = auditErr.toString(StandardCharsets.UTF_8);
        assertThat(audit).as(auditMessage).isEqualTo(ExitCode.DATA_CHECK);
        List<String> said =
                auditMessage.lines().filter(l -> l.startsWith("crossenroll:")).toList();
        assertThat(said).as(auditMessage).hasSize(1);
        assertThat(said.get(0))
                .contains("the disclosure audit of the published layer failed")
                .contains("province_flows students = 1000000 is not the sum of its fine values, ");
        assertThat(auditMessage).doesNotContain("\tat org.").doesNotContain("Exception");
        assertThat(Files.readString(out.resolve("_runs/latest")).strip()).isEqualTo("2024-06-30");
        assertThat(out.resolve("_runs/2024-07-01/_SUCCESS")).doesNotExist();
        assertThat(out.resolve("published/province_flows/run_date=2024-07-01")).doesNotExist();
        Map<String, String> afterAudit = snapshot(out);
        beforeAudit.forEach((file, hash) -> {
            if (!file.contains("2024-07-01") && !file.startsWith("runs")) {
                assertThat(afterAudit.get(file)).as(file).isEqualTo(hash);
            }
        });
        var audited = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("_runs/2024-07-01/manifest.json").toFile());
        assertThat(audited.path("status").asText()).isEqualTo("failed: the published layer could not be proven safe");
        assertThat(audited.path("checks").path("cross_report").path("status").asText())
                .isEqualTo("passed");
        assertThat(audited.path("checks")
                        .path("disclosure_audit")
                        .path("status")
                        .asText())
                .isEqualTo("failed");
        assertThat(audited.path("checks")
                        .path("disclosure_audit")
                        .path("detail")
                        .asText())
                .contains("province_flows students = 1000000");

        Runs.Result tolerant = run(input("bad", 9, 1), out, "2024-07-01", "--max-quarantined-fraction", "0.2");
        assertThat(tolerant.exitCode()).isZero();
        assertThat(out.resolve("_runs/2024-07-01/_SUCCESS")).exists();
        assertThat(Files.readString(out.resolve("_runs/latest")).strip()).isEqualTo("2024-07-01");

        // Retention, end to end once; PublisherTest checks the boundary (which dates are kept) on small staged tables.
        Runs.Result kept = run(input("days", 4, 0), out, "2024-07-02", "--keep-days", "2");
        assertThat(kept.exitCode()).as(kept.err()).isZero();
        assertThat(kept.err())
                .contains("removed run dates [2024-06-29, 2024-06-30]")
                .contains(
                        "warning: --keep-days 2 keeps 1 night before the run date, while the monitoring compares with the "
                                + "nights of the last 30 days (--expect-from-days); keep 31 days");
        for (String table : Tables.publishedTables()) {
            try (Stream<Path> dirs = Files.list(out.resolve(table))) {
                assertThat(dirs.map(p -> p.getFileName().toString())
                                .filter(n -> !n.startsWith("."))
                                .sorted()
                                .toList())
                        .as(table)
                        .containsExactly("run_date=2024-07-01", "run_date=2024-07-02");
            }
        }
        try (Stream<Path> runs = Files.list(out.resolve("_runs"))) {
            assertThat(runs.map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith("."))
                            .sorted()
                            .toList())
                    .containsExactly("2024-07-01", "2024-07-02", "latest");
        }
    }
}
