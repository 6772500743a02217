package org.crossenroll.testing;

import java.nio.file.Path;

/**
 * The bundled sample run once per test JVM, as bin/crossenroll runs it, into target/sample-run: the published figures
 * and the notebooks both read this one fresh output.
 */
public final class SampleRun {
    private static Runs.Result result;
    private static Path output;

    private SampleRun() {}

    public static synchronized Runs.Result result() {
        if (result == null) {
            Path project = TestSpark.projectDir();
            output = project.resolve("target/sample-run/out");
            Runs.deleteRecursively(output.getParent());
            result = Runs.cli(
                    "run",
                    "--input",
                    project.resolve("data/sample").toString(),
                    "--output",
                    output.toString(),
                    "--run-date",
                    Runs.RUN_DATE,
                    "--key-file",
                    project.resolve("data/demo.key").toString());
        }
        return result;
    }

    public static Path output() {
        result();
        return output;
    }
}
