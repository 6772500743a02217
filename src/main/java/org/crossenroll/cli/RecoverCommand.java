package org.crossenroll.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.crossenroll.base.ExitCode;
import org.crossenroll.catalog.Tables;
import org.crossenroll.job.CrossEnrollJob;
import org.crossenroll.storage.PublishSteps;
import org.crossenroll.storage.Publisher;
import org.crossenroll.storage.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code crossenroll recover}: finishes or undoes a publish that a crash interrupted, and removes staging leftovers,
 * without running anything else. Every run does the same first; this is for an operator who wants the output
 * consistent now (before a dashboard refresh, or a backup). No Spark needed.
 */
@Command(
        name = "recover",
        mixinStandardHelpOptions = true,
        description = "Roll an interrupted publish forward or back and remove leftovers of runs that died.")
public final class RecoverCommand implements Callable<Integer> {
    @Mixin
    OutputDirectory output;

    private final PrintStream out;
    private final PrintStream err;

    public RecoverCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        // recover only ever finishes what a run left: on anything else (a typo, the input directory) it creates nothing
        Publisher.requireOutput(output.path(), hadoopConfiguration());
        Publisher publisher = Publisher.open(output.path(), hadoopConfiguration(), PublishSteps.NONE, Tables.CATALOG);
        try (RunLock lock = RunLock.acquire(publisher.fileSystem(), publisher.lockFile(), "recover", err)) {
            CrossEnrollJob.recover(publisher, err);
            out.println("crossenroll recover: " + publisher.root() + " is consistent; latest complete run date: "
                    + publisher.latestDate().map(Object::toString).orElse("none"));
            return ExitCode.OK;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Hadoop settings as a run would see them: the classpath's *-site.xml plus every {@code spark.hadoop.*} property
     * spark-submit passes (it hands --conf settings to the driver as system properties).
     */
    static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith("spark.hadoop.")) {
                conf.set(key.substring("spark.hadoop.".length()), String.valueOf(e.getValue()));
            }
        }
        return conf;
    }
}
