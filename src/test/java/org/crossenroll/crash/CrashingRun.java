package org.crossenroll.crash;

import java.nio.file.Path;
import java.util.Arrays;
import org.crossenroll.CrossEnroll;
import org.crossenroll.job.CrossEnrollJob;
import org.crossenroll.job.TestHooks;

/**
 * {@code crossenroll run} in a child JVM with its publish stopped at one step. Arguments: the step (or "none"), a
 * release file (or "-": wait to be killed), a file to fill the disk with (or "-"), then the command line.
 */
public final class CrashingRun {
    private CrashingRun() {}

    public static void main(String[] args) {
        PathOrNone release = new PathOrNone(args[1]);
        PathOrNone fill = new PathOrNone(args[2]);
        CrossEnrollJob.Hooks hooks =
                CrossEnrollJob.Hooks.NONE.withPublishSteps(new StoppingSteps(args[0], release.path(), fill.path()));
        System.exit(TestHooks.during(
                hooks,
                () -> CrossEnroll.execute(Arrays.copyOfRange(args, 3, args.length), System.out, System.err, null)));
    }

    record PathOrNone(String arg) {
        Path path() {
            return arg.equals("-") ? null : Path.of(arg);
        }
    }
}
