package org.crossenroll.report;

/**
 * The reports a run publishes under {@code OUT/<name>/run_date=D/}. Each is documented column by column in
 * docs/reports.md; {@link #SCHEMA_VERSION} changes whenever a column of any published table is added, renamed,
 * retyped or changes nullability, or a report's row identity changes (SchemaFingerprintTest enforces it).
 */
public enum Report {
    /** Students by intake year, scheme, origin prefecture and host prefecture. */
    FLOWS("flows"),
    /** The origin hierarchy (province, prefecture, county) per intake year and for all years. */
    ORIGIN_SUMMARY("origin_summary"),
    /** The host hierarchy (province, prefecture, county, school) per intake year and for all years. */
    HOST_SUMMARY("host_summary"),
    /** Each pairing of the pairings reference against its target, per intake year and cumulative. */
    PAIRING_PROGRESS("pairing_progress"),
    /** Graduation, employment and return home per intake year, origin prefecture and host province. */
    OUTCOMES("outcomes");

    /**
     * 2: the {@code *_display} columns; {@code enrollments_clean.ethnic_minority} nullable (a blank ethnicity);
     * host_summary rows identified by their county too (a school submitted in two counties). 3: outcomes' rates over
     * complete cohorts only, its {@code first_cohort} and {@code last_cohort}, and its pooled rows (intake_year null);
     * the cooperation ledger's tables (cooperation_clean, cooperation_quarantine, cooperation, pairing_ledgers). 4: the
     * published layer is the five additive-threshold tables of docs/published-layer.md (issue 26), no longer the reports with
     * withheld cells.
     */
    public static final int SCHEMA_VERSION = 4;
    /** The hash of every table's columns and every report's identity at {@link #SCHEMA_VERSION}. */
    public static final String SCHEMA_FINGERPRINT = "9b10232c3307dc0f7ab22082ad772f97e61c16d428c95da219a9b9ea845b5542";

    private final String table;

    Report(String table) {
        this.table = table;
    }

    /** The directory name under the output directory. */
    public String table() {
        return table;
    }
}
