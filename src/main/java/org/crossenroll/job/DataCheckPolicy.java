package org.crossenroll.job;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.crossenroll.catalog.Tables;
import org.crossenroll.monitor.Anomalies;
import org.crossenroll.monitor.Completeness;

/**
 * The night's data checks as pure rules over its counts and config, so that their boundaries and their messages can
 * be tested without Spark; the job publishes the diagnosis tables when one fails.
 */
final class DataCheckPolicy {
    /**
     * A failed data check: the manifest's status, why the checks after it did not run, and the message the CLI prints
     * (exit 3).
     */
    record Failure(RunManifest.Status status, String why, String message) {}

    private DataCheckPolicy() {}

    /** The share of the rows read that were quarantined; 0 when no row was read. */
    static double quarantinedFraction(long rowsRead, long quarantined) {
        return rowsRead == 0 ? 0 : (double) quarantined / rowsRead;
    }

    /**
     * The first check the night fails, if any: a quarantined fraction above {@code --max-quarantined-fraction} (equal
     * to it passes), then a severe anomaly with {@code --fail-on-anomaly}.
     *
     * @param published where a table's partition of the run date is published, as the messages name it
     */
    static Optional<Failure> check(
            long rowsRead, long quarantined, long severeAnomalies, JobConfig config, Function<String, ?> published) {
        double fraction = quarantinedFraction(rowsRead, quarantined);
        if (fraction > config.maxQuarantinedFraction()) {
            String message = String.format(
                    Locale.ROOT,
                    "%.1f%% of the rows read were quarantined (%d of %d), "
                            + "above --max-quarantined-fraction %s: no reports published for %s; see %s and %s.",
                    100 * fraction,
                    quarantined,
                    rowsRead,
                    config.maxQuarantinedFraction(),
                    config.runDate(),
                    published.apply(Tables.QUARANTINE_TABLE),
                    published.apply(Tables.DATA_QUALITY_TABLE));
            return Optional.of(new Failure(
                    RunManifest.Status.FAILED_QUARANTINE,
                    "no reports were built: the quarantined fraction is above the maximum",
                    message));
        }
        if (config.failOnAnomaly() && severeAnomalies > 0) {
            String message = String.format(
                    Locale.ROOT,
                    "%d severe anomalies on %s with --fail-on-anomaly: no " + "reports published; see %s and %s.",
                    severeAnomalies,
                    config.runDate(),
                    published.apply(Anomalies.TABLE),
                    published.apply(Completeness.TABLE));
            return Optional.of(new Failure(
                    RunManifest.Status.FAILED_ANOMALY,
                    "no reports were built: severe anomalies with --fail-on-anomaly",
                    message));
        }
        return Optional.empty();
    }

    /** The published layer's audit could not prove it safe: the night publishes its diagnosis, kept in its manifest. */
    static Failure notProven(String reason, LocalDate runDate, Object manifestFile) {
        return new Failure(
                RunManifest.Status.FAILED_DISCLOSURE,
                "no reports were published: the published layer could not be proven safe",
                "no reports published for " + runDate + ": " + reason + " (kept in " + manifestFile + ").");
    }
}
