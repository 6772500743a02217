package org.crossenroll.storage;

/**
 * Called by {@link Publisher} just before each step of a commit, with the step's name. Production passes
 * {@link #NONE}; the crash tests pass one that stops the JVM at a chosen step, to prove every instant is recoverable.
 */
@FunctionalInterface
public interface PublishSteps {
    PublishSteps NONE = step -> {};

    /** Step names, in the order a commit takes them; {@code <table>} stands for each table's name. */
    String JOURNAL = "journal";
    /** Before the commit marker is written: the commit point. */
    String COMMIT = "commit";

    String MARKER_DOWN = "marker-down";
    String ASIDE = "aside ";
    String MOVE_IN = "move-in ";
    String RUN_DIR = "run-dir";
    String LATEST = "latest";
    String RUNS_TABLE = "runs-table";
    String CLEANUP = "cleanup";

    void before(String step);
}
