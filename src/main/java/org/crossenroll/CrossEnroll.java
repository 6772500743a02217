package org.crossenroll;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.base.ExitCode;
import org.crossenroll.base.Failures;
import org.crossenroll.cli.DdlCommand;
import org.crossenroll.cli.GenerateCommand;
import org.crossenroll.cli.KeygenCommand;
import org.crossenroll.cli.RecoverCommand;
import org.crossenroll.cli.RunCommand;
import org.crossenroll.cli.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point, for {@code bin/crossenroll} and {@code spark-submit --class org.crossenroll.CrossEnroll} alike.
 * Exit codes: see {@link ExitCode}.
 */
@Command(
        name = "crossenroll",
        mixinStandardHelpOptions = true,
        versionProvider = CrossEnroll.Version.class,
        subcommands = {
            RunCommand.class,
            StatusCommand.class,
            RecoverCommand.class,
            DdlCommand.class,
            GenerateCommand.class,
            KeygenCommand.class
        },
        description = "East-West vocational cross-enrollment: nightly intake and reports.")
public final class CrossEnroll implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err, null);
        if (inYarnApplicationMaster()) {
            // YARN cluster mode: the application master reports SUCCEEDED only when main returns; any System.exit, even
            // exit(0), makes it fail the attempt ("Shutdown hook called before final status was reported").
            if (code == ExitCode.OK) {
                return;
            }
            throw new IllegalStateException(
                    "crossenroll run failed with exit code " + code + " (see the driver's log)");
        }
        System.exit(code);
    }

    /** The driver runs inside YARN's application master (spark-submit --master yarn --deploy-mode cluster). */
    private static boolean inYarnApplicationMaster() {
        return "yarn".equals(System.getProperty("spark.master"))
                && "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    /**
     * Runs the command line. {@code sessions} supplies the SparkSession (tests pass their shared one, which is then
     * not stopped); null means build one here and stop it at the end.
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, Supplier<SparkSession> sessions) {
        CommandLine cli = new CommandLine(new CrossEnroll(), new Factory(out, err, sessions));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            String where = e.getCommandLine().getCommandName();
            err.println("crossenroll: " + e.getMessage() + " (see 'crossenroll "
                    + (where.equals("crossenroll") ? "" : where + " ") + "--help').");
            return ExitCode.USAGE;
        });
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        cli.setExecutionExceptionHandler((e, c, p) -> failed(e, verbose, err));
        try {
            return cli.execute(args);
        } catch (Error e) { // picocli passes only Exceptions to the handler; a full local disk throws FSError
            return failed(e, verbose, err);
        }
    }

    /** The exit code and the one sentence (plus a stack trace for a bug, or with --verbose) for a failed command. */
    static int failed(Throwable e, boolean verbose, PrintStream err) {
        Failures.Outcome outcome = Failures.classify(e);
        err.println("crossenroll: " + outcome.sentence());
        if (outcome.bug() || (verbose && outcome.exitCode() != ExitCode.DATA_CHECK)) {
            e.printStackTrace(err);
        }
        return outcome.exitCode();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing command: use 'run', 'status', 'recover', 'ddl', 'generate' or 'keygen'");
    }

    /** Gives subcommands the streams and session supplier. */
    private record Factory(PrintStream out, PrintStream err, Supplier<SparkSession> sessions)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(out, err, sessions));
            }
            if (cls == StatusCommand.class) {
                return cls.cast(new StatusCommand(out));
            }
            if (cls == RecoverCommand.class) {
                return cls.cast(new RecoverCommand(out, err));
            }
            if (cls == DdlCommand.class) {
                return cls.cast(new DdlCommand(out));
            }
            if (cls == GenerateCommand.class) {
                return cls.cast(new GenerateCommand(out));
            }
            if (cls == KeygenCommand.class) {
                return cls.cast(new KeygenCommand(out));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"crossenroll " + BuildInfo.version()};
        }
    }
}
