package org.crossenroll.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Seven generated nights ({@code crossenroll generate --nights 7}) run one after the other into one output, once per
 * test JVM, into target/monitoring-run: the monitoring's whole-job scenario and notebook 04 both read it. Small
 * nights (2,000 enrollments the first): each whole-job run costs seconds whatever its size.
 */
public final class MonitoringNights {
    public static final int NIGHTS = 7;
    public static final int ENROLLMENTS = 2000;
    public static final LocalDate FIRST = LocalDate.parse("2024-06-24");
    private static List<Runs.Result> results;
    private static Path root;

    private MonitoringNights() {}

    public static synchronized List<Runs.Result> results() {
        if (results == null) {
            root = TestSpark.projectDir().resolve("target/monitoring-run");
            Runs.deleteRecursively(root);
            try {
                Files.createDirectories(root);
                Runs.Result generated = Runs.cli(
                        "generate",
                        "--output",
                        input().toString(),
                        "--records",
                        String.valueOf(ENROLLMENTS),
                        "--nights",
                        String.valueOf(NIGHTS),
                        "--first-night",
                        FIRST.toString());
                if (generated.exitCode() != 0) {
                    throw new IllegalStateException("crossenroll generate failed: " + generated.err());
                }
                List<Runs.Result> done = new ArrayList<>();
                for (int k = 0; k < NIGHTS; k++) {
                    LocalDate night = FIRST.plusDays(k);
                    // --min-cell-count 1: these nights test the monitoring, not the published layer (tested at the
                    // default k by its own tests)
                    done.add(Runs.cli(
                            "run",
                            "--input",
                            input().resolve(night.toString()).toString(),
                            "--output",
                            root.resolve("out").toString(),
                            "--run-date",
                            night.toString(),
                            "--key-file",
                            Runs.keyFile(root).toString(),
                            "--min-cell-count",
                            "1"));
                }
                results = done;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return results;
    }

    public static Path input() {
        return root.resolve("in");
    }

    public static Path output() {
        results();
        return root.resolve("out");
    }
}
