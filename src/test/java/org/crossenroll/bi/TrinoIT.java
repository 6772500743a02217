package org.crossenroll.bi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.catalog.Tables;
import org.crossenroll.testing.DuckDbRows;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Hang;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A BI administrator's Trino: trino-server 476 (from Maven Central, unpacked by the build) with the Hive connector,
 * a file metastore and the native local file system, on Java 24+. The DDL that {@code crossenroll ddl} generates is
 * applied once, to the first night; then a second night and a third with {@code --keep-days 2} are published, and
 * Trino sees each without any partition sync, agreeing with DuckDB on the same files.
 */
@Execution(ExecutionMode.CONCURRENT) // mostly waits on Trino's JVM
class TrinoIT {
    // Nights close to today: Trino's projection runs from the first night to NOW, and every query probes each
    // projected date, so a fixed date years back would cost a probe per day since then in every query.
    static final LocalDate TODAY = LocalDate.now(BuildInfo.CHINA);
    static final String D1 = TODAY.minusDays(3).toString();
    static final String D2 = TODAY.minusDays(2).toString();
    static final String D3 = TODAY.minusDays(1).toString();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Process trino;
    private static int port;
    private static Path work;

    /** A JDK of version 24 or later: -Dcrossenroll.trinoJava, else the newest under /usr/lib/jvm. */
    static Optional<Path> java24() throws IOException {
        String given = System.getProperty("crossenroll.trinoJava", "");
        if (!given.isBlank()) {
            return Optional.of(Path.of(given));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            for (Path d : dirs.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Path release = d.resolve("release");
                if (Files.isRegularFile(release) && Files.isExecutable(d.resolve("bin/java"))) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)")
                            .matcher(Files.readString(release));
                    if (m.find() && Integer.parseInt(m.group(1)) >= 24) {
                        return Optional.of(d);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts Trino without waiting for it: its JVM boots (about 25 s on two cores) while the test publishes the first
     * night in this JVM; {@link #awaitTrino()} waits for it before the first statement.
     */
    @BeforeAll
    static void startTrino() throws Exception {
        Optional<Path> jdk = java24();
        Assumptions.assumeTrue(
                jdk.isPresent(),
                "skipped: Trino 476 needs Java 24 or later; none found under "
                        + "/usr/lib/jvm (set -Dcrossenroll.trinoJava=JDK_HOME)");
        Path target = TestSpark.projectDir().resolve("target");
        Path tarball = target.resolve("trino/trino-server-476.tar.gz");
        Path server = target.resolve("trino/trino-server-476");
        if (!Files.isDirectory(server.resolve("plugin/hive"))) {
            Assumptions.assumeTrue(
                    Files.isRegularFile(tarball),
                    "skipped: " + tarball + " is missing (the build "
                            + "copies it in pre-integration-test; run mvn verify)");
            // Once per target/ (about 10 s), then reused. All of it, with GNU tar: the plugins share jars through hard
            // links to other plugins' copies, so unpacking only plugin/hive breaks them. Only hive is configured.
            Process tar = new ProcessBuilder(
                            "tar",
                            "xzf",
                            tarball.toString(),
                            "-C",
                            target.resolve("trino").toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(tar.getInputStream().readAllBytes());
            assertThat(tar.waitFor()).as(out).isZero();
        }
        work = Files.createTempDirectory(target, "trino-it");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.createSymbolicLink(plugins.resolve("hive"), server.resolve("plugin/hive"));
        Files.createDirectories(work.resolve("catalog"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // Sized for two shared cores and a handful of small files: one node, two drivers per task, little memory.
        Files.writeString(
                work.resolve("config.properties"),
                String.join(
                        "\n",
                        "coordinator=true",
                        "node-scheduler.include-coordinator=true",
                        "http-server.http.port=" + port,
                        "discovery.uri=http://127.0.0.1:" + port,
                        "query.max-memory=256MB",
                        "query.max-memory-per-node=256MB",
                        "memory.heap-headroom-per-node=64MB",
                        "task.concurrency=2",
                        "task.max-worker-threads=4",
                        "node-scheduler.max-splits-per-node=16",
                        "plugin.dir=" + plugins,
                        "catalog.config-dir=" + work.resolve("catalog"),
                        "http-server.log.enabled=false",
                        ""));
        Files.writeString(
                work.resolve("catalog/hive.properties"),
                String.join(
                        "\n",
                        "connector.name=hive",
                        "hive.metastore=file",
                        "hive.metastore.catalog.dir=local://" + work.resolve("metastore"),
                        "fs.native-local.enabled=true",
                        "local.location=/",
                        "hive.ignore-absent-partitions=true",
                        ""));
        Files.createDirectories(work.resolve("metastore"));
        trino = new ProcessBuilder(
                        jdk.get().resolve("bin/java").toString(),
                        "-Xmx1g",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:ActiveProcessorCount=2",
                        "-Djdk.attach.allowAttachSelf=true",
                        "-Dconfig=" + work.resolve("config.properties"),
                        "-Dnode.environment=test",
                        "-Dnode.id=crossenroll-it",
                        "-Dnode.data-dir=" + work.resolve("data"),
                        "-Djava.io.tmpdir=" + work,
                        "-cp",
                        server.resolve("lib") + "/*",
                        "io.trino.server.TrinoServer")
                // its working directory: Trino writes var/log relative to it
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("trino.log").toFile())
                .start();
    }

    /** Waits until Trino has started (it was started by {@link #startTrino()}). */
    static void awaitTrino() throws Exception {
        long deadline = System.nanoTime() + Hang.SHORT.toNanos();
        while (!Files.readString(work.resolve("trino.log")).contains("SERVER STARTED")) {
            assertThat(trino.isAlive())
                    .as("Trino exited: see %s", work.resolve("trino.log"))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("Trino did not start in " + Hang.SHORT)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopTrino() {
        if (trino != null) {
            trino.destroyForcibly();
        }
    }

    /** One statement through Trino's client protocol: every row, as lists of JSON values. */
    static List<List<JsonNode>> trino(String sql) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/statement"))
                .header("X-Trino-User", "bi-admin")
                .header("X-Trino-Catalog", "hive")
                .POST(HttpRequest.BodyPublishers.ofString(sql))
                .build();
        List<List<JsonNode>> rows = new ArrayList<>();
        JsonNode page = JSON.readTree(
                http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        while (true) {
            if (page.has("error")) {
                throw new AssertionError(
                        "Trino: " + page.get("error").path("message").asText() + "\n" + sql);
            }
            for (JsonNode row : page.path("data")) {
                List<JsonNode> values = new ArrayList<>();
                row.forEach(values::add);
                rows.add(values);
            }
            if (!page.has("nextUri")) {
                return rows;
            }
            page = JSON.readTree(http.send(
                            HttpRequest.newBuilder(
                                            URI.create(page.get("nextUri").asText()))
                                    .header("X-Trino-User", "bi-admin")
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        }
    }

    static String one(String sql) throws Exception {
        List<List<JsonNode>> rows = trino(sql);
        assertThat(rows).as(sql).hasSize(1);
        JsonNode v = rows.get(0).get(0);
        return v.isNull() ? "null" : v.asText();
    }

    static String duck(String sql) throws Exception {
        Object v = DuckDbRows.query(sql).get(0).values().iterator().next();
        return String.valueOf(v);
    }

    private Path night(Path dir, String name, int rows) throws IOException {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            list.add(Fixtures.row(name + "-" + i, name + "S" + i));
        }
        return Fixtures.csv(dir.resolve("in-" + name).resolve("rows.csv"), list).getParent();
    }

    private static void run(Path input, Path out, String date, String... extra) throws IOException {
        long t0 = System.nanoTime();
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--run-date",
                date,
                "--key-file",
                Runs.keyFile(input.getParent()).toString()));
        args.addAll(List.of(extra));
        Runs.Result r = Runs.cli(args.toArray(new String[0]));
        assertThat(r.exitCode()).as(r.err()).isZero();
        System.out.printf(
                "TrinoIT: night %s published in %.1f s%n%s",
                date,
                (System.nanoTime() - t0) / 1e9,
                r.err()
                        .lines()
                        .filter(l -> l.matches("\\[crossenroll\\] \\w+ +.*\\(\\d+\\.\\d s\\)"))
                        .map(l -> "  " + l + "\n")
                        .reduce("", String::concat));
    }

    /**
     * Rows per table and night, in Trino and in DuckDB over the same files: one query per engine, a UNION ALL over
     * every table, each row {@code table night:rows}.
     */
    private static void sameCounts(Path out) throws Exception {
        List<String> duckParts = new ArrayList<>();
        List<String> trinoParts = new ArrayList<>();
        for (Tables.Table t : Tables.all()) {
            String glob = out.resolve(t.path()) + (t.partitioned() ? "/*/*.parquet" : "/*.parquet");
            String by = t.partitioned() ? "run_date" : "'-'";
            duckParts.add("SELECT '" + t.name() + "' AS t, " + by + "::VARCHAR AS k, count(*) AS n FROM read_parquet('"
                    + glob + "'" + (t.partitioned() ? ", hive_partitioning = true" : "") + ") GROUP BY 1, 2");
            trinoParts.add("SELECT '" + t.name() + "' AS t, CAST(" + by + " AS varchar) AS k, count(*) AS n FROM "
                    + "crossenroll." + t.name() + " GROUP BY 1, 2");
        }
        String duckSql = "SELECT string_agg(t || ' ' || k || ':' || n, ',' ORDER BY t, k) FROM ("
                + String.join(" UNION ALL ", duckParts) + ")";
        String trinoSql = "SELECT array_join(array_agg(t || ' ' || k || ':' || CAST(n AS varchar) ORDER BY t, k), ',')"
                + " FROM (" + String.join(" UNION ALL ", trinoParts) + ")";
        String expected = duck(duckSql);
        assertThat(expected).as("DuckDB sees every table").contains(Tables.ENROLLMENTS_CLEAN_TABLE + " ");
        assertThat(one(trinoSql).replace(",", "\n"))
                .as("rows per table and night")
                .isEqualTo(expected.replace(",", "\n"));
    }

    @Test
    void trinoSeesEveryNightAndTheLatestAfterApplyingTheGeneratedDdlOnce() throws Exception {
        Path out = work.resolve("out");
        run(night(work, "one", 12), out, D1); // while Trino boots
        long t0 = System.nanoTime();
        awaitTrino();
        System.out.printf("TrinoIT: waited %.1f s more for Trino%n", (System.nanoTime() - t0) / 1e9);
        Runs.Result ddl = Runs.cli(
                "ddl",
                "--output",
                out.toString(),
                "--engine",
                "trino",
                "--location",
                "local://" + out); // the projection starts at the oldest night on disk: D1
        assertThat(ddl.exitCode()).as(ddl.err()).isZero();
        for (String statement : ddl.out().split(";\n")) {
            String sql = statement
                    .lines()
                    .filter(l -> !l.startsWith("--"))
                    .reduce((a, b) -> a + "\n" + b)
                    .orElse("");
            if (!sql.isBlank()) {
                trino(sql);
            }
        }
        sameCounts(out);
        String clean = out.resolve("enrollments_clean/*/*.parquet").toString();
        String row = "WHERE record_id = 'one-3'";
        assertThat(one("SELECT CAST(updated_at AS varchar) FROM crossenroll.enrollments_clean " + row))
                .isEqualTo(duck("SELECT strftime(updated_at, '%Y-%m-%d %H:%M:%S.%g') FROM '" + clean + "' " + row));
        assertThat(one("SELECT CAST(intake_date AS varchar) FROM crossenroll.enrollments_clean " + row))
                .isEqualTo(duck("SELECT intake_date::VARCHAR FROM '" + clean + "' " + row));
        assertThat(one("SELECT CAST(registered_poor AS varchar) FROM crossenroll.enrollments_clean " + row))
                .isEqualTo(duck("SELECT registered_poor::VARCHAR FROM '" + clean + "' " + row));
        String flows = out.resolve("published/province_flows/*/*.parquet").toString();
        assertThat(one("SELECT CAST(count_if(intake_year IS NULL) AS varchar) || '/' || CAST(sum(students) AS varchar)"
                        + " FROM crossenroll.published_province_flows"))
                .isEqualTo(
                        duck("SELECT count_if(intake_year IS NULL) || '/' || " + "sum(students) FROM '" + flows + "'"));
        assertThat(one("SELECT CAST(max(run_date) AS varchar) FROM crossenroll.flows_latest"))
                .isEqualTo(D1);

        run(night(work, "two", 15), out, D2); // nothing done in Trino between nights
        sameCounts(out);
        assertThat(one("SELECT CAST(count(DISTINCT run_date) AS varchar) FROM crossenroll.flows"))
                .isEqualTo("2");
        assertThat(one("SELECT CAST(sum(students) AS varchar) FROM crossenroll.flows_latest"))
                .isEqualTo("15");
        assertThat(one("SELECT CAST(run_date AS varchar) FROM crossenroll.runs WHERE is_latest"))
                .isEqualTo(D2);

        run(night(work, "three", 11), out, D3, "--keep-days", "2"); // removes D1
        sameCounts(out);
        assertThat(one("SELECT array_join(array_agg(CAST(run_date AS varchar) ORDER BY run_date), ',') FROM "
                        + "crossenroll.runs"))
                .isEqualTo(D2 + "," + D3);
        assertThat(one("SELECT array_join(array_sort(array_agg(DISTINCT CAST(run_date AS varchar))), ',') FROM "
                        + "crossenroll.published_province_flows"))
                .isEqualTo(D2 + "," + D3);
        assertThat(one("SELECT CAST(sum(students) AS varchar) || ' ' || CAST(max(run_date) AS varchar) FROM "
                        + "crossenroll.flows_latest"))
                .isEqualTo("11 " + D3);
        assertThat(one("SELECT CAST(rows_enrollments_clean AS varchar) FROM crossenroll.runs WHERE is_latest"))
                .isEqualTo("11");
    }
}
