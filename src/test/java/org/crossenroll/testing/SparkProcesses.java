package org.crossenroll.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Starts Spark's own processes from the project's dependency jars (no Spark distribution): SparkSubmit, and a
 * standalone master and workers on 127.0.0.1. Every process started, and every process those start (executors), is
 * stopped by {@link #stopAll()}, which a JVM shutdown hook also calls.
 */
public final class SparkProcesses implements AutoCloseable {
    public static final String MASTER_URL = "spark://127.0.0.1:7077";
    static final int MASTER_UI = 18080;

    private final Path work;
    private final List<String> classpath;
    private final Map<String, String> environment;
    private final Path sparkHome;
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final List<ProcessHandle> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Process> byName = new java.util.concurrent.ConcurrentHashMap<>();

    public SparkProcesses(Path work) throws IOException {
        this(work, List.of(), Map.of());
    }

    /**
     * @param extraJars added to Spark's own jars (the classpath and SPARK_HOME/jars), such as Spark's YARN backend
     * @param environment set for every process started, such as HADOOP_CONF_DIR
     */
    public SparkProcesses(Path work, List<Path> extraJars, Map<String, String> environment) throws IOException {
        this.work = Files.createDirectories(work);
        Path cpFile = projectDir().resolve("target/spark-classpath.txt");
        List<String> jars =
                new ArrayList<>(Arrays.asList(Files.readString(cpFile).strip().split(File.pathSeparator)));
        extraJars.forEach(j -> jars.add(j.toString()));
        this.classpath = List.copyOf(jars);
        this.environment = Map.copyOf(environment);
        this.sparkHome = sparkHome();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
    }

    public static Path projectDir() {
        return Paths.get(System.getProperty("crossenroll.projectDir", "."))
                .toAbsolutePath()
                .normalize();
    }

    public static Path applicationJar() {
        return Paths.get(System.getProperty("crossenroll.jar"));
    }

    /**
     * Workers launch executors only from a SPARK_HOME with a RELEASE file and jars/: links to the Maven jars do.
     */
    /** The Spark "home" assembled from the Maven jars; its {@code jars/} holds links to every jar of the classpath. */
    public Path home() {
        return sparkHome;
    }

    private Path sparkHome() throws IOException {
        Path home = Files.createDirectories(work.resolve("spark-home"));
        Files.writeString(home.resolve("RELEASE"), "Spark 4.2.0 (jars from the crossenroll build)\n");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String jar : classpath) {
            Path link = jars.resolve(Paths.get(jar).getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Paths.get(jar));
            }
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(
                conf.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = warn",
                        "rootLogger.appenderRef.stderr.ref = console",
                        "appender.console.type = Console",
                        "appender.console.name = console",
                        "appender.console.target = SYSTEM_ERR",
                        "appender.console.layout.type = PatternLayout",
                        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
                        ""));
        return home;
    }

    private List<String> java(String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SHORT_LIVED_JVM);
        cmd.addAll(jvmOptions);
        cmd.addAll(Arrays.asList(System.getProperty("crossenroll.jvmOpens", "").split("\\s+")));
        cmd.add("-Dlog4j2.configurationFile=" + sparkHome.resolve("conf/log4j2.properties"));
        cmd.add("-cp");
        // As the spark-class script does: the Hadoop client configuration directories come after Spark's jars.
        List<String> cp = new ArrayList<>(classpath);
        for (String dir : List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR")) {
            if (environment.containsKey(dir) && !cp.contains(environment.get(dir))) {
                cp.add(environment.get(dir));
            }
        }
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(mainClass);
        cmd.addAll(args);
        cmd.removeIf(String::isEmpty);
        return cmd;
    }

    /**
     * Flags for the JVMs a test starts (spark-submit, master, workers, executors, children): each runs one small job
     * and exits, so the C1 compiler alone and one GC thread leave the two cores to the job; C2 compiling Spark's code
     * paths took about as much CPU as the job itself on the sample.
     */
    public static final List<String> SHORT_LIVED_JVM =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + childTmp());

    /**
     * The temporary directory of the JVMs a test starts, under target/: the native libraries Spark's codecs unpack
     * and the block manager's files stay in the build, also when a test kills the JVM (nothing left in /tmp).
     */
    private static Path childTmp() {
        try {
            return Files.createDirectories(projectDir().resolve("target/child-tmp"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Process start(String name, String mainClass, List<String> jvmOptions, List<String> args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(java(mainClass, jvmOptions, args));
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        env.remove("CROSSENROLL_PSEUDONYM_KEY");
        env.putAll(environment);
        pb.redirectOutput(work.resolve(name + ".out").toFile());
        pb.redirectError(work.resolve(name + ".err").toFile());
        Process p = pb.start();
        started.add(p);
        byName.put(name, p);
        return p;
    }

    public Path stderr(String name) {
        return work.resolve(name + ".err");
    }

    public Path stdout(String name) {
        return work.resolve(name + ".out");
    }

    /** Runs SparkSubmit with the application jar and waits for it; returns its exit code. */
    public int submit(
            String name,
            String master,
            List<String> conf,
            List<String> appArgs,
            Duration timeout,
            Runnable whileRunning)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--master", master, "--deploy-mode", "client"));
        for (String c : conf) {
            args.add("--conf");
            args.add(c);
        }
        return submit(name, args, appArgs, timeout, whileRunning);
    }

    /**
     * Runs SparkSubmit with the given spark-submit options (master, deploy mode, {@code --conf}s) before the
     * application jar, and waits for it; returns its exit code.
     */
    public int submit(
            String name, List<String> submitArgs, List<String> appArgs, Duration timeout, Runnable whileRunning)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "--class",
                "org.crossenroll.CrossEnroll",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.ui.enabled=false"));
        args.addAll(submitArgs);
        args.add(applicationJar().toString());
        args.addAll(appArgs);
        Process p = start(name, "org.apache.spark.deploy.SparkSubmit", List.of("-Xmx2g"), args);
        whileRunning.run();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not finish within " + timeout);
        }
        return p.exitValue();
    }

    public void startCluster() throws IOException, InterruptedException {
        start(
                "master",
                "org.apache.spark.deploy.master.Master",
                List.of("-Xmx512m"),
                List.of("--host", "127.0.0.1", "--port", "7077", "--webui-port", String.valueOf(MASTER_UI)));
        for (int i = 1; i <= 2; i++) {
            Path dir = Files.createDirectories(work.resolve("worker" + i));
            start(
                    "worker" + i,
                    "org.apache.spark.deploy.worker.Worker",
                    List.of("-Xmx512m"),
                    List.of(
                            "--host",
                            "127.0.0.1",
                            "--cores",
                            "1",
                            "--memory",
                            "2g",
                            "--webui-port",
                            String.valueOf(MASTER_UI + i),
                            "--work-dir",
                            dir.toString(),
                            MASTER_URL));
        }
        await(Hang.SHORT, () -> masterState().contains("\"aliveworkers\" : 2"), "two workers registered");
    }

    public Process worker(int i) {
        return byName.get("worker" + i);
    }

    String masterState() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MASTER_UI + "/json/"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    /** Kills a process and everything it started (a worker and its executors) at once, as a crash would. */
    public void kill(Process p) {
        p.descendants().forEach(d -> {
            seen.add(d);
            d.destroyForcibly();
        });
        seen.add(p.toHandle());
        p.destroyForcibly();
    }

    public static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }

    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Every process started here and every descendant, destroyed; returns those still alive after that (none). */
    public synchronized List<ProcessHandle> stopAll() {
        for (Process p : started) {
            p.descendants().forEach(seen::add);
            seen.add(p.toHandle());
        }
        for (ProcessHandle h : seen) {
            h.destroy();
        }
        waitForExit(10);
        seen.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        waitForExit(10);
        return seen.stream().filter(ProcessHandle::isAlive).toList();
    }

    private void waitForExit(int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (seen.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stopAll();
    }
}
