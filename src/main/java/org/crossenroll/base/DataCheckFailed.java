package org.crossenroll.base;

/**
 * The input was read, but failed a data check (see {@link ExitCode#DATA_CHECK}): the run published the diagnosis
 * tables, no reports, and the CLI exits with {@link ExitCode#DATA_CHECK}.
 */
public class DataCheckFailed extends RuntimeException {
    public DataCheckFailed(String message) {
        super(message);
    }
}
