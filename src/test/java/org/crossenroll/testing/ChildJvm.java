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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A real child JVM running a test's main (crash.CrashingRun, crash.CrashingPublish) on the application jar, the test
 * classes and Spark's jars, whose stdout a test reads line by line and which it can kill -9
 * ({@link Process#destroyForcibly()}: SIGKILL).
 *
 * <p>The crash tests start about sixty of them, each loading some 7,600 classes to do a second of work. The first
 * child of each kind (with Spark's flags or without) that exits normally leaves a class-data archive of what it loaded
 * (HotSpot's AppCDS, {@code -XX:ArchiveClassesAtExit}), and the children after it map that archive instead of loading
 * and verifying the classes again: about 1.5 s of CPU less per child (3.9 s to 2.4 s for crash.CrashingPublish, on an
 * idle machine). An archive only works with jars on the class path, so the test classes are put in a jar first. A
 * child without the archive (the first ones, or a JVM that refuses it) runs the same, only slower.
 */
public final class ChildJvm {
    private static final Path DIR = TestSpark.projectDir().resolve("target/child-jvm");
    private static final Set<Path> DUMPING = new HashSet<>();
    private static final String SPARK_HEAP = "-Xmx2g";
    private static Path testClassesJar;

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
        cp.add(testClassesJar().toString());
        cp.add(System.getProperty("crossenroll.jar"));
        cp.addAll(Arrays.asList(Files.readString(project.resolve("target/spark-classpath.txt"))
                .strip()
                .split(File.pathSeparator)));
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        Path archive = archive(spark);
        if (Files.exists(archive)) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
        }
        // the JVM's own warnings (the archive's among them) on stderr: stdout is the test's protocol with the child
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=warning:stderr");
        cmd.addAll(SparkProcesses.SHORT_LIVED_JVM);
        if (spark) {
            cmd.add(SPARK_HEAP);
            cmd.addAll(
                    Arrays.asList(System.getProperty("crossenroll.jvmOpens", "").split("\\s+")));
        } else {
            // A publish child runs for about a second: one compiler thread, a small first heap and no perf-data file
            // took about a tenth off its CPU (2.98 s to 2.71 s, six runs each, interleaved, with the archive).
            cmd.addAll(List.of("-Xmx256m", "-Xms64m", "-XX:CICompilerCount=1", "-XX:-UsePerfData"));
        }
        cmd.add("-Dlog4j2.configurationFile=" + project.resolve("src/test/resources/log4j2-test.properties"));
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), mainClass.getName()));
        cmd.addAll(args);
        cmd.removeIf(String::isEmpty);
        return cmd;
    }

    public static ChildJvm start(List<String> command, Path stderr) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        Path dump = dumpHere(cmd);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = pb.start();
        if (dump != null) {
            process.onExit().thenRun(() -> archived(dump, process.exitValue() == 0));
        }
        return new ChildJvm(process, stderr);
    }

    /** The archive of the children with ({@code spark}) or without Spark's flags. */
    private static Path archive(boolean spark) {
        return DIR.resolve(spark ? "spark.jsa" : "plain.jsa");
    }

    /**
     * When no child of this kind has left an archive yet and none is writing one, makes this child write it (into a
     * temporary file, renamed once the child has exited normally); returns that file, or null.
     */
    private static synchronized Path dumpHere(List<String> cmd) {
        boolean spark = cmd.contains(SPARK_HEAP);
        Path archive = archive(spark);
        if (cmd.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=")) || DUMPING.contains(archive)) {
            return null;
        }
        DUMPING.add(archive);
        Path dump = archive.resolveSibling(archive.getFileName() + ".part");
        cmd.add(1, "-XX:ArchiveClassesAtExit=" + dump);
        return dump;
    }

    private static synchronized void archived(Path dump, boolean exitedNormally) {
        Path archive = dump.resolveSibling(dump.getFileName().toString().replace(".part", ""));
        try {
            if (exitedNormally && Files.exists(dump)) {
                Files.move(dump, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(dump);
                DUMPING.remove(archive); // a killed or failed child wrote none: the next one tries
            }
        } catch (IOException e) {
            DUMPING.remove(archive);
        }
    }

    /**
     * The test classes as one jar, made once per test JVM (and the archives made from an older jar removed: a JVM
     * refuses an archive whose jars have changed).
     */
    private static synchronized Path testClassesJar() throws IOException {
        if (testClassesJar == null) {
            Path classes = TestSpark.projectDir().resolve("target/test-classes");
            Files.createDirectories(DIR);
            for (boolean spark : new boolean[] {false, true}) {
                Files.deleteIfExists(archive(spark));
                Files.deleteIfExists(
                        archive(spark).resolveSibling(archive(spark).getFileName() + ".part"));
            }
            Path jar = DIR.resolve("test-classes.jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(
                            new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            testClassesJar = jar;
        }
        return testClassesJar;
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
