package org.crossenroll.job;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.crossenroll.base.UserError;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.reference.Pairings;
import org.crossenroll.reference.Regions;
import org.crossenroll.reference.Schemes;
import org.crossenroll.report.Cohorts;

/**
 * A validated, immutable description of one run, built by the CLI (or a test) before Spark does any work, through
 * {@link #builder()}. Every range check is in the canonical constructor, so no JobConfig exists that the command line
 * would refuse; its messages name the option, as the CLI prints them (exit 2). The defaults are the constants below,
 * which {@code crossenroll run --help} shows too.
 *
 * @param inputDir where the submissions are, searched recursively
 * @param outputDir where the tables, the run history and the staging area live
 * @param runDate the partition this run writes and the latest intake date it accepts
 * @param regionsDir provinces.csv, prefectures.csv and counties.csv
 * @param pairingsFile the pairings pairing_progress follows
 * @param maxQuarantinedFraction above this share of quarantined rows no reports are published (exit 3)
 * @param keepDays keep this many run dates back from the run date, removing older ones; null keeps all
 * @param minCellCount k of the published layer's additive threshold method: no published count is 1..k-1
 *     (docs/published-layer.md)
 * @param schemesFile the scheme vocabulary: schemes outside it are published as 其他 ({@code Schemes})
 * @param expectFromDays the history window of the monitoring: earlier nights of the last N days are compared with
 *     tonight, and whoever submitted in them is expected tonight (docs/operations.md, "Night over night")
 * @param expectedSubmittersFile the expected submitters instead of the history's; null expects the history's
 * @param failOnAnomaly a severe anomaly fails the night's data check (exit 3), as too many quarantined rows do
 * @param schoolsFile the school registry ({@code --schools}): its names win for the schools it lists; null for none
 * @param programmeYears the programmes' length: a cohort has outcome rates once it has had that many school years
 *     ({@link Cohorts#lastComplete}); the input contract has no field for a programme's length
 */
