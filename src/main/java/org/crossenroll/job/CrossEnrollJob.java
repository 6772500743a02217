package org.crossenroll.job;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.base.DataCheckFailed;
import org.crossenroll.base.ExitCode;
import org.crossenroll.catalog.Tables;
import org.crossenroll.disclosure.DesignedLayer;
import org.crossenroll.ingest.Ingest;
import org.crossenroll.monitor.Completeness;
import org.crossenroll.monitor.Monitor;
import org.crossenroll.storage.NioLocalFileSystem;
import org.crossenroll.storage.PublishSteps;
import org.crossenroll.storage.Publisher;
import org.crossenroll.storage.RunLock;
import org.crossenroll.storage.Staging;

/**
 * One nightly run, as its stages in order under the run lock: {@link Intake}, {@link IntakeTables} and the row
 * identity, {@link ManifestAssembly}, {@link MonitoringStage}, {@link DataCheckPolicy}, {@link ReportsStage}, {@link
 * NightCommit}. Each stage says what it did in a progress line, or throws; I/O happens in the stages and the ingest
 * and output packages, everything between is a pure Dataset-to-Dataset step.
 */
public final class CrossEnrollJob {
    private final SparkSession spark;
    private final PrintStream progress;
    private final Hooks hooks;
    /** The result of the run in progress or last run, filled in as its stages go; null before {@link #run}. */
    private RunResult result;

    /**
     * Ways for tests to break a run on purpose: lose rows right after reading or between classification and the write
     * (the row identity must catch both), act before a publish step (fail, or stop the JVM there), or change the
     * published layer before its audit (which must then refuse it). No production entry point takes them: the test
     * seam is {@link #TEST_HOOKS}.
     */
    public record Hooks(
            UnaryOperator<Dataset<Row>> readRows,
            UnaryOperator<Dataset<Row>> cleanRows,
            PublishSteps publishSteps,
            UnaryOperator<Map<DesignedLayer.Table, List<Row>>> publishedLayer) {
        public static final Hooks NONE = new Hooks(
                UnaryOperator.identity(), UnaryOperator.identity(), PublishSteps.NONE, UnaryOperator.identity());

        public Hooks withReadRows(UnaryOperator<Dataset<Row>> hook) {
            return new Hooks(hook, cleanRows, publishSteps, publishedLayer);
        }

        public Hooks withCleanRows(UnaryOperator<Dataset<Row>> hook) {
            return new Hooks(readRows, hook, publishSteps, publishedLayer);
        }

        public Hooks withPublishSteps(PublishSteps hook) {
            return new Hooks(readRows, cleanRows, hook, publishedLayer);
        }

        /** Changes the published layer's rows before their audit (to make the audit refuse them). */
        public Hooks withPublishedLayer(UnaryOperator<Map<DesignedLayer.Table, List<Row>>> hook) {
            return new Hooks(readRows, cleanRows, publishSteps, hook);
        }
    }

    /**
     * The test seam, and the only way hooks reach a job: a job takes the hooks its constructing thread has here
     * ({@link Hooks#NONE} unless set). Package-private, set only by the test sources' {@code job.TestHooks} around the
     * code that builds the job (directly, or through {@code CrossEnroll.execute}, which runs on the calling thread);
     * per thread, since test classes run side by side in one JVM.
     */
    static final ThreadLocal<Hooks> TEST_HOOKS = ThreadLocal.withInitial(() -> Hooks.NONE);

    public CrossEnrollJob(SparkSession spark, PrintStream progress) {
        this.spark = spark;
        this.progress = progress;
        this.hooks = TEST_HOOKS.get();
    }

