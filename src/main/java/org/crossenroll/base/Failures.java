package org.crossenroll.base;

import java.io.IOException;

/** Tells an environment fault (a full disk, a quota) from a bug, so the CLI can say it in one sentence. */
public final class Failures {
    private Failures() {}

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
