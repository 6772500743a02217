package org.crossenroll.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.crossenroll.base.UserError;
import org.crossenroll.catalog.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish protocol on small staged directories, without Spark: every table is a directory holding one file that
 * says which night wrote it. The crash images taken before each step are what a kill -9 at that instant leaves
 * (each step is one rename or one small file); {@code PublishCrashIT} kills real JVMs to prove the same.
 */
class PublisherTest {
    static final List<String> TABLES =
            List.of("enrollments_clean", "quarantine", "data_quality", "flows", "published/province_flows");
    static final LocalDate D = LocalDate.parse("2024-06-30");

    @TempDir
    java.nio.file.Path tmp;

    /** One configuration: each new one parses Hadoop's default XML files. */
    private static final Configuration CONF = new Configuration();

    private static FileSystem local() throws IOException {
        return FileSystem.getLocal(CONF).getRawFileSystem();
    }

    private Publisher publisher(java.nio.file.Path out, PublishSteps steps) throws IOException {
        return Publisher.open(out.toString(), CONF, steps, Tables.CATALOG);
    }

    /** Stages every table with one file naming {@code night}, and commits it. */
    private static void publish(Publisher p, LocalDate date, String night, boolean complete) throws IOException {
        Path staging = stage(p, date, night);
        p.commit(staging, date, TABLES, ("{\"night\":\"" + night + "\"}").getBytes(StandardCharsets.UTF_8), complete);
    }

    private static Path stage(Publisher p, LocalDate date, String night) throws IOException {
        Path staging = p.newStaging(date);
        for (String table : TABLES) {
            try (var out = p.fileSystem().create(new Path(new Path(staging, table), "part-00000"))) {
                out.write(night.getBytes(StandardCharsets.UTF_8));
            }
        }
        return staging;
    }

