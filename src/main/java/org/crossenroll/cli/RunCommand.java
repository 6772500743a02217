package org.crossenroll.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.base.ExitCode;
import org.crossenroll.base.Failures;
import org.crossenroll.base.UserError;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.job.CrossEnrollJob;
import org.crossenroll.job.JobConfig;
import org.crossenroll.job.RunResult;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.reference.Pairings;
import org.crossenroll.reference.Schemes;
import org.crossenroll.report.Cohorts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code crossenroll run}: one nightly run. Every option is in docs/operations.md, "Options of run". */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the nightly intake for one run date.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Input files, searched recursively.")
    String input;

    @Mixin
    OutputDirectory output;

    @Option(
            names = "--run-date",
            paramLabel = "YYYY-MM-DD",
            description = "Run date (default: today in Asia/Shanghai).")
    String runDate;

    @Mixin
    RegionsOption regions;

    @Option(
            names = "--pairings",
            paramLabel = "FILE",
            description = "Pairings for pairing_progress (default: the bundled data/pairings.csv).")
    String pairings;

    @Option(
            names = "--schemes",
            paramLabel = "FILE",
            description = "The scheme vocabulary, a CSV with a column 'scheme'; other schemes are published as 其他 "
                    + "(default: the bundled data/schemes.csv).")
    String schemes;

    @Option(
            names = "--key-file",
            paramLabel = "FILE",
            description = "Pseudonym key file (else $" + PseudonymKey.ENV_VARIABLE + ").")
    Path keyFile;

    @Option(
            names = "--encoding",
            paramLabel = "auto|utf-8|gb18030",
            defaultValue = "auto",
            description = "Encoding of CSV files (default: ${DEFAULT-VALUE}, per file).")
    String encoding;

    @Option(
            names = "--max-quarantined-fraction",
            paramLabel = "F",
            defaultValue = "" + JobConfig.DEFAULT_MAX_QUARANTINED_FRACTION,
            description =
                    "Above this share of quarantined rows, publish no reports and exit 3 (default: ${DEFAULT-VALUE}).")
    double maxQuarantinedFraction;

    @Option(
            names = "--keep-days",
            paramLabel = "N",
            description =
                    "After a successful publish, keep the N run dates ending on the run date (the run date and the "
                            + "N-1 days before it) and remove older ones everywhere (default: keep all).")
    Integer keepDays;

    @Option(
            names = "--min-cell-count",
            paramLabel = "K",
            defaultValue = "" + JobConfig.DEFAULT_MIN_CELL_COUNT,
            description = "In the published layer, withhold person counts of 1..K-1 and what would give them away "
                    + "(default: ${DEFAULT-VALUE}).")
    long minCellCount;

    @Option(
            names = "--programme-years",
            paramLabel = "N",
            defaultValue = "" + Cohorts.DEFAULT_PROGRAMME_YEARS,
            description = "The programmes' length in school years: outcomes gives a cohort's graduation, employment "
                    + "and return-home rates from 1 September of its intake year + N on, counted on the run date or the newest "
                    + "updated_at if earlier (default: ${DEFAULT-VALUE}).")
    int programmeYears;

    @Option(
            names = "--expect-from-days",
            paramLabel = "N",
            defaultValue = "" + JobConfig.DEFAULT_EXPECT_FROM_DAYS,
            description =
                    "History window of the monitoring: compare tonight with the published nights of the last N days, "
                            + "and expect tonight whoever submitted in them (default: ${DEFAULT-VALUE}).")
    int expectFromDays;

    @Option(
            names = "--expected-submitters",
            paramLabel = "FILE",
            description = "The expected submitters instead: a CSV with a column 'code' (10-digit host school code or "
                    + "province code) and an optional 'name'.")
    String expectedSubmitters;

    @Option(
            names = "--schools",
            paramLabel = "FILE",
            description =
                    "The school registry: a CSV (UTF-8 or GB18030) with columns host_school_code and host_school_name "
                            + "(or 学校标识码 and 学校名称); its names win over the submitted ones for the schools it lists.")
    String schools;

    @Option(
            names = "--fail-on-anomaly",
            description =
                    "A severe anomaly fails the night's data check: no reports published, exit 3 (default: warn).")
    boolean failOnAnomaly;

    @Option(names = "--spark-ui", description = "Turn on the Spark web UI (off by default in local mode).")
    boolean sparkUi;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--verbose", description = "Show Spark's own INFO logging.")
    boolean verbose;

    @Option(
            names = "--json",
            description = "Print the run's result as one JSON document on stdout (the summary goes to stderr), also "
                    + "when it fails.")
    boolean json;

    @Option(
            names = "--metrics-file",
            paramLabel = "FILE",
            description = "Write the run's result in Prometheus' text format to FILE (through FILE.tmp.<pid> and a "
                    + "rename, for node_exporter's textfile collector), also when it fails.")
    Path metricsFile;

    /** Loggers that repeat a failed task's stack trace: silent unless {@code --verbose}. */
    static final java.util.List<String> TASK_FAILURE_LOGGERS =
            java.util.List.of("org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager");

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<SparkSession> sessions;
    private final Map<String, String> environment;
    /** The job once Spark is up; its result tells how far a failed run got. */
    private CrossEnrollJob job;

    public RunCommand(PrintStream out, PrintStream err, Supplier<SparkSession> sessions) {
        this(out, err, sessions, System.getenv());
    }

    RunCommand(PrintStream out, PrintStream err, Supplier<SparkSession> sessions, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.sessions = sessions;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Instant started = Instant.now();
        LocalDate date = null;
        try {
            date = parseRunDate();
            MetricsFile.check(metricsFile);
            return run(date);
        } catch (Throwable e) {
            // The same exit code and sentence the CLI gives it (CrossEnroll prints them when this rethrows).
            Failures.Outcome outcome = Failures.classify(e);
            RunResult result =
                    job != null && job.result() != null ? job.result() : new RunResult(date, output.path(), started);
            if (result.exitCode() == null) { // a committed night's result is already finished, and kept
                result.finish(outcome.exitCode(), outcome.sentence(), Instant.now());
            }
            report(result);
            throw e;
        }
    }

    /** The run's result on stdout ({@code --json}) and in the metrics file, whatever the exit code. */
    private void report(RunResult result) {
        if (json) {
            out.println(result.json());
        }
        if (metricsFile != null) {
            try {
                MetricsFile.write(metricsFile, result.prometheus());
            } catch (java.io.IOException | RuntimeException e) {
                err.println("[crossenroll] warning: --metrics-file " + metricsFile + " could not be written: " + e);
            }
        }
    }

    private Integer run(LocalDate date) {
        // Everything a user can get wrong without Spark is checked before Spark starts.
        Encoding enc = Encoding.parse(encoding);
        PseudonymKey key = PseudonymKey.load(keyFile, environment.get(PseudonymKey.ENV_VARIABLE));
        key.looksTyped()
                .ifPresent(why -> err.println("[crossenroll] warning: the pseudonym key from "
                        + (keyFile != null ? "--key-file " + keyFile : "$" + PseudonymKey.ENV_VARIABLE)
                        + " looks typed rather than random (" + why
                        + "); a guessable key lets its pseudonyms be reversed: make "
                        + "one with 'crossenroll keygen --output FILE'."));
        // The range checks are JobConfig's own (its constructor), with the option in each message.
        JobConfig config = JobConfig.builder()
                .input(input)
                .output(output.path())
                .runDate(date)
                .regions(regions.dir())
                .pairings(pairings != null ? pairings : Pairings.BUNDLED)
                .key(key)
                .encoding(enc)
                .maxQuarantinedFraction(maxQuarantinedFraction)
                .keepDays(keepDays)
                .minCellCount(minCellCount)
                .schemes(schemes != null ? schemes : Schemes.BUNDLED)
                .expectFromDays(expectFromDays)
                .expectedSubmitters(expectedSubmitters)
                .failOnAnomaly(failOnAnomaly)
                .schools(schools)
                .programmeYears(programmeYears)
                .build();
        config.retentionWarning().ifPresent(warning -> err.println("[crossenroll] warning: " + warning));

        // Spark's INFO lines drown the progress lines; this also holds under spark-submit, whose log4j setup ignores
        // the configuration inside the application jar.
        Configurator.setRootLevel(verbose ? Level.INFO : Level.WARN);
        if (!verbose) {
            // "Truncated the string representation of a plan": the validation plan is wide by design.
            Configurator.setLevel("org.apache.spark.util.SparkStringUtils", Level.ERROR);
            // "Broadcasting large task binary": the wide validation plan travels with every task by design (about 1
            // MiB).
            Configurator.setLevel("org.apache.spark.scheduler.DAGScheduler", Level.ERROR);
        }
        // A task that fails to read an input file (a damaged Parquet page) is logged by the executor and the task set
        // with the whole stack trace, dozens of lines before the one sentence the user needs; the job reports the
        // failure itself (exit 2 naming the file, or exit 1 with the stack trace), so these speak only with --verbose.
        for (String logger : TASK_FAILURE_LOGGERS) {
            Configurator.setLevel(logger, verbose ? Level.INFO : Level.OFF);
        }
        boolean ownSession = sessions == null;
        SparkSession spark = ownSession ? buildSession() : sessions.get();
        try {
            job = new CrossEnrollJob(spark, err);
            CrossEnrollJob.Summary s = job.run(config);
            // with --json, stdout holds the one document, and the summary goes with the progress lines
            PrintStream summary = json ? err : out;
            summary.printf(
                    "crossenroll run %s: %d rows read, %d accepted, %d superseded, %d quarantined%n",
                    date, s.rowsRead(), s.accepted(), s.superseded(), s.quarantined());
            StringBuilder reasons = new StringBuilder();
            s.quarantinedByReason().forEach((reason, n) -> {
                if (n > 0) {
                    reasons.append(reasons.length() == 0 ? "" : ", ")
                            .append(reason)
                            .append(' ')
                            .append(n);
                }
            });
            summary.println("  quarantined by reason: " + (reasons.length() == 0 ? "none" : reasons));
            summary.println("  output: " + s.output() + " (manifest: _runs/" + date + "/manifest.json, result: _runs/"
                    + date + "/" + RunResult.FILE + ")");
            report(job.result());
            return ExitCode.OK;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private LocalDate parseRunDate() {
        if (runDate == null) {
            return LocalDate.now(BuildInfo.CHINA);
        }
        try {
            return LocalDate.parse(runDate);
        } catch (DateTimeParseException e) {
            throw new UserError("--run-date '" + runDate + "' is not a date in the form YYYY-MM-DD.");
        }
    }

    private SparkSession buildSession() {
        SparkConf conf = new SparkConf().setAppName("crossenroll");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        if (sparkUi) {
            conf.set("spark.ui.enabled", "true");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        if (sparkUi) {
            spark.sparkContext().uiWebUrl().foreach(url -> {
                err.println("[crossenroll] Spark UI: " + url);
                return null;
            });
        }
        return spark;
    }
}
