package org.crossenroll.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.crossenroll.testing.Hang;
import org.crossenroll.testing.SparkProcesses;

/**
 * The bundled sample through the real SparkSubmit in local mode, run once per test JVM and shared: the output every
 * cluster run (standalone, YARN) must equal table for table. It starts in the background on first use, so a test
 * can bring its cluster up meanwhile.
 */
final class LocalReference {
    static final String RUN_DATE = "2024-06-30";
    static final String NAME = "submit-local";
    /** The bundled sample's counts, as the README states them. */
    static final String SAMPLE_SUMMARY = "16823 rows read, 15312 accepted, 1451 superseded, 60 quarantined";

    private static SparkProcesses processes;
    private static CompletableFuture<Integer> run;

    private LocalReference() {}

    /** Starts the run unless it has been started. */
    static synchronized void start() throws IOException {
        if (run != null) {
            return;
        }
        Path work = SparkProcesses.projectDir().resolve("target/local-reference");
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        processes = new SparkProcesses(work);
        Path project = SparkProcesses.projectDir();
        List<String> args = List.of(
                "run",
                "--input",
                project.resolve("data/sample").toUri().toString(),
                "--output",
                output().toUri().toString(),
                "--run-date",
                RUN_DATE,
                "--key-file",
                project.resolve("data/demo.key").toString());
        run = CompletableFuture.supplyAsync(() -> {
            try {
                return processes.submit(
                        NAME, "local[2]", List.of("spark.sql.shuffle.partitions=4"), args, Hang.WHOLE_RUN, () -> {});
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits for the run and returns its exit code. */
    static int exitCode() throws Exception {
        start();
        // the submit itself gives up after Hang.WHOLE_RUN
        return run.get(Hang.WHOLE_RUN.toMinutes() + 1, java.util.concurrent.TimeUnit.MINUTES);
    }

    static Path output() {
        return SparkProcesses.projectDir().resolve("target/local-reference/out");
    }

    static String stdout() {
        return SparkProcesses.read(processes.stdout(NAME));
    }

    static String stderr() {
        return SparkProcesses.read(processes.stderr(NAME));
    }

    /** The run's processes, stopped by the shutdown hook of {@link SparkProcesses} at the latest. */
    static synchronized List<ProcessHandle> stop() {
        return processes == null ? List.of() : processes.stopAll();
    }
}
