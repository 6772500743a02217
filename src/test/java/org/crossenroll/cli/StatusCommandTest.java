package org.crossenroll.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.crossenroll.CrossEnroll;
import org.crossenroll.base.ExitCode;
import org.crossenroll.catalog.Tables;
import org.crossenroll.storage.PublishSteps;
import org.crossenroll.storage.Publisher;
import org.crossenroll.storage.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crossenroll status} on outputs made by the real publisher (small tables, no Spark): what it says, read-only. */
class StatusCommandTest {
    private static final Configuration CONF = new Configuration();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private record Said(int exitCode, String out, String err) {}

    private static Said status(Path output, String... extra) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of("status", "--output", output.toString()), Stream.of(extra))
                .toArray(String[]::new);
        int code = CrossEnroll.execute(
                args,
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                null);
        return new Said(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** A night of one small table, committed with a manifest; complete or after a failed data check. */
    private static void night(Publisher p, String date, boolean complete, String manifest) throws IOException {
        LocalDate d = LocalDate.parse(date);
        org.apache.hadoop.fs.Path staging = p.newStaging(d);
        try (var out = p.fileSystem()
                .create(new org.apache.hadoop.fs.Path(
                        new org.apache.hadoop.fs.Path(staging, "quarantine"), "part-00000"))) {
            out.write(date.getBytes(StandardCharsets.UTF_8));
        }
        p.commit(staging, d, List.of("quarantine"), manifest.getBytes(StandardCharsets.UTF_8), complete);
    }

    private static Map<String, Long> files(Path dir) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.toList()) {
                files.put(dir.relativize(f).toString(), Files.isRegularFile(f) ? Files.size(f) : -1);
            }
        }
        return files;
    }

    @Test
    void aHealthyOutputThenAFailedNightThenARunHoldingTheLock() throws Exception {
        Path out = tmp.resolve("out");
        Publisher p = Publisher.open(out.toString(), CONF, PublishSteps.NONE, Tables.CATALOG);
        night(p, "2024-06-29", true, "{\"status\":\"published\"}");
        night(p, "2024-06-30", true, "{\"status\":\"published\"}");

        Map<String, Long> before = files(out);
        Said healthy = status(out);
        assertThat(healthy.exitCode()).as(healthy.err()).isEqualTo(ExitCode.OK);
        assertThat(healthy.out())
                .contains("latest complete night: 2024-06-30")
                .contains("last failed night: none")
                .contains("lock: free")
                .contains("interrupted publish: none")
                .contains("staging leftovers: 0")
                .contains("nights kept: 2 nights 2024-06-29..2024-06-30, 2 complete");
        assertThat(files(out)).as("status changes nothing").isEqualTo(before);

        // A night that failed its data check: committed without _SUCCESS, latest stays on the last good one.
        night(
                p,
                "2024-07-01",
                false,
                "{\"status\":\"failed: the published layer could not be proven safe\","
                        + "\"checks\":{\"identity\":{\"status\":\"passed\",\"detail\":\"x\"},"
                        + "\"disclosure_audit\":{\"status\":\"failed\",\"detail\":\"flows row 1 [2018]\"}}}");
        Said failed = status(out);
        assertThat(failed.out())
                .contains("latest complete night: 2024-06-30")
                .contains("last failed night: 2024-07-01 (failed: the published layer could not be proven safe; "
                        + "disclosure_audit: flows row 1 [2018])")
                .contains("nights kept: 3 nights 2024-06-29..2024-07-01, 2 complete");
        JsonNode j = JSON.readTree(status(out, "--json").out());
        assertThat(j.path("latest_complete_night").asText()).isEqualTo("2024-06-30");
        assertThat(j.path("last_failed_night").path("run_date").asText()).isEqualTo("2024-07-01");
        assertThat(j.path("lock").path("held").asBoolean()).isFalse();
        assertThat(j.path("nights")).hasSize(3);
        assertThat(j.path("nights").get(2).path("complete").asBoolean()).isFalse();
        assertThat(j.path("nights").get(2).path("committed").asBoolean()).isTrue();

        // A run in progress holds the lock (this process, alive): named, not stale.
        try (RunLock lock = RunLock.acquire(p.fileSystem(), p.lockFile(), "2024-07-02", System.err)) {
            Said during = status(out);
            assertThat(during.out())
                    .contains("lock: held by ")
                    .contains("process " + ProcessHandle.current().pid())
                    .contains("run date 2024-07-02")
                    // one time convention: China Standard Time with its offset (docs/operations.md, "Times")
                    .containsPattern("started 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:[0-9.]+\\+08:00\\)")
                    .doesNotContain("stale");
            JsonNode l = JSON.readTree(status(out, "--json").out()).path("lock");
            assertThat(l.path("held").asBoolean()).isTrue();
            assertThat(l.path("stale").isNull()).isTrue();
        }
        assertThat(status(out).out()).contains("lock: free");
    }

    @Test
    void aDirectoryThatIsNotAnOutputIsRefusedAndLeftAsItWas() throws Exception {
        Path notOutput = Files.createDirectories(tmp.resolve("input"));
        Files.writeString(notOutput.resolve("rows.csv"), "record_id\n");
        Map<String, Long> before = files(notOutput);
        Said said = status(notOutput);
        assertThat(said.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(said.err().strip())
                .startsWith("crossenroll: --output " + notOutput)
                .contains("not a crossenroll output directory")
                .doesNotContain("\tat ");
        assertThat(said.err().strip().lines().count()).isEqualTo(1);
        assertThat(files(notOutput)).isEqualTo(before);
    }
}
