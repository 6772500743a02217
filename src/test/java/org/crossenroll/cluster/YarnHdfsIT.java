package org.crossenroll.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.crossenroll.crash.CrashingPublish;
import org.crossenroll.crash.Nights;
import org.crossenroll.crash.PublishCrashIT;
import org.crossenroll.testing.ChildJvm;
import org.crossenroll.testing.Hang;
import org.crossenroll.testing.SparkProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The application jar through spark-submit {@code --master yarn --deploy-mode cluster} on a real YARN and HDFS
 * (Hadoop's minicluster, in this JVM, on 127.0.0.1): the driver runs in YARN's application master, the input lies
 * behind a file system that only {@code spark.hadoop.*} settings describe, and the output is written to HDFS. Every
 * table must equal that of the local-mode run of the same input ({@link LocalReference}). One YARN run, not one per
 * deploy mode: client mode (the driver in spark-submit's JVM) is what ClusterIT runs on the standalone cluster, and
 * each whole-job run costs about a minute on two cores.
 */
@Execution(ExecutionMode.CONCURRENT) // mostly waits on other processes: beside another class
class YarnHdfsIT {
    static final String RUN_DATE = LocalReference.RUN_DATE;
    static final String INPUT = "/intake/incoming";

    static Path work;
    static YarnHdfsCluster cluster;

    @BeforeAll
    static void setUp() throws Exception {
        work = SparkProcesses.projectDir().resolve("target/yarn-hdfs-it");
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        LocalReference.start(); // runs while the cluster starts
        cluster = YarnHdfsCluster.start(work.resolve("cluster"));
        cluster.put(SparkProcesses.projectDir().resolve("data/sample"), INPUT);
    }

    @AfterAll
    static void tearDown() {
        List<ProcessHandle> alive = new java.util.ArrayList<>();
        if (cluster != null) {
            alive.addAll(cluster.stop());
        }
        alive.addAll(LocalReference.stop());
        assertThat(alive).as("processes left running").isEmpty();
    }

    /** The local-mode reference output, once its run has finished. */
    private static Path reference() throws Exception {
        int exit = LocalReference.exitCode();
        assertThat(exit).as(LocalReference.stderr()).isZero();
        assertThat(LocalReference.stdout()).contains(LocalReference.SAMPLE_SUMMARY);
        return LocalReference.output();
    }

    private static String diagnose(String submit, ApplicationReport app) throws IOException {
        return SparkProcesses.read(cluster.spark().stderr(submit)) + "\n"
                + (app == null
                        ? "(no application)"
                        : app.getDiagnostics() + "\n"
                                + cluster.containerLogs(app.getApplicationId().toString()));
    }

    /**
     * Cluster deploy mode, output on HDFS, input behind {@code viewfs://intake/}: a mount table that only this
     * submission's {@code spark.hadoop.*} settings define (a federated cluster's alias), unknown to the gateway's
     * HADOOP_CONF_DIR. The driver (in the application master) and the executors open the input files, so both must
     * be given the job's Hadoop configuration, not a {@code new Configuration()}. The key file is shipped with the
     * application ({@code --files}, here its configuration key) and named relative to the container's directory.
     * Exactly one application runs and finishes SUCCEEDED in its only attempt (the cluster allows one).
     */
    @Test
    void clusterDeployModeReadsInputThatOnlySparkHadoopSettingsDescribeAndWritesToHdfs() throws Exception {
        String mount = "fs.viewfs.mounttable.intake.link./incoming=" + cluster.hdfs() + INPUT;
        assertThatThrownBy(() -> new org.apache.hadoop.fs.Path("viewfs://intake/incoming")
                        .getFileSystem(cluster.clientConfiguration())
                        .exists(new org.apache.hadoop.fs.Path("/incoming")))
                .as("the client configuration alone does not resolve viewfs://intake/")
                .isInstanceOf(IOException.class);
        String name = "submit-cluster";
        int before = cluster.applications().size();
        int exit = cluster.submit(
                name,
                "cluster",
                List.of(
                        "spark.hadoop." + mount,
                        "spark.yarn.dist.files=" + SparkProcesses.projectDir().resolve("data/demo.key")
                                + "#pseudonym.key"),
                List.of(
                        "run",
                        "--input",
                        "viewfs://intake/incoming",
                        "--output",
                        "hdfs:///crossenroll/cluster",
                        "--run-date",
                        RUN_DATE,
                        "--key-file",
                        "pseudonym.key"),
                Hang.WHOLE_RUN);
        List<ApplicationReport> apps = cluster.applications();
        ApplicationReport app = apps.size() > before ? apps.get(apps.size() - 1) : null;
        assertThat(exit).as(diagnose(name, app)).isZero();
        assertThat(apps).as("one application per submission").hasSize(before + 1);
        assertThat(app.getFinalApplicationStatus()).as(diagnose(name, app)).isEqualTo(FinalApplicationStatus.SUCCEEDED);
        assertThat(SparkProcesses.read(cluster.spark().stdout(name))).doesNotContain(LocalReference.SAMPLE_SUMMARY);
        assertThat(cluster.containerLogs(app.getApplicationId().toString()))
                .as("the driver's summary, printed inside YARN's application master")
                .contains(LocalReference.SAMPLE_SUMMARY);
        assertThat(cluster.fileSystem().exists(new org.apache.hadoop.fs.Path("/crossenroll/cluster/_runs/latest")))
                .isTrue();
        OutputTables.assertSame(reference(), cluster.get("/crossenroll/cluster", "cluster"));
    }

    /**
     * The publish protocol on HDFS, where renames, the lock's create-if-absent and the heartbeat are the NameNode's:
     * a second run is refused while one holds the output, and a run killed with SIGKILL before a sample of the
     * commit's steps (every step is killed on the local disk in PublishCrashIT) is recovered to exactly the old or
     * exactly the new night, read back with DuckDB.
     */
    @Test
    void onHdfsASecondRunIsRefusedAndAKilledPublishIsRecoveredAtEachStep() throws Exception {
        String out = cluster.hdfs() + "/crash/out";
        Path err = Files.createDirectories(work.resolve("crash"));
        for (String[] night : List.of(new String[] {"2024-06-29", "older"}, new String[] {RUN_DATE, "n0"})) {
            ChildJvm seed = ChildJvm.start(
                    ChildJvm.command(CrashingPublish.class, false, List.of(out, night[0], night[1], "none")),
                    err.resolve("seed-" + night[1] + ".err"));
            assertThat(seed.exitCode(Hang.SHORT)).as(seed.stderr()).isZero();
        }
        String current = "n0";
        List<String> steps = PublishCrashIT.steps();
        // Before the journal and before the commit marker (rolled back), the tables half moved in and the cleanup
        // (rolled
        // forward): both directions of recovery, on the NameNode's renames.
        List<String> sample =
                List.of(steps.get(0), steps.get(1), steps.get(steps.size() / 2), steps.get(steps.size() - 1));
        for (int i = 0; i < sample.size(); i++) {
            String step = sample.get(i);
            String night = "n" + (i + 1);
            ChildJvm child = ChildJvm.start(
                    ChildJvm.command(CrashingPublish.class, false, List.of(out, RUN_DATE, night, step)),
                    err.resolve(night + ".err"));
            child.awaitLine("AT " + step);
            if (i == 0) {
                var refused = PublishCrashIT.recover(out);
                assertThat(refused.exitCode()).as(refused.err()).isEqualTo(org.crossenroll.base.ExitCode.USAGE);
                assertThat(refused.err())
                        .contains("is in use by another crossenroll run")
                        .contains("process " + child.pid());
            }
            child.kill();
            var recovered = PublishCrashIT.recover(out);
            assertThat(recovered.exitCode()).as(recovered.err()).isZero();
            assertThat(recovered.err()).contains("took over the lock of a run that is gone");
            if (PublishCrashIT.committedBefore(step)) {
                current = night;
            }
            Path local = cluster.get("/crash/out", "crash-" + i);
            assertThat(Nights.readBack(local, RUN_DATE))
                    .as("on HDFS, after kill -9 before %s", step)
                    .isEqualTo(Nights.all("3 x 1:" + current));
            assertThat(Nights.readBack(local, "2024-06-29")).isEqualTo(Nights.all("3 x 1:older"));
            assertThat(Files.readString(local.resolve("_runs/latest")).strip()).isEqualTo(RUN_DATE);
            assertThat(cluster.fileSystem().exists(new org.apache.hadoop.fs.Path("/crash/out/_runs/_journal.json")))
                    .isFalse();
            org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path("/crash/out/_staging");
            assertThat(
                            cluster.fileSystem().exists(staging)
                                    ? cluster.fileSystem().listStatus(staging)
                                    : new org.apache.hadoop.fs.FileStatus[0])
                    .as("staging leftovers")
                    .isEmpty();
        }
    }
}
