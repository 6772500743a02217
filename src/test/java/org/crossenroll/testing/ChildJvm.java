package org.crossenroll.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real child JVM running a test's main (crash.CrashingRun, crash.CrashingPublish) on the application jar, the test
 * classes and Spark's jars, whose stdout a test reads line by line and which it can kill -9
 * ({@link Process#destroyForcibly()}: SIGKILL).
 */
public final class ChildJvm {
    private final Process process;
    private final BufferedReader stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderr = stderr;
    }

    /** The command that starts {@code mainClass} with {@code args}; {@code spark} gives it Spark's heap and flags. */
    public static List<String> command(Class<?> mainClass, boolean spark, List<String> args) throws IOException {
        Path project = TestSpark.projectDir();
        List<String> cp = new ArrayList<>();
        cp.add(project.resolve("target/test-classes").toString());
        cp.add(System.getProperty("crossenroll.jar"));
        cp.addAll(Arrays.asList(Files.readString(project.resolve("target/spark-classpath.txt"))
                .strip()
                .split(File.pathSeparator)));
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SparkProcesses.SHORT_LIVED_JVM);
        if (spark) {
            cmd.add("-Xmx2g");
            cmd.addAll(
                    Arrays.asList(System.getProperty("crossenroll.jvmOpens", "").split("\\s+")));
        } else {
            cmd.add("-Xmx256m");
        }
        cmd.add("-Dlog4j2.configurationFile=" + project.resolve("src/test/resources/log4j2-test.properties"));
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), mainClass.getName()));
        cmd.addAll(args);
        cmd.removeIf(String::isEmpty);
        return cmd;
    }

    public static ChildJvm start(List<String> command, Path stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return new ChildJvm(pb.start(), stderr);
    }

    /** Reads stdout until a line equals {@code line}; fails if the child ends first. */
    public void awaitLine(String line) throws IOException {
        for (String l = stdout.readLine(); l != null; l = stdout.readLine()) {
            if (l.equals(line)) {
                return;
            }
        }
        throw new AssertionError("The child ended (exit " + exitCode(Duration.ofSeconds(10)) + ") before printing '"
                + line + "': " + stderr());
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no finally block, no rollback runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int exitCode(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("The child did not end within " + timeout + ": " + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    public String stdoutRest() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l = stdout.readLine(); l != null; l = stdout.readLine()) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    public String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
