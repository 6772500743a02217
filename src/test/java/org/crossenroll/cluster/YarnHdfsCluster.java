package org.crossenroll.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.crossenroll.testing.Hang;
import org.crossenroll.testing.SparkProcesses;

/**
 * A real HDFS (one NameNode, one DataNode) and YARN (one ResourceManager, one NodeManager) in this JVM, on 127.0.0.1,
 * from Hadoop's own minicluster, and spark-submit {@code --master yarn} of the application jar against them, in its
 * own JVM, with a {@code HADOOP_CONF_DIR} that names them as a real gateway machine's would. Containers (the
 * application master and the executors) are separate JVMs that the NodeManager launches from Spark's Maven jars.
 *
 * <p>Start once per test class: starting takes about 10 s. Every process started is stopped by {@link #close()}.
 */
public final class YarnHdfsCluster implements AutoCloseable {
    /** Memory the NodeManager offers: one application master or driver and one executor, with room to spare. */
    private static final int NODE_MEMORY_MB = 4096;

    private final Path work;
    private final MiniDFSCluster dfs;
    private final MiniYARNCluster yarn;
    private final Path confDir;
    private final SparkProcesses spark;

    private YarnHdfsCluster(Path work, MiniDFSCluster dfs, MiniYARNCluster yarn, Path confDir, SparkProcesses spark) {
        this.work = work;
        this.dfs = dfs;
        this.yarn = yarn;
        this.confDir = confDir;
        this.spark = spark;
    }

    /** Starts HDFS, then YARN, and writes their client configuration; {@code work} is emptied first. */
    public static YarnHdfsCluster start(Path work) throws Exception {
        delete(work);
        Files.createDirectories(work);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("dfs").toString());
        conf.setInt("dfs.replication", 1);
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(
                        conf, work.resolve("dfs").toFile())
                .numDataNodes(1)
                .build();
        MiniYARNCluster yarn = null;
        try {
            dfs.waitActive();
            // Its directories (under target/test/data/NAME) are replaced by the next start of the same name.
            yarn = new MiniYARNCluster("yarn-" + work.getFileName(), 1, 1, 1);
            yarn.init(yarnConfiguration(dfs.getConfiguration(0)));
            yarn.start();
            MiniYARNCluster started = yarn;
            SparkProcesses.await(
                    Hang.SHORT,
                    () -> !started.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0"),
                    "the ResourceManager's address");
            if (!yarn.waitForNodeManagersToConnect(Hang.SHORT.toMillis())) {
                throw new IllegalStateException(
                        "The NodeManager did not register with the ResourceManager within " + Hang.SHORT);
            }
            Path confDir = writeClientConfiguration(work.resolve("hadoop-conf"), dfs, yarn.getConfig());
            Path sparkYarn = Paths.get(org.apache.spark.deploy.yarn.Client.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            SparkProcesses spark = new SparkProcesses(
                    work.resolve("spark"),
                    List.of(sparkYarn),
                    Map.of("HADOOP_CONF_DIR", confDir.toString(), "YARN_CONF_DIR", confDir.toString()));
            return new YarnHdfsCluster(work, dfs, yarn, confDir, spark);
        } catch (Exception | Error e) {
            if (yarn != null) {
                yarn.stop();
            }
            dfs.shutdown();
            throw e;
        }
    }