    /** Settings the job's output depends on, applied to whatever session it is given (spark-submit's or a test's). */
    public static void configure(SparkSession spark) {
        spark.conf().set("spark.sql.session.timeZone", BuildInfo.CHINA.getId());
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        // Let adaptive execution shrink the partitions of persisted datasets too: otherwise every step after a cached
        // shuffle runs spark.sql.shuffle.partitions tasks, however small the data.
        spark.conf().set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true");
        // The persisted rows are read three or four times and then dropped: compressing the cache cost more CPU
        // (about a tenth of the intake in profiles) than it saved.
        spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
        // The intake's stage (about a hundred expressions) generated a 63 KB processNext: under Spark's 64 KB limit,
        // but HotSpot compiles no method over 8,000 bytes, so it ran interpreted on every row. 8000 is the value
        // Spark's documentation recommends on HotSpot: such a stage runs as compiled expressions instead.
        spark.conf().set("spark.sql.codegen.hugeMethodLimit", "8000");
        // Every query's plan is rendered as text for the SQL listener (and again at each adaptive re-plan), whether
        // or not a UI shows it: on a small night the default "formatted" rendering was a tenth of the driver's CPU
        // (JFR). "simple" is the physical plan tree, as explain() prints it.
        spark.conf().set("spark.sql.ui.explainMode", "simple");
        // The summaries' distinct counts are set sizes (ObjectHashAggregate), which Spark turns into a sort-based
        // aggregation past 128 groups in a task: about a fifth of the reports' CPU at 1M rows went to that sort. The
        // groups are regions x years x levels (about 11,000 at 1M rows, barely more at 30M), each holding the same sets
        // either way, so a hash map of up to 65,536 groups costs no more memory than the sort it replaces.
        spark.conf().set("spark.sql.objectHashAggregate.sortBased.fallbackThreshold", "65536");
        NioLocalFileSystem.use(spark);
    }

    /** What a run did, for the CLI's summary and for tests. */
    public record Summary(
            long rowsRead,
            long accepted,
            long superseded,
            long quarantined,
            Map<String, Long> quarantinedByReason,
            String output) {}

    public Summary run(JobConfig config) {
        Instant startedAt = Instant.now();
        result = new RunResult(config.runDate(), config.outputDir(), startedAt);
        configure(spark);
        long t0 = System.nanoTime();
        References references = References.load(config, spark.sparkContext().hadoopConfiguration());
        Ingest ingest = new Ingest(spark, config.encoding());
        Ingest.Discovery discovery = ingest.discover(config.inputDir());
        Publisher publisher = Publisher.open(
                config.outputDir(), spark.sparkContext().hadoopConfiguration(), hooks.publishSteps(), Tables.CATALOG);
        Staging staging = null;
        try (RunLock lock = RunLock.acquire(
                publisher.fileSystem(), publisher.lockFile(), config.runDate().toString(), progress)) {
            recover(publisher, progress);
            result.stage(
                    "checked",
                    stage(
                            progress,
                            "checked",
                            discovery.files().size()
                                    + (discovery.files().size() == 1 ? " input file, " : " input files, ")
                                    + references.describe(config),
                            t0));
            Intake.warnings(discovery).forEach(progress::println);
            staging =
                    new Staging(spark, publisher.fileSystem(), publisher.newStaging(config.runDate()), Tables.CATALOG);
            Summary summary;
            try {
                summary = nightly(config, startedAt, references, ingest, discovery, publisher, staging);
            } catch (DataCheckFailed e) {
                keepResult(publisher, config.runDate(), ExitCode.DATA_CHECK, e.getMessage());
                throw e;
            }
            keepResult(publisher, config.runDate(), ExitCode.OK, null);
            return summary;
        } catch (Throwable e) {
            if (staging != null) {
                staging.discard(); // a no-op after a commit, which removes it itself
            }
            publisher.removeEmptyDirectories(); // a failed first run leaves no empty output behind
            throw e;
        }
    }

    /**
     * The result of the run in progress, or of the last one: what it did so far when it failed (the CLI finishes it
     * with the exit code and sentence), or null before a run.
     */
    public RunResult result() {
        return result;
    }

