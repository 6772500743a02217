package org.crossenroll.base;

/** Exit codes for schedulers; docs/operations.md's "Exit codes" table repeats them. */
public final class ExitCode {
    /** The run published its outputs. */
    public static final int OK = 0;
    /** An internal failure: a bug or an environment fault (disk, cluster). Nothing was published. */
    public static final int INTERNAL = 1;
    /** A user error: bad option, missing or unreadable input, bad reference or key. Nothing was written. */
    public static final int USAGE = 2;
    /**
     * The input was read but failed a data check (too many quarantined rows, a severe anomaly with --fail-on-anomaly,
     * a published layer that could not be proven safe). Reports were not published.
     */
    public static final int DATA_CHECK = 3;

    private ExitCode() {}
}
