package org.crossenroll.base;

import java.io.IOException;

/** Tells an environment fault (a full disk, a quota) from a bug, so the CLI can say it in one sentence. */
public final class Failures {
    private Failures() {}

    /**
     * What a failed command tells its operator: the exit code, the one sentence, and whether it is a bug (whose stack
     * trace is printed even without {@code --verbose}).
     */
    public record Outcome(int exitCode, String sentence, boolean bug) {}

    /**
     * The exit code and sentence of a failure, decided once for the CLI's message and for the run's result document,
     * so the two never disagree.
     */
    public static Outcome classify(Throwable e) {
        if (e instanceof DataCheckFailed) {
            return new Outcome(ExitCode.DATA_CHECK, e.getMessage(), false);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UserError) {
                return new Outcome(ExitCode.USAGE, cause.getMessage(), false);
            }
        }
        String environment = environmentFault(e);
        if (environment != null) {
            return new Outcome(ExitCode.INTERNAL, environment, false);
        }
        return new Outcome(ExitCode.INTERNAL, "internal failure, nothing was published: " + e, true);
    }

    /**
     * One sentence for a fault of the machine rather than of the job, or null. Hadoop's local file system reports a
     * full disk as {@code FSError} (an Error) wrapping "No space left on device"; HDFS as a quota exception.
     */
    public static String environmentFault(Throwable failure) {
        String where = "";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PublishFailed) {
                where = t.getMessage();
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            boolean full = message.contains("No space left on device")
                    || message.contains("Disk quota exceeded")
                    || t.getClass().getSimpleName().equals("DSQuotaExceededException")
                    || t.getClass().getSimpleName().equals("NSQuotaExceededException");
            if (full && (t instanceof IOException || t.getClass().getName().equals("org.apache.hadoop.fs.FSError"))) {
                String first = message.lines().findFirst().orElse(message);
                return where.isEmpty()
                        ? "the output's disk is full (" + first + "); nothing was published, every table is as it was."
                        : where + "; the disk is full (" + first + ").";
            }
        }
        return null;
    }
}
