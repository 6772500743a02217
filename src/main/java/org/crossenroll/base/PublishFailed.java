package org.crossenroll.base;

/**
 * A commit of the output failed; the message says whether the output was left as it was (docs/operations.md, "How a
 * run publishes"). The cause is kept for {@code --verbose}.
 */
public final class PublishFailed extends RuntimeException {
    public PublishFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
