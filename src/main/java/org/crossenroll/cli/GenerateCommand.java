package org.crossenroll.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.crossenroll.base.ExitCode;
import org.crossenroll.base.UserError;
import org.crossenroll.generate.SyntheticInput;
import org.crossenroll.reference.Regions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code crossenroll generate}: deterministic synthetic input of any size, for benchmarks. No Spark needed. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Write deterministic synthetic enrollment records following the input contract.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for the files.")
    String output;

    @Option(names = "--records", required = true, paramLabel = "N", description = "Rows to write.")
    long records;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--format",
            paramLabel = "csv|jsonl|parquet",
            defaultValue = "csv",
            description = "File format (default: ${DEFAULT-VALUE}, UTF-8 with the canonical English headers).")
    String format;

    @Mixin
    RegionsOption regions;

    @Option(
            names = "--bad-fraction",
            paramLabel = "F",
            defaultValue = "0.01",
            description = "Share of rows that break one rule each (default: ${DEFAULT-VALUE}).")
    double badFraction;

    @Option(
            names = "--nights",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Successive nights, one directory each (OUTPUT/YYYY-MM-DD/), with scripted changes for the "
                            + "monitoring; --records is then the first night's enrollments (default: ${DEFAULT-VALUE}, one directory of files).")
    int nights;

    @Option(
            names = "--first-night",
            paramLabel = "YYYY-MM-DD",
            defaultValue = "2024-06-24",
            description = "The first of --nights (default: ${DEFAULT-VALUE}).")
    String firstNight;

    private final PrintStream out;

    public GenerateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (records < 0) {
            throw new UserError("--records " + records + " must not be negative.");
        }
        if (!(badFraction >= 0 && badFraction <= 1)) {
            throw new UserError("--bad-fraction " + badFraction + " is not between 0 and 1.");
        }
        Configuration conf = new Configuration();
        org.crossenroll.storage.NioLocalFileSystem.use(conf);
        Regions reference = Regions.load(regions.dir(), conf);
        long started = System.nanoTime();
        if (nights < 1) {
            throw new UserError("--nights " + nights + " must be at least 1.");
        }
        if (nights > 1) {
            java.time.LocalDate first;
            try {
                first = java.time.LocalDate.parse(firstNight);
            } catch (java.time.format.DateTimeParseException e) {
                throw new UserError("--first-night '" + firstNight + "' is not a date in the form YYYY-MM-DD.");
            }
            var dates = new SyntheticInput(reference, SyntheticInput.NIGHTS_EVERY_ORIGIN)
                    .writeNights(new SyntheticInput.Nights(records, seed, nights, first), output, conf);
            out.printf(
                    "crossenroll generate: %d nights %s..%s of about %d enrollments each in %s (%.1f s)%n",
                    nights,
                    dates.get(0),
                    dates.get(dates.size() - 1),
                    records,
                    output,
                    (System.nanoTime() - started) / 1e9);
            return ExitCode.OK;
        }
        long written = new SyntheticInput(reference)
                .write(new SyntheticInput.Spec(records, seed, format, badFraction), output, conf);
        out.printf(
                "crossenroll generate: %d rows (%s, seed %d, bad fraction %s) in %s (%.1f s)%n",
                written, format, seed, badFraction, output, (System.nanoTime() - started) / 1e9);
        return ExitCode.OK;
    }
}
