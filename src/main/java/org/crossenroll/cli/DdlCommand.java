package org.crossenroll.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.base.ExitCode;
import org.crossenroll.base.UserError;
import org.crossenroll.catalog.Ddl;
import org.crossenroll.storage.Publisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crossenroll ddl}: prints the CREATE statements that make every table of an output directory readable by a
 * SQL engine, with the "last complete night" views (docs/operations.md, "Reading the output"). Applied once: new
 * nights and nights removed by retention need nothing more. No Spark needed.
 */
@Command(
        name = "ddl",
        mixinStandardHelpOptions = true,
        description = "Print the CREATE statements for every table and the last-complete-night views.")
public final class DdlCommand implements Callable<Integer> {
    @Mixin
    OutputDirectory output;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            defaultValue = "trino",
            description = "trino (Hive connector), hive, duckdb or spark. Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(
            names = "--location",
            paramLabel = "URI",
            description = "The output directory as the engine reaches it (s3://..., hdfs://..., local:///... for "
                    + "Trino's local file system). Default: --output as an absolute path or URI.")
    String location;

    @Option(
            names = "--schema",
            paramLabel = "NAME",
            defaultValue = "crossenroll",
            description = "The schema (database) to create the tables and views in. Default: ${DEFAULT-VALUE}.")
    String schema;

    @Option(
            names = "--since",
            paramLabel = "YYYY-MM-DD",
            description = "trino: the first run date the partition projection covers. Default: the output's oldest "
                    + "run date, else today.")
    LocalDate since;

    private final PrintStream out;

    public DdlCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Ddl.Engine e = Arrays.stream(Ddl.Engine.values())
                .filter(v -> v.option().equals(engine.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(
                        () -> new UserError("--engine " + engine + " is not one of trino, hive, duckdb, " + "spark."));
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new UserError("--schema " + schema + " is not a plain SQL name (letters, digits, _).");
        }
        Path dir;
        FileSystem fs;
        try {
            dir = new Path(output.path());
            fs = dir.getFileSystem(RecoverCommand.hadoopConfiguration());
            dir = fs.makeQualified(dir);
            if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
                throw new UserError("--output " + output.path() + " is a file, not the job's output directory.");
            }
        } catch (IOException | IllegalArgumentException ex) {
            throw new UserError("--output " + output.path() + " cannot be read: " + ex.getMessage() + ".");
        }
        String where = location;
        if (where == null) {
            // DuckDB reads local paths, not file: URIs
            where = e == Ddl.Engine.DUCKDB && "file".equals(dir.toUri().getScheme())
                    ? dir.toUri().getPath()
                    : dir.toString();
        }
        LocalDate first = since != null ? since : oldestRunDate(fs, dir);
        out.print(new Ddl(e, where, schema, first).script());
        return ExitCode.OK;
    }

    /** The oldest night of the output's history, or today (China Standard Time) when it has none yet. */
    private static LocalDate oldestRunDate(FileSystem fs, Path output) {
        LocalDate today = LocalDate.now(BuildInfo.CHINA);
        try {
            return Publisher.nights(fs, output).stream()
                    .map(Publisher.Night::date)
                    .filter(d -> d.isBefore(today))
                    .findFirst()
                    .orElse(today);
        } catch (IOException ex) {
            throw new UserError("--output " + output + " cannot be read: " + ex.getMessage() + ".");
        }
    }
}
