package org.crossenroll.testing;

import java.time.Duration;

/**
 * How long a test waits for another process before it calls it hung. These are hang detectors, not speed limits
 * (speed is the benchmark's business): CI runs every integration test at once on two cores, where a cluster-mode
 * run that takes under 3 minutes on an idle machine once took more than 5.
 */
public final class Hang {
    /** A whole-job run through spark-submit (1-3 minutes on two idle cores). */
    public static final Duration WHOLE_RUN = Duration.ofMinutes(15);
    /** A process that only publishes small staged tables, or a server that starts (seconds when idle). */
    public static final Duration SHORT = Duration.ofMinutes(5);

    private Hang() {}
}
