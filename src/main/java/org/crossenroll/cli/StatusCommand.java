package org.crossenroll.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.crossenroll.base.ExitCode;
import org.crossenroll.base.UserError;
import org.crossenroll.storage.OutputStatus;
import org.crossenroll.storage.Publisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crossenroll status}: the morning's questions about an output directory, answered without changing it (no
 * lock taken, nothing created, no Spark): the latest complete night, the last failed night and why, who holds the
 * lock, an interrupted publish, leftovers, the nights kept. {@code --json} for a scheduler or a monitoring system.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show an output's latest complete night, last failed night and why, lock holder, leftovers and "
                + "nights kept, without changing anything.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    OutputDirectory output;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    private final PrintStream out;

    public StatusCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Configuration conf = RecoverCommand.hadoopConfiguration();
        Publisher.requireOutput(output.path(), conf);
        try {
            Path root = new Path(output.path());
            OutputStatus status = OutputStatus.read(root.getFileSystem(conf), root);
            out.print(json ? status.json() + "\n" : status.text());
            return ExitCode.OK;
        } catch (IOException e) {
            throw new UserError("--output " + output.path() + " cannot be read: " + e.getMessage() + ".");
        }
    }
}
