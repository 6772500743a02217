package org.crossenroll.base;

/**
 * A mistake the user can fix (a missing directory, a bad option, a file without a recognisable header). The CLI
 * prints its message, one sentence naming the file, line, field or option, and exits with {@link ExitCode#USAGE}.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
