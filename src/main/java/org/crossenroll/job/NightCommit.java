package org.crossenroll.job;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.crossenroll.base.DataCheckFailed;
import org.crossenroll.catalog.Tables;
import org.crossenroll.storage.Publisher;
import org.crossenroll.storage.Staging;

/**
 * The ways a night's staging is committed: every table with its manifest, or, when a data check stopped the run, the
 * diagnosis tables alone, so that `latest` stays on the last good night; and what finishes an interrupted commit.
 */
record NightCommit(Publisher publisher, Staging staging, JobConfig config, PrintStream progress, RunResult result) {
    /** Commits every table of the night with its manifest, then removes the run dates --keep-days no longer keeps. */
    void publish(RunManifest.Builder manifest) {
        List<String> tables = Tables.publishedTables();
        Map<String, Long> rows = staging.rowCounts(tables);
        RunManifest published = manifest.finish(RunManifest.Status.PUBLISHED, tables, rows);
        long started = System.nanoTime();
        publisher.commit(staging.dir(), config.runDate(), tables, published.toJson(), true);
        result.published(rows, manifestPath());
        result.stage(
                "published",
                CrossEnrollJob.stage(
                        progress, "published", tables.size() + " tables for " + config.runDate(), started));
        if (config.keepDays() != null) {
            List<LocalDate> removed = publisher.removeOlderThan(config.runDate(), config.keepDays());
            result.retentionRemoved(removed);
            progress.println("[crossenroll] retention: kept " + config.keepDays()
                    + (config.keepDays() == 1 ? " day" : " days") + " up to " + config.runDate()
                    + ", removed " + (removed.isEmpty() ? "nothing" : "run dates " + removed));
        }
    }

    /**
     * A data check failed after the diagnosis tables were staged: publishes only those (without _SUCCESS) with a
     * manifest saying which check stopped the run, and gives the exception to throw.
     */
    DataCheckFailed diagnosisOnly(RunManifest.Builder manifest, DataCheckPolicy.Failure failure) {
        manifest.notRunUnlessRecorded(RunManifest.CheckName.CROSS_REPORT, failure.why())
                .notRunUnlessRecorded(RunManifest.CheckName.DISCLOSURE_AUDIT, failure.why());
        List<String> tables = Tables.DIAGNOSIS_TABLES;
        Map<String, Long> rows = staging.rowCounts(tables);
        RunManifest failed = manifest.finish(failure.status(), tables, rows);
        publisher.commit(staging.dir(), config.runDate(), tables, failed.toJson(), false);
        result.published(rows, manifestPath());
        return new DataCheckFailed(failure.message());
    }

    /** The night's manifest, relative to the output, as the run's result names it. */
    private String manifestPath() {
        return Publisher.RUNS + "/" + config.runDate() + "/" + Publisher.MANIFEST;
    }

    /** What {@link CrossEnrollJob#recover} does. */
    static void recover(Publisher publisher, PrintStream progress) {
        Publisher.Recovery recovery = publisher.recover();
        if (recovery != Publisher.Recovery.NOTHING) {
            progress.println("[crossenroll] recovered an interrupted publish in " + publisher.root() + ": "
                    + (recovery == Publisher.Recovery.ROLLED_BACK
                            ? "it had not reached its commit point; discarded it, " + "every table is as it was"
                            : "it had committed; finished it"));
        }
        try {
            int leftovers = publisher.removeLeftovers(null);
            if (leftovers > 0) {
                progress.println(
                        "[crossenroll] removed " + leftovers + " staging leftovers of runs that did not finish");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Removing staging leftovers in " + publisher.root() + " failed", e);
        }
    }
}
