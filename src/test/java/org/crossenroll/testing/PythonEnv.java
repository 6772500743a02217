package org.crossenroll.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The one Python environment of the test JVM, target/notebook-env, made once by notebooks/setup with both the
 * notebooks' requirements and src/test/python/requirements.txt (the disclosure attacker's), so every test that
 * needs Python gets the same environment. A test that needs it is skipped, with a message, only when there is no
 * python3 on the PATH.
 */
public final class PythonEnv {
    private static CompletableFuture<Path> making;

    private PythonEnv() {}

    /**
     * Starts making the environment on a thread of its own, unless it is being made: a test calls this before the
     * Spark runs it needs first, so pip works beside them instead of after them.
     */
    public static synchronized void prepare() {
        if (making == null && onPath("python3")) {
            ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "python-env");
                t.setDaemon(true);
                return t;
            });
            making = CompletableFuture.supplyAsync(PythonEnv::make, thread);
            thread.shutdown();
        }
    }

    /** The environment's python, made once per JVM. */
    public static Path python() {
        assumeTrue(onPath("python3"), "python3 is not on the PATH: the Python tests were not run (README, Notebooks)");
        prepare();
        try {
            return making.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw e;
        }
    }

    private static Path make() {
        Path project = TestSpark.projectDir();
        Path env = project.resolve("target/notebook-env");
        Child.Output setup;
        try {
            setup = Child.run(
                    List.of(
                            project.resolve("notebooks/setup").toString(),
                            env.toString(),
                            project.resolve("src/test/python/requirements.txt").toString()),
                    Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(setup.exitCode())
                .as("notebooks/setup said:%n%s", setup.text())
                .isZero();
        return env.resolve("bin/python");
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** Runs a command to its end with stdout and stderr captured together. */
    public static final class Child {
        public record Output(int exitCode, String text) {}

        public static Output run(List<String> command, Map<String, String> env)
                throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            return new Output(process.waitFor(), new String(out, StandardCharsets.UTF_8));
        }
    }
}