    private static YarnConfiguration yarnConfiguration(Configuration dfsConf) {
        YarnConfiguration conf = new YarnConfiguration(dfsConf);
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        conf.set(YarnConfiguration.NM_BIND_HOST, "127.0.0.1");
        conf.set(YarnConfiguration.RM_BIND_HOST, "127.0.0.1");
        // A nearly full disk must not turn the only NodeManager unhealthy.
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, NODE_MEMORY_MB);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, NODE_MEMORY_MB);
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, NODE_MEMORY_MB);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // The shaded minicluster has no capacity-scheduler.xml: one queue, all of it.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // An application that fails is not tried again: a test wants its first failure, not a rerun.
        conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 1);
        return conf;
    }

    /**
     * What a gateway machine's {@code HADOOP_CONF_DIR} holds: the default file system in core-site.xml, the
     * ResourceManager's addresses in yarn-site.xml. Nothing else: settings a test gives as {@code spark.hadoop.*}
     * must not also be found here.
     */
    private static Path writeClientConfiguration(Path dir, MiniDFSCluster dfs, Configuration yarnConf)
            throws IOException {
        Files.createDirectories(dir);
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", dfs.getURI().toString());
        write(core, dir.resolve("core-site.xml"));
        Configuration hdfs = new Configuration(false);
        hdfs.setInt("dfs.replication", 1);
        write(hdfs, dir.resolve("hdfs-site.xml"));
        Configuration site = new Configuration(false);
        for (Map.Entry<String, String> e : yarnConf) {
            if (e.getKey().startsWith("yarn.resourcemanager.") && e.getKey().endsWith("address")) {
                site.set(e.getKey(), yarnConf.get(e.getKey()));
            }
        }
        write(site, dir.resolve("yarn-site.xml"));
        return dir;
    }

    private static void write(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    /** The HDFS NameNode's URI, {@code hdfs://127.0.0.1:PORT}: the default file system of the client configuration. */
    public URI hdfs() {
        return dfs.getURI();
    }

    /** The NameNode's RPC address, {@code 127.0.0.1:PORT}. */
    public String nameNodeAddress() {
        return "127.0.0.1:" + dfs.getNameNodePort();
    }

    public FileSystem fileSystem() throws IOException {
        return dfs.getFileSystem();
    }

    /** The client configuration directory (HADOOP_CONF_DIR and YARN_CONF_DIR of every spark-submit). */
    public Path confDir() {
        return confDir;
    }

    /** The configuration a client gets from {@link #confDir()} alone, as {@code new Configuration()} would there. */
    public Configuration clientConfiguration() {
        Configuration conf = new Configuration();
        conf.addResource(
                new org.apache.hadoop.fs.Path(confDir.resolve("core-site.xml").toUri()));
        conf.addResource(
                new org.apache.hadoop.fs.Path(confDir.resolve("hdfs-site.xml").toUri()));
        return conf;
    }

    /** The Spark processes (SparkSubmit, also in local mode) with this cluster's client configuration. */
    public SparkProcesses spark() {
        return spark;
    }

    /**
     * spark-submit {@code --master yarn} of the application jar, waits for it and returns its exit code.
     * Containers get Spark's jars from the local disk ({@code spark.yarn.jars=local:...}), one executor with two
     * cores, and small memory sizes; {@code conf} ("key=value") comes after those and may override them.
     */
    public int submit(String name, String deployMode, List<String> conf, List<String> appArgs, Duration timeout)
            throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        String log4j = "-Dlog4j2.configurationFile="
                + spark.home().resolve("conf/log4j2.properties").toUri() + " "
                + String.join(" ", SparkProcesses.SHORT_LIVED_JVM);
        List<String> settings = new ArrayList<>(List.of(
                // the application master's in client mode, the driver's (in the application master) in cluster mode
                (deployMode.equals("client") ? "spark.yarn.am" : "spark.driver") + ".extraJavaOptions=" + log4j,
                "spark.executor.extraJavaOptions=" + log4j,
                "spark.yarn.jars=local:" + spark.home().resolve("jars") + "/*",
                "spark.executor.instances=1",
                "spark.executor.cores=2",
                "spark.executor.memory=1g",
                "spark.yarn.am.memory=512m",
                "spark.driver.memory=1g",
                "spark.sql.shuffle.partitions=4",
                "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome,
                "spark.executorEnv.JAVA_HOME=" + javaHome,
                "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                "spark.yarn.submit.waitAppCompletion=true"));
        settings.addAll(conf);
        List<String> args = new ArrayList<>(List.of("--master", "yarn", "--deploy-mode", deployMode));
        for (String s : settings) {
            args.add("--conf");
            args.add(s);
        }
        return spark.submit(name, args, appArgs, timeout, () -> {});
    }

    /** Every application the ResourceManager knows, oldest first. */
    public List<ApplicationReport> applications() throws IOException {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(yarn.getConfig());
            client.start();
            List<ApplicationReport> apps = new ArrayList<>(client.getApplications());
            apps.sort(Comparator.comparing(ApplicationReport::getStartTime));
            return apps;
        } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
            throw new IOException(e);
        }
    }

    /** The stdout and stderr of every container of an application, for failure messages. */
    public String containerLogs(String applicationId) throws IOException {
        StringBuilder logs = new StringBuilder();
        for (String dir : yarn.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
            Path app = Paths.get(new org.apache.hadoop.fs.Path(dir).toUri().getPath())
                    .resolve(applicationId);
            if (!Files.isDirectory(app)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(app)) {
                for (Path f : files.filter(f -> f.getFileName().toString().matches("std(out|err)"))
                        .sorted()
                        .toList()) {
                    logs.append("==== ").append(f).append('\n').append(Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        }
        return logs.length() == 0 ? "(no container logs of " + applicationId + ")" : logs.toString();
    }

    /** Copies a local directory into HDFS at {@code target} (an absolute path on this cluster). */
    public void put(Path local, String target) throws IOException {
        fileSystem()
                .copyFromLocalFile(
                        false,
                        true,
                        new org.apache.hadoop.fs.Path(local.toUri()),
                        new org.apache.hadoop.fs.Path(target));
    }

    /** Copies an HDFS directory to a fresh local directory, without checksum files, and returns the copy. */
    public Path get(String source, String name) throws IOException {
        Path local = work.resolve("copies").resolve(name);
        delete(local);
        Files.createDirectories(local.getParent());
        fileSystem()
                .copyToLocalFile(
                        false,
                        new org.apache.hadoop.fs.Path(source),
                        new org.apache.hadoop.fs.Path(local.toUri()),
                        true);
        return local;
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Stops spark-submit and its children, then YARN (which stops its containers), then HDFS; returns the processes
     * still alive ten seconds later (none).
     */
    public List<ProcessHandle> stop() {
        List<ProcessHandle> alive = new ArrayList<>(spark.stopAll());
        // The NodeManager launches containers as children of this JVM; their command lines name their directory.
        List<ProcessHandle> containers = ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("container_"))
                        .orElse(false))
                .toList();
        try {
            yarn.stop();
        } finally {
            dfs.shutdown();
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(containers.stream()
                            .map(ProcessHandle::onExit)
                            .toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        containers.stream().filter(ProcessHandle::isAlive).forEach(alive::add);
        return alive;
    }

    @Override
    public void close() {
        stop();
    }
}