    /**
     * Every file a reader can see (staging and Hadoop's checksum files aside), with its content, byte for byte (the
     * runs table is Parquet).
     */
    static Map<String, String> visible(java.nio.file.Path out) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<java.nio.file.Path> walk = Files.walk(out)) {
            for (java.nio.file.Path f : walk.filter(Files::isRegularFile).toList()) {
                String relative = out.relativize(f).toString();
                if (!relative.startsWith("_staging") && !relative.endsWith(".crc")) {
                    files.put(relative, new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return files;
    }

    /** What a reader sees for one night: each table's writer, the manifest's, _SUCCESS, latest. */
    private static String night(java.nio.file.Path out, LocalDate date) throws IOException {
        List<String> seen = new ArrayList<>();
        for (String table : TABLES) {
            java.nio.file.Path f =
                    out.resolve(table).resolve("run_date=" + date).resolve("part-00000");
            seen.add(Files.exists(f) ? Files.readString(f) : "missing");
        }
        java.nio.file.Path manifest =
                out.resolve("_runs").resolve(date.toString()).resolve("manifest.json");
        seen.add(
                Files.exists(manifest)
                        ? Files.readString(manifest).replaceAll(".*\"night\":\"(\\w+)\".*", "$1")
                        : "missing");
        return String.join(",", seen);
    }

    private static String latest(java.nio.file.Path out) throws IOException {
        java.nio.file.Path f = out.resolve("_runs/latest");
        return Files.exists(f) ? Files.readString(f).strip() : "none";
    }

    @Test
    void aCommitPublishesEveryTableTheManifestTheMarkerAndLatest() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        Publisher p = publisher(out, PublishSteps.NONE);
        publish(p, D, "first", true);
        assertThat(night(out, D)).isEqualTo("first,first,first,first,first,first");
        assertThat(out.resolve("_runs/2024-06-30/_SUCCESS")).exists();
        assertThat(latest(out)).isEqualTo("2024-06-30");
        assertThat(out.resolve("_runs/_journal.json")).doesNotExist();
        assertThat(out.resolve("_runs/_committed")).doesNotExist();
        assertThat(out.resolve("_staging"))
                .as("no empty staging directory after a good night")
                .doesNotExist();
    }

    @Test
    void latestNamesTheNewestCompleteDateNeverAnOlderOne() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        Publisher p = publisher(out, PublishSteps.NONE);
        publish(p, LocalDate.parse("2024-06-30"), "a", true);
        publish(p, LocalDate.parse("2024-06-28"), "b", true); // a late rerun of an older night
        assertThat(latest(out)).isEqualTo("2024-06-30");
        publish(p, LocalDate.parse("2024-07-01"), "c", false); // a newer night that failed its data check
        assertThat(latest(out)).isEqualTo("2024-06-30");
        // A rerun of the latest night that fails its data check takes its _SUCCESS away: latest falls to the newest
        // night that is still complete.
        publish(p, LocalDate.parse("2024-06-30"), "d", false);
        assertThat(out.resolve("_runs/2024-06-30/_SUCCESS")).doesNotExist();
        assertThat(latest(out)).isEqualTo("2024-06-28");
    }

    /** The steps of one commit over {@link #TABLES}, in order, as the hook sees them. */
    private List<String> steps() throws IOException {
        List<String> steps = new ArrayList<>();
        publish(publisher(tmp.resolve("steps"), steps::add), D, "x", true);
        return steps;
    }

    @Test
    void theStepsAreTheDocumentedOnes() throws IOException {
        List<String> expected = new ArrayList<>(List.of("journal", "commit", "marker-down"));
        for (String t : TABLES) {
            expected.add("aside " + t);
            expected.add("move-in " + t);
        }
        expected.addAll(List.of("run-dir", "latest", "runs-table", "cleanup"));
        assertThat(steps()).isEqualTo(expected);
    }

    /** The steps before the commit marker is written: nothing a reader sees has changed until then. */
    private static boolean beforeTheCommitPoint(String step) {
        return step.equals(PublishSteps.JOURNAL) || step.equals(PublishSteps.COMMIT);
    }

    @Test
    void aFailureAtAnyStepLeavesTheOldNightBeforeTheCommitPointAndTheNewOneAfter() throws IOException {
        List<String> steps = steps();
        java.nio.file.Path seed = tmp.resolve("seed");
        publish(publisher(seed, PublishSteps.NONE), LocalDate.parse("2024-06-29"), "older", true);
        publish(publisher(seed, PublishSteps.NONE), D, "old", true);
        for (String failAt : steps) {
            // An Error (Hadoop's FSError on a full local disk is one) at a few steps; an exception at every step.
            List<Throwable> failures =
                    List.of(PublishSteps.JOURNAL, PublishSteps.MOVE_IN + "flows", PublishSteps.COMMIT)
                                    .contains(failAt)
                            ? List.of(new IllegalStateException("injected"), new Error("injected error"))
                            : List.of(new IllegalStateException("injected"));
            for (Throwable failure : failures) {
                java.nio.file.Path out =
                        tmp.resolve("fail-" + failAt.replace(' ', '_').replace('/', '_')
                                + failure.getClass().getSimpleName());
                copyTree(seed, out);
                Map<String, String> before = visible(out);
                Publisher p = publisher(out, step -> {
                    if (step.equals(failAt)) {
                        if (failure instanceof Error e) {
                            throw e;
                        }
                        throw (RuntimeException) failure;
                    }
                });
                if (!beforeTheCommitPoint(failAt)) { // after the commit point: rolled forward, the night is published
                    assertThatThrownBy(() -> publish(p, D, "new", true))
                            .isInstanceOf(org.crossenroll.base.PublishFailed.class)
                            .hasMessageContaining("was committed but not finished")
                            .hasMessageContaining("injected");
                    assertThat(readerView(out))
                            .as("failed at %s, before recovery", failAt)
                            .isIn("2024-06-30:" + all("old"), "2024-06-30:" + all("new"), "2024-06-29", "none");
                    Publisher again = publisher(out, PublishSteps.NONE);
                    assertThat(again.recover()).isEqualTo(Publisher.Recovery.ROLLED_FORWARD);
                    again.removeLeftovers(null);
                    assertThat(night(out, D))
                            .as("failed at %s, recovered", failAt)
                            .isEqualTo("new,new,new,new,new,new");
                    assertThat(latest(out)).isEqualTo(D.toString());
                    continue;
                }
                assertThatThrownBy(() -> publish(p, D, "new", true))
                        .isInstanceOf(org.crossenroll.base.PublishFailed.class)
                        .hasMessageContaining("the output was left as it was");
                assertThat(visible(out)).as("after a failure at %s", failAt).isEqualTo(before);
                assertThat(stagingLeft(out))
                        .as("no staging left after %s", failAt)
                        .isEmpty();
            }
        }
    }

    /** A copy of the whole output directory: what a crash at this instant leaves on disk. */
    private static void copyTree(java.nio.file.Path from, java.nio.file.Path to) throws IOException {
        try (Stream<java.nio.file.Path> walk = Files.walk(from)) {
            for (java.nio.file.Path f : walk.toList()) {
                java.nio.file.Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void aCrashImageAtEveryStepRecoversToExactlyTheOldOrExactlyTheNewNight() throws IOException {
        for (boolean rerun : List.of(true, false)) {
            java.nio.file.Path out = tmp.resolve("crash-" + rerun);
            publish(publisher(out, PublishSteps.NONE), LocalDate.parse("2024-06-29"), "older", true);
            if (rerun) {
                publish(publisher(out, PublishSteps.NONE), D, "old", true);
            }
            Map<String, String> before = visible(out);
            String oldNight = night(out, D);
            List<String> images = new ArrayList<>();
            Publisher p = publisher(out, step -> {
                java.nio.file.Path image = tmp.resolve("image-" + rerun + "-" + images.size());
                try {
                    copyTree(out, image);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                images.add(step);
            });
            publish(p, D, "new", true);
            Map<String, String> after = visible(out);
            boolean newSeen = false;
            for (int i = 0; i < images.size(); i++) {
                java.nio.file.Path image = tmp.resolve("image-" + rerun + "-" + i);
                String step = images.get(i);
                // What a reader who follows latest and _SUCCESS sees at this instant: the old night, the new one, or D
                // not complete (while its tables move); never a mix, and never the new night before the commit point.
                String seen = readerView(image);
                assertThat(seen)
                        .as("a reader at a crash before %s (rerun %s)", step, rerun)
                        .isIn(
                                rerun ? "2024-06-30:" + all("old") : "2024-06-29",
                                "2024-06-29",
                                "2024-06-30:" + all("new"),
                                "none");
                if (beforeTheCommitPoint(step)) {
                    Map<String, String> seenFiles = visible(image);
                    seenFiles.remove("_runs/_journal.json"); // the commit's own, read by recovery only
                    assertThat(seenFiles)
                            .as("nothing changed before the commit point (%s)", step)
                            .isEqualTo(before);
                }
                assertThat(!newSeen || seen.equals("2024-06-30:" + all("new")))
                        .as("the new night, once seen, stays (crash before %s)", step)
                        .isTrue();
                newSeen |= seen.equals("2024-06-30:" + all("new"));
                Publisher recovered = publisher(image, PublishSteps.NONE);
                Publisher.Recovery r = recovered.recover();
                recovered.removeLeftovers(null);
                boolean committed = !beforeTheCommitPoint(step);
                if (newSeen) {
                    assertThat(readerView(image))
                            .as("the new night survives recovery (crash before %s)", step)
                            .isEqualTo(seen);
                }
                assertThat(visible(image))
                        .as("crash before %s (rerun %s), recovery %s", step, rerun, r)
                        .isEqualTo(committed ? after : before);
                assertThat(night(image, D)).isEqualTo(committed ? "new,new,new,new,new,new" : oldNight);
                assertThat(latest(image)).isEqualTo(committed || rerun ? "2024-06-30" : "2024-06-29");
                assertThat(stagingLeft(image))
                        .as("record-level leftovers removed")
                        .isEmpty();
                // Recovery of a recovered output does nothing more: a crash during recovery is recovered by the next
                // one.
                assertThat(publisher(image, PublishSteps.NONE).recover()).isEqualTo(Publisher.Recovery.NOTHING);
            }
            assertThat(images).hasSize(2 + 2 * TABLES.size() + 5);
        }
    }

    /**
     * What a reader who follows {@code latest} and reads that night's tables only under its {@code _SUCCESS} sees:
     * "D:t1,t2,..." (each table's night), D alone (latest names a date whose night is not D's), or "none".
     */
    private static String readerView(java.nio.file.Path out) throws IOException {
        String latest = latest(out);
        if (latest.equals("none")) {
            return "none";
        }
        if (!latest.equals(D.toString())) {
            return latest;
        }
        assertThat(out.resolve("_runs").resolve(latest).resolve("_SUCCESS"))
                .as("latest names a complete night")
                .exists();
        List<String> tables = new ArrayList<>();
        for (String table : TABLES) {
            java.nio.file.Path f =
                    out.resolve(table).resolve("run_date=" + latest).resolve("part-00000");
            tables.add(Files.exists(f) ? Files.readString(f) : "missing");
        }
        String manifest = night(out, D).replaceAll(".*,", "");
        assertThat(tables).as("every table of the night its manifest names").allMatch(manifest::equals);
        return latest + ":" + String.join(",", tables);
    }

    /** What is left under {@code _staging/} (which may be gone). */
    private static List<String> stagingLeft(java.nio.file.Path out) throws IOException {
        if (!Files.exists(out.resolve("_staging"))) {
            return List.of();
        }
        try (Stream<java.nio.file.Path> staging = Files.list(out.resolve("_staging"))) {
            return staging.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Every table of a night from {@code night}, as {@link #readerView} lists them. */
    private static String all(String night) {
        return String.join(",", java.util.Collections.nCopies(TABLES.size(), night));
    }

    /** What every run (and crossenroll recover) does first, under the lock. */
    private void recoverAndClean(java.nio.file.Path out) throws IOException {
        Publisher p = publisher(out, PublishSteps.NONE);
        p.recover();
        p.removeLeftovers(null);
    }

    /** Publishes night "new" over {@code out}, keeping a copy of the output as it was just before {@code at}. */
    private java.nio.file.Path crashImage(java.nio.file.Path out, String at) throws IOException {
        java.nio.file.Path image = tmp.resolve("image");
        publish(
                publisher(out, step -> {
                    if (step.equals(at)) {
                        try {
                            copyTree(out, image);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }),
                D,
                "new",
                true);
        return image;
    }

    @Test
    void aCrashDuringRecoveryIsFinishedByTheNextRecovery() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        publish(publisher(out, PublishSteps.NONE), D, "old", true);
        java.nio.file.Path image = crashImage(out, PublishSteps.ASIDE + TABLES.get(2));
        Map<String, String> after = visible(out);
        // the recovery itself stops half way (before the run directory moves in), then the next one finishes
        Publisher stopping = publisher(image, step -> {
            if (step.equals(PublishSteps.RUN_DIR)) {
                throw new IllegalStateException("stopped");
            }
        });
        assertThatThrownBy(stopping::recover).hasMessageContaining("stopped");
        recoverAndClean(image);
        assertThat(visible(image)).isEqualTo(after);
    }

    @Test
    void aMarkerLeftByAnEarlierCommitIsNeverTakenForThisOne() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        publish(publisher(out, PublishSteps.NONE), D, "old", true);
        Map<String, String> before = visible(out);
        java.nio.file.Path image = crashImage(out, PublishSteps.COMMIT);
        Files.writeString(image.resolve("_runs/_committed"), "id-of-an-older-commit");
        recoverAndClean(image);
        assertThat(visible(image)).isEqualTo(before);
    }

    @Test
    void leftoversOfDeadRunsAreRemovedUnderTheLock() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        Publisher p = publisher(out, PublishSteps.NONE);
        publish(p, D, "old", true);
        Path dead = stage(p, D, "dead"); // a run killed while staging: record-level rows, no journal
        assertThat(Files.exists(java.nio.file.Path.of(dead.toUri()))).isTrue();
        Files.writeString(out.resolve("_runs/._committed.tmp"), ""); // a marker write cut short by a full disk
        assertThat(p.removeLeftovers(null)).isEqualTo(2);
        assertThat(out.resolve("_runs/._committed.tmp")).doesNotExist();
        assertThat(Files.exists(java.nio.file.Path.of(dead.toUri()))).isFalse();
        assertThat(night(out, D)).isEqualTo("old,old,old,old,old,old");
    }

    @Test
    void aRunFileGoesOnlyIntoACommittedNightAndACutShortOneIsALeftover() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        Publisher p = publisher(out, PublishSteps.NONE);
        LocalDate never = LocalDate.parse("2024-07-01");
        assertThat(p.writeRunFile(never, "result.json", "{}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(out.resolve("_runs/2024-07-01"))
                .as("no night outside a commit")
                .doesNotExist();

        publish(p, D, "old", true);
        Map<String, String> before = visible(out);
        assertThat(p.writeRunFile(D, "result.json", "{\"exit_code\":0}".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        before.put("_runs/2024-06-30/result.json", "{\"exit_code\":0}");
        assertThat(visible(out)).as("that file and nothing else").isEqualTo(before);

        Files.writeString(out.resolve("_runs/2024-06-30/.result.json.tmp"), "{\"exit"); // a crash mid-write
        assertThat(p.removeLeftovers(null)).isEqualTo(1);
        assertThat(visible(out)).isEqualTo(before);
    }

    @Test
    void retentionRemovesOlderDatesEverywhereAndKeepsLatest() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        Publisher p = publisher(out, PublishSteps.NONE);
        for (String d : List.of("2024-06-27", "2024-06-28", "2024-06-29", "2024-06-30")) {
            publish(p, LocalDate.parse(d), d, true);
        }
        assertThat(p.removeOlderThan(D, 2))
                .containsExactly(LocalDate.parse("2024-06-27"), LocalDate.parse("2024-06-28"));
        assertThat(visible(out).keySet())
                .allMatch(f -> f.contains("2024-06-29")
                        || f.contains("2024-06-30")
                        || f.equals("_runs/latest")
                        || f.equals("runs/" + Publisher.RUNS_TABLE_FILE)); // the runs table, rewritten
        assertThat(latest(out)).isEqualTo("2024-06-30");
        // the boundary: N = 1 keeps the run date alone; the day before is exactly one day back and goes
        assertThat(p.removeOlderThan(D, 1)).containsExactly(LocalDate.parse("2024-06-29"));
        assertThat(out.resolve("_runs/2024-06-29")).doesNotExist();
        assertThat(out.resolve("_runs/2024-06-30/_SUCCESS")).exists();
        assertThat(out.resolve("flows/run_date=2024-06-30")).exists();
    }

    // The lock.

    private RunLock lock(java.nio.file.Path out, ByteArrayOutputStream warnings) throws IOException {
        Publisher p = publisher(out, PublishSteps.NONE);
        return RunLock.acquire(p.fileSystem(), p.lockFile(), "2024-06-30", new PrintStream(warnings, true));
    }

    private static void writeLock(java.nio.file.Path out, String host, long pid, Instant heartbeat) throws IOException {
        Files.createDirectories(out.resolve("_runs"));
        java.nio.file.Path lock = out.resolve("_runs/_lock");
        Files.writeString(
                lock,
                "{\"id\":\"x\",\"user\":\"ops\",\"host\":\"" + host + "\",\"pid\":" + pid
                        + ",\"run_date\":\"2024-06-29\",\"started_at\":\"2024-06-29T18:30:00Z\"}");
        Files.setLastModifiedTime(lock, FileTime.from(heartbeat));
    }

    @Test
    void aSecondRunIsRefusedWithOneSentenceNamingTheHolder() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try (RunLock held = lock(out, warnings)) {
            assertThatThrownBy(() -> lock(out, warnings))
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining("is in use by another crossenroll run")
                    .hasMessageContaining("process " + ProcessHandle.current().pid())
                    .hasMessageContaining("run date 2024-06-30")
                    .hasMessageNotContaining("\n");
        }
        try (RunLock again = lock(out, warnings)) {
            assertThat(again.owner().pid())
                    .as("released at close")
                    .isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(out.resolve("_runs/_lock")).doesNotExist();
        assertThat(warnings.toString()).isEmpty();
    }

    @Test
    void aLockWhoseProcessHasEndedIsTakenOverWithAWarning() throws IOException, InterruptedException {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        java.nio.file.Path out = tmp.resolve("out");
        writeLock(out, RunLock.hostName(), ended.pid(), Instant.now());
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try (RunLock taken = lock(out, warnings)) {
            assertThat(taken.owner().pid()).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(warnings.toString())
                .contains("took over the lock of a run that is gone")
                .contains("process " + ended.pid() + " has ended");
        try (Stream<java.nio.file.Path> runs = Files.list(out.resolve("_runs"))) {
            assertThat(runs.map(f -> f.getFileName().toString()))
                    .as("no stale copy left")
                    .isEmpty();
        }
    }

    @Test
    void aLockFromAnotherHostIsStaleOnlyWhenItsHeartbeatStopped() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        writeLock(out, "other-host.example", 4242, Instant.now().minusSeconds(60));
        assertThatThrownBy(() -> lock(out, new ByteArrayOutputStream()))
                .hasMessageContaining("ops@other-host.example process 4242");
        writeLock(
                out,
                "other-host.example",
                4242,
                Instant.now().minus(RunLock.STALE_AFTER).minusSeconds(60));
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try (RunLock taken = lock(out, warnings)) {
            assertThat(warnings.toString()).contains("no heartbeat for 11 minutes");
        }
    }

    @Test
    void aLockBeingWrittenIsRespectedUntilItIsOld() throws IOException {
        java.nio.file.Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("_runs"));
        Files.writeString(out.resolve("_runs/_lock"), ""); // created, content not yet written
        assertThatThrownBy(() -> lock(out, new ByteArrayOutputStream())).hasMessageContaining("a lock being written");
    }

    @Test
    void anOutputThatCannotBeADirectoryIsAUserError() throws IOException {
        java.nio.file.Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> publisher(file, PublishSteps.NONE))
                .isInstanceOf(UserError.class)
                .hasMessage("--output " + file + " is a file, not a directory.");
        assertThatThrownBy(() -> publisher(file.resolve("out"), PublishSteps.NONE))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("--output " + file.resolve("out") + " cannot be written: ")
                .hasMessageNotContaining("\n");
    }
}
