package org.crossenroll.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.crossenroll.testing.Hang;
import org.crossenroll.testing.SparkProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The thin application jar through the real {@code org.apache.spark.deploy.SparkSubmit} (what the spark-submit
 * script runs): first in local mode ({@link LocalReference}), then on a standalone cluster on 127.0.0.1 (one master,
 * two one-core workers, executors in their own JVMs) while one worker and its executor are killed mid-run. Every
 * table of the cluster run must equal the local run's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.CONCURRENT) // mostly waits on its cluster's JVMs: beside another class
class ClusterIT {
    static Path work;
    static SparkProcesses spark;

    @BeforeAll
    static void setUp() throws IOException {
        work = SparkProcesses.projectDir().resolve("target/cluster-it");
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                old.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        spark = new SparkProcesses(work);
    }

    @AfterAll
    static void tearDown() {
        List<ProcessHandle> alive = spark.stopAll();
        assertThat(alive).as("processes left running").isEmpty();
    }

    private static List<String> runArgs(String output) {
        Path project = SparkProcesses.projectDir();
        return List.of(
                "run",
                "--input",
                project.resolve("data/sample").toString(),
                "--output",
                work.resolve(output).toString(),
                "--run-date",
                LocalReference.RUN_DATE,
                "--key-file",
                project.resolve("data/demo.key").toString());
    }

    @Test
    @Order(1)
    void sparkSubmitRunsTheThinJarInLocalMode() throws Exception {
        int exit = LocalReference.exitCode();
        String err = LocalReference.stderr();
        assertThat(exit).as(err).isZero();
        assertThat(LocalReference.stdout()).contains(LocalReference.SAMPLE_SUMMARY);
        assertThat(err).as("Spark's INFO lines are off under spark-submit too").doesNotContain(" INFO ");
        assertThat(err).contains("[crossenroll] published");
        assertThat(Files.readString(LocalReference.output().resolve("_runs/latest"))
                        .strip())
                .isEqualTo(LocalReference.RUN_DATE);
    }

    /**
     * One cluster run proves both: its tasks ran on the workers' executors (none in the driver), and losing a worker
     * with its executor once the intake is validated (the executors then hold the persisted rows and shuffle files
     * the rest of the run needs) makes Spark recompute them from lineage, with the same tables as the local run.
     */
    @Test
    @Order(2)
    void standaloneClusterGivesTheSameReportsWhenAWorkerIsKilledMidRun() throws Exception {
        LocalReference.start();
        spark.startCluster();
        Path events = Files.createDirectories(work.resolve("events-fault"));
        Process worker2 = spark.worker(2);
        int exit = spark.submit(
                "submit-fault",
                SparkProcesses.MASTER_URL,
                clusterConf(events),
                runArgs("fault"),
                Hang.WHOLE_RUN,
                () -> {
                    try {
                        SparkProcesses.await(
                                Hang.WHOLE_RUN,
                                () -> SparkProcesses.read(spark.stderr("submit-fault"))
                                        .contains("[crossenroll] validated"),
                                "the intake to be validated");
                        spark.kill(worker2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        assertThat(worker2.isAlive()).isFalse();
        String err = SparkProcesses.read(spark.stderr("submit-fault"));
        assertThat(exit).as(err).isZero();
        assertThat(events(events, "SparkListenerExecutorRemoved", "Executor ID"))
                .as("an executor was lost")
                .hasSize(1);
        assertThat(events(events, "SparkListenerTaskEnd", "Task Info", "Executor ID"))
                .as("tasks ran on the workers' executors, none in the driver")
                .hasSizeGreaterThanOrEqualTo(2)
                .doesNotContain("driver");
        assertThat(LocalReference.exitCode()).isZero();
        OutputTables.assertSame(LocalReference.output(), work.resolve("fault"));
    }

    /** Event log settings: one plain JSON file per application, so the test can read it. */
    private static List<String> clusterConf(Path events) {
        return List.of(
                "spark.eventLog.enabled=true",
                "spark.eventLog.dir=" + events.toUri(),
                "spark.eventLog.rolling.enabled=false",
                "spark.eventLog.compress=false",
                "spark.executor.memory=1g",
                "spark.sql.shuffle.partitions=8",
                "spark.executor.extraJavaOptions=" + String.join(" ", SparkProcesses.SHORT_LIVED_JVM));
    }

    /** The distinct values at {@code path} of every event of one type in the event logs under a directory. */
    private static Set<String> events(Path eventDir, String type, String... path) throws IOException {
        Set<String> values = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> logs = Files.walk(eventDir)) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(log)) {
                    JsonNode e = json.readTree(line);
                    if (type.equals(e.path("Event").asText())) {
                        for (String p : path) {
                            e = e.path(p);
                        }
                        values.add(e.asText());
                    }
                }
            }
        }
        return values;
    }
}