public record JobConfig(
        String inputDir,
        String outputDir,
        LocalDate runDate,
        String regionsDir,
        String pairingsFile,
        PseudonymKey key,
        Encoding encoding,
        double maxQuarantinedFraction,
        Integer keepDays,
        long minCellCount,
        String schemesFile,
        int expectFromDays,
        String expectedSubmittersFile,
        boolean failOnAnomaly,
        String schoolsFile,
        int programmeYears) {
    public static final double DEFAULT_MAX_QUARANTINED_FRACTION = 0.05;
    public static final long DEFAULT_MIN_CELL_COUNT = 10;
    public static final int DEFAULT_EXPECT_FROM_DAYS = 30;

    public JobConfig {
        Objects.requireNonNull(inputDir, "inputDir");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(runDate, "runDate");
        Objects.requireNonNull(regionsDir, "regionsDir");
        Objects.requireNonNull(pairingsFile, "pairingsFile");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(schemesFile, "schemesFile");
        if (!(maxQuarantinedFraction >= 0 && maxQuarantinedFraction <= 1)) {
            throw new UserError("--max-quarantined-fraction " + maxQuarantinedFraction + " is not between 0 and 1.");
        }
        if (keepDays != null && keepDays < 1) {
            throw new UserError("--keep-days " + keepDays + " must be at least 1.");
        }
        if (minCellCount < 1) {
            throw new UserError("--min-cell-count " + minCellCount + " must be at least 1 (1 withholds nothing).");
        }
        if (expectFromDays < 1) {
            throw new UserError("--expect-from-days " + expectFromDays + " must be at least 1.");
        }
        if (programmeYears < 1 || programmeYears > 10) {
            throw new UserError("--programme-years " + programmeYears + " must be between 1 and 10.");
        }
    }

    /**
     * The last intake year whose cohort is complete on the day the data speaks for ({@link Cohorts#asOf}): its outcome
     * rates are shown. {@code newestUpdate} is the newest updated_at of the accepted enrollments, null when none.
     */
    public int lastCompleteCohort(LocalDate newestUpdate) {
        return Cohorts.lastComplete(Cohorts.asOf(runDate, newestUpdate), programmeYears);
    }

    /** A run with every default: the bundled references, auto encoding, the DEFAULT_* constants, no retention. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A valid but doubtful combination, for a warning: retention that keeps fewer nights than the monitoring compares
     * with.
     */
    public Optional<String> retentionWarning() {
        if (keepDays == null || keepDays > expectFromDays) {
            return Optional.empty();
        }
        int before = keepDays - 1;
        return Optional.of("--keep-days " + keepDays + " keeps " + before + (before == 1 ? " night" : " nights")
                + " before the run date, while the monitoring compares with the nights of the last " + expectFromDays
                + (expectFromDays == 1 ? " day" : " days") + " (--expect-from-days); keep " + (expectFromDays + 1)
                + " days for a full history.");
    }

    /** Input, output, run date and key have no default; {@link #build()} checks every value. */
    public static final class Builder {
        private String inputDir;
        private String outputDir;
        private LocalDate runDate;
        private String regionsDir = Regions.BUNDLED;
        private String pairingsFile = Pairings.BUNDLED;
        private PseudonymKey key;
        private Encoding encoding = Encoding.AUTO;
        private double maxQuarantinedFraction = DEFAULT_MAX_QUARANTINED_FRACTION;
        private Integer keepDays;
        private long minCellCount = DEFAULT_MIN_CELL_COUNT;
        private String schemesFile = Schemes.BUNDLED;
        private int expectFromDays = DEFAULT_EXPECT_FROM_DAYS;
        private String expectedSubmittersFile;
        private boolean failOnAnomaly;
        private String schoolsFile;
        private int programmeYears = Cohorts.DEFAULT_PROGRAMME_YEARS;

        private Builder() {}

        public Builder input(String dir) {
            this.inputDir = dir;
            return this;
        }

        public Builder output(String dir) {
            this.outputDir = dir;
            return this;
        }

        public Builder runDate(LocalDate date) {
            this.runDate = date;
            return this;
        }

        public Builder regions(String dir) {
            this.regionsDir = dir;
            return this;
        }

        public Builder pairings(String file) {
            this.pairingsFile = file;
            return this;
        }

        public Builder key(PseudonymKey key) {
            this.key = key;
            return this;
        }

        public Builder encoding(Encoding encoding) {
            this.encoding = encoding;
            return this;
        }

        public Builder maxQuarantinedFraction(double fraction) {
            this.maxQuarantinedFraction = fraction;
            return this;
        }

        /** Null keeps every run date. */
        public Builder keepDays(Integer days) {
            this.keepDays = days;
            return this;
        }

        public Builder minCellCount(long k) {
            this.minCellCount = k;
            return this;
        }

        public Builder schemes(String file) {
            this.schemesFile = file;
            return this;
        }

        public Builder expectFromDays(int days) {
            this.expectFromDays = days;
            return this;
        }

        /** Null expects whoever submitted in the history window. */
        public Builder expectedSubmitters(String file) {
            this.expectedSubmittersFile = file;
            return this;
        }

        public Builder failOnAnomaly(boolean fail) {
            this.failOnAnomaly = fail;
            return this;
        }

        /** Null for no school registry. */
        public Builder schools(String file) {
            this.schoolsFile = file;
            return this;
        }

        public Builder programmeYears(int years) {
            this.programmeYears = years;
            return this;
        }

        /** The config; a value out of range throws {@link UserError} naming its option. */
        public JobConfig build() {
            return new JobConfig(
                    inputDir,
                    outputDir,
                    runDate,
                    regionsDir,
                    pairingsFile,
                    key,
                    encoding,
                    maxQuarantinedFraction,
                    keepDays,
                    minCellCount,
                    schemesFile,
                    expectFromDays,
                    expectedSubmittersFile,
                    failOnAnomaly,
                    schoolsFile,
                    programmeYears);
        }
    }
}