    /**
     * Finishes the result of a night that was committed and keeps it beside its manifest, under the lock. After the
     * commit, so it can tell the publish's own seconds and the retention; a failure to write it does not undo the
     * night, and is said in a warning.
     */
    private void keepResult(Publisher publisher, LocalDate runDate, int exitCode, String reason) {
        result.finish(exitCode, reason, Instant.now());
        try {
            publisher.writeRunFile(runDate, RunResult.FILE, result.json().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            progress.println("[crossenroll] warning: the night's " + RunResult.FILE + " could not be written ("
                    + e.getMessage() + "); the night itself is " + (exitCode == ExitCode.OK ? "published" : "kept"));
        }
    }

    /**
     * Finishes whatever an earlier run left (an interrupted commit, staging directories of runs that died) and says
     * so. Every run calls it under the lock before anything else; so does {@code crossenroll recover}.
     */
    public static void recover(Publisher publisher, PrintStream progress) {
        NightCommit.recover(publisher, progress);
    }

    /** The stages of the night, under the lock: each says what it did in a progress line, or throws. */
    private Summary nightly(
            JobConfig config,
            Instant startedAt,
            References references,
            Ingest ingest,
            Ingest.Discovery discovery,
            Publisher publisher,
            Staging staging) {
        NightCommit commit = new NightCommit(publisher, staging, config, progress, result);
        // the other ledger first: a cooperation file with a bad header stops the night before any work on the first
        CooperationStage.Night cooperation =
                CooperationStage.read(spark, config.encoding(), discovery.cooperation(), references, config);
        CooperationStage.warnings(cooperation).forEach(progress::println);
        result.cooperationCounts(cooperation.counts());
        Intake intake = Intake.classify(spark, ingest, discovery.files(), references, config, hooks.readRows());
        try {
            Intake.Counts counts = timed("validated", intake::count, c -> c.rowsRead() + " rows read");
            Map<String, String> schoolNames = timed(
                    "written",
                    () -> IntakeTables.stage(spark, staging, intake, counts, references.registry(), hooks.cleanRows()),
                    names -> counts.accepted() + " accepted, " + counts.quarantined() + " quarantined");
            Summary summary =
                    IntakeTables.checkIdentity(staging, counts, publisher.root().toString());
            result.counts(new RunResult.Counts(
                    summary.rowsRead(),
                    summary.accepted(),
                    summary.superseded(),
                    summary.quarantined(),
                    summary.quarantinedByReason()));
            RunManifest.Builder manifest = ManifestAssembly.afterIntake(
                            config,
                            startedAt,
                            spark.version(),
                            discovery,
                            counts,
                            summary,
                            intake.ignoredJsonKeys(),
                            references)
                    .cooperation(cooperation.counts());
            Monitor.Result monitoring = timed(
                    "monitored",
                    () -> MonitoringStage.run(
                            spark,
                            publisher,
                            staging,
                            intake,
                            discovery.files(),
                            config,
                            references,
                            schoolNames,
                            cooperation.outcome(),
                            manifest,
                            progress),
                    Monitor.Result::summary);
            result.anomalies(monitoring.anomalies());
            result.missingPairings(monitoring.missingPairings().stream()
                    .map(r -> new RunResult.MissingPairing(
                            r.getString(Completeness.SCHEMA.fieldIndex("entity_code")),
                            r.getString(Completeness.SCHEMA.fieldIndex("entity_name")),
                            Objects.toString(r.get(Completeness.SCHEMA.fieldIndex("last_seen_run_date")), null)))
                    .toList());

            manifest.quarantinedFraction(
                    DataCheckPolicy.quarantinedFraction(summary.rowsRead(), summary.quarantined()));
            Optional<DataCheckPolicy.Failure> failure = DataCheckPolicy.check(
                    summary.rowsRead(),
                    summary.quarantined(),
                    monitoring.severe(),
                    config,
                    table -> publisher.published(table, config.runDate()));
            if (failure.isPresent()) {
                result.status(failure.get().status().json());
                throw commit.diagnosisOnly(manifest, failure.get());
            }
            try {
                timed(
                        "reports",
                        () -> ReportsStage.stage(
                                spark, staging, references, schoolNames, config, manifest, hooks.publishedLayer()),
                        ReportsStage.Staged::describe);
            } catch (DesignedLayer.NotProven e) {
                // the data, not the job: publish the diagnosis, keep the cause, leave `latest` on the last good night
                manifest.check(RunManifest.CheckName.DISCLOSURE_AUDIT, RunManifest.Check.failed(e.getMessage()));
                result.status(RunManifest.Status.FAILED_DISCLOSURE.json());
                throw commit.diagnosisOnly(
                        manifest,
                        DataCheckPolicy.notProven(
                                e.getMessage(),
                                config.runDate(),
                                new Path(publisher.runDir(config.runDate()), Publisher.MANIFEST)));
            }
            timed(
                    "cooperation",
                    () -> CooperationStage.stage(staging, cooperation, config),
                    rows -> cooperation.describe() + "; report rows " + rows.get(Tables.COOPERATION_TABLE)
                            + ", pairing_ledgers rows " + rows.get(Tables.PAIRING_LEDGERS_TABLE));
            commit.publish(manifest);
            return summary;
        } finally {
            intake.unpersist();
        }
    }

    /** Runs a stage, then says what it did in its progress line, with how long it took. */
    private <T> T timed(String name, Supplier<T> stage, Function<T, String> what) {
        long started = System.nanoTime();
        T value = stage.get();
        result.stage(name, stage(progress, name, what.apply(value), started));
        return value;
    }

    /** A stage's progress line: what it did and how long it took; gives the seconds. */
    static double stage(PrintStream progress, String name, String what, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        progress.printf("[crossenroll] %-10s %s (%.1f s)%n", name, what, seconds);
        return seconds;
    }
}
