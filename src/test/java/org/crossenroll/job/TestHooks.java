package org.crossenroll.job;

import java.util.function.Supplier;

/**
 * Installs {@link CrossEnrollJob.Hooks} for the jobs built on this thread while {@code code} runs (the job's test seam,
 * {@link CrossEnrollJob#TEST_HOOKS}): a job built directly, or by {@code CrossEnroll.execute(...)}.
 */
public final class TestHooks {
    private TestHooks() {}

    public static <T> T during(CrossEnrollJob.Hooks hooks, Supplier<T> code) {
        CrossEnrollJob.TEST_HOOKS.set(hooks);
        try {
            return code.get();
        } finally {
            CrossEnrollJob.TEST_HOOKS.remove();
        }
    }
}
