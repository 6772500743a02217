package org.crossenroll.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.crossenroll.CrossEnroll;
import org.crossenroll.base.ExitCode;
import org.crossenroll.catalog.Tables;
import org.crossenroll.storage.PublishSteps;
import org.crossenroll.testing.ChildJvm;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Hang;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Atomic publish, proved the way an operator's machine breaks it: a real child JVM killed with SIGKILL at every
 * step of a commit, a run killed mid-publish and the next run, two runs at once, and a disk that fills up during
 * the publish (a real tmpfs in a private mount namespace). After each, the output is read back with DuckDB, an
 * independent reader: every table of the night holds exactly one night's rows, old or new, matching the manifest.
 */
@Execution(ExecutionMode.CONCURRENT) // each case mostly waits on its child JVMs: the four side by side, each in its tmp
public class PublishCrashIT {
    static final String OLDER = "2024-06-29";
    static final String D = "2024-06-30";

    @TempDir
    Path tmp;

    public static List<String> steps() {
        List<String> steps =
                new ArrayList<>(List.of(PublishSteps.JOURNAL, PublishSteps.COMMIT, PublishSteps.MARKER_DOWN));
        for (String t : Tables.publishedTables()) {
            steps.add(PublishSteps.ASIDE + t);
            steps.add(PublishSteps.MOVE_IN + t);
        }
        steps.addAll(List.of(PublishSteps.RUN_DIR, PublishSteps.LATEST, PublishSteps.RUNS_TABLE, PublishSteps.CLEANUP));
        return steps;
    }

    /** Whether a commit stopped before this step had reached its commit point (the marker is written at COMMIT). */
    public static boolean committedBefore(String step) {
        return !step.equals(PublishSteps.JOURNAL) && !step.equals(PublishSteps.COMMIT);
    }

    private ChildJvm publish(Path out, String date, String night, String stopAt, String... staged) throws IOException {
        List<String> args = new ArrayList<>(List.of(out.toString(), date, night, stopAt));
        args.addAll(List.of(staged));
        return ChildJvm.start(
                ChildJvm.command(CrashingPublish.class, false, args), Files.createTempFile(tmp, "publish", ".err"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** crossenroll recover, in this JVM (no Spark needed). */
    public static Runs.Result recover(Object out) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = CrossEnroll.execute(
                new String[] {"recover", "--output", out.toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                null);
        return new Runs.Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private static String read(Path f) throws IOException {
        return Files.exists(f) ? Files.readString(f).strip() : "absent";
    }

    private static void assertNoLeftovers(Path out, String what) throws IOException {
        try (Stream<Path> staging =
                Files.exists(out.resolve("_staging")) ? Files.list(out.resolve("_staging")) : Stream.empty()) {
            assertThat(staging).as("staging leftovers %s", what).isEmpty();
        }
        try (Stream<Path> runs = Files.list(out.resolve("_runs"))) {
            assertThat(runs.map(p -> p.getFileName().toString()).filter(n -> !n.matches("\\d{4}-\\d{2}-\\d{2}|latest")))
                    .as("lock, journal or marker left %s", what)
                    .isEmpty();
        }
    }

    @Test
    void aKill9AtEveryStepOfAPublishLeavesExactlyTheOldOrExactlyTheNewNight() throws Exception {
        Path seed = tmp.resolve("seed");
        assertThat(publish(seed, OLDER, "older", "none").exitCode(Hang.SHORT)).isZero();
        Path firstNight = tmp.resolve("first-night");
        copyTree(seed, firstNight); // D never published: a crash must leave no trace of it
        assertThat(publish(seed, D, "old", "none").exitCode(Hang.SHORT)).isZero();
        List<String> steps = steps();
        // the new night's tables, written once here and copied by each child into its staging directory
        Path staged = tmp.resolve("staged-new");
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        org.crossenroll.storage.NioLocalFileSystem.use(conf);
        CrashingPublish.stageTables(new org.apache.hadoop.fs.Path(staged.toUri()), "new", conf);
        // Two children at a time (one per core): each is a second of JVM start and a few hundred file operations.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            int index = i;
            done.add(pool.submit(() -> {
                killAndRecover(seed, firstNight, staged, steps.get(index), index);
                return null;
            }));
        }
        pool.shutdown();
        for (java.util.concurrent.Future<?> f : done) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Error err ? err : new AssertionError(e.getCause());
            }
        }
    }

    private void killAndRecover(Path seed, Path firstNight, Path staged, String step, int i) throws Exception {
        boolean rerun = i % 4 != 1; // most steps on a rerun of D (the harder case), some on D's first publish
        Path out = tmp.resolve("kill-" + i);
        copyTree(rerun ? seed : firstNight, out);
        ChildJvm child = publish(out, D, "new", step, staged.toString());
        child.awaitLine(StoppingSteps.AT + step);
        child.kill();
        assertThat(out.resolve("_runs/_lock")).as("the killed run's lock").exists();
        boolean committed = committedBefore(step);

        // What a reader who follows latest and _SUCCESS sees right after the kill: D complete with exactly the night
        // its manifest names (old, or new once committed), or D not complete while its tables move; latest names a
        // complete night or is absent for that instant.
        boolean completeAtKill = Files.exists(out.resolve("_runs").resolve(D).resolve("_SUCCESS"));
        String latestAtKill = read(out.resolve("_runs/latest"));
        if (completeAtKill) {
            String night = read(out.resolve("_runs").resolve(D).resolve("manifest.json"))
                            .contains("\"new\"")
                    ? "new"
                    : "old";
            assertThat(Nights.readBack(out, D))
                    .as("a reader of D at kill -9 before %s", step)
                    .isEqualTo(Nights.all("3 x 1:" + night));
            assertThat(night.equals("old") || committed)
                    .as("the new night seen only once committed")
                    .isTrue();
        }
        assertThat(latestAtKill).as("latest at kill -9 before %s", step).isIn(OLDER, D, "absent");
        if (latestAtKill.equals(D)) {
            assertThat(completeAtKill)
                    .as("latest names a complete night (kill before %s)", step)
                    .isTrue();
        }

        Runs.Result r = recover(out);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("took over the lock of a run that is gone");
        String expected = committed ? "new" : rerun ? "old" : null;
        assertThat(Nights.readBack(out, D))
                .as("after kill -9 before %s (rerun %s)", step, rerun)
                .isEqualTo(Nights.all(expected == null ? "absent" : "3 x 1:" + expected));
        assertThat(read(out.resolve("_runs").resolve(D).resolve("manifest.json")))
                .isEqualTo(expected == null ? "absent" : "{\"run_date\":\"" + D + "\",\"night\":\"" + expected + "\"}");
        assertThat(Files.exists(out.resolve("_runs").resolve(D).resolve("_SUCCESS")))
                .isEqualTo(expected != null);
        assertThat(read(out.resolve("_runs/latest"))).isEqualTo(expected == null ? OLDER : D);
        assertThat(org.crossenroll.testing.DuckDbRows.query("SELECT run_date::VARCHAR AS d, is_latest FROM '"
                                + out.resolve("runs/part-00000.parquet") + "' ORDER BY run_date")
                        .toString())
                .as("the runs table after kill -9 before %s", step)
                .isEqualTo(
                        expected == null
                                ? "[{d=" + OLDER + ", is_latest=true}]"
                                : "[{d=" + OLDER + ", is_latest=false}, {d=" + D + ", is_latest=true}]");
        assertThat(Nights.readBack(out, OLDER)).as("the other night").isEqualTo(Nights.all("3 x 1:older"));
        assertNoLeftovers(out, "after recovering a kill before " + step);
    }

    private Path smallInput(String name, int rows) throws IOException {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            list.add(Fixtures.row(name + "-" + i, name + "S" + i));
        }
        Path input = tmp.resolve("in-" + name);
        Fixtures.csv(input.resolve("rows.csv"), list);
        return input;
    }

    private List<String> runArgs(Path input, Path out) throws IOException {
        return List.of(
                "run",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--run-date",
                D,
                "--key-file",
                Runs.keyFile(tmp).toString());
    }

    private ChildJvm run(String stopAt, Path release, Path fill, List<String> runArgs, String name) throws IOException {
        List<String> args = new ArrayList<>(
                List.of(stopAt, release == null ? "-" : release.toString(), fill == null ? "-" : fill.toString()));
        args.addAll(runArgs);
        return ChildJvm.start(ChildJvm.command(CrashingRun.class, true, args), tmp.resolve(name + ".err"));
    }

    /** Every file a reader can see, with a hash of its bytes. */
    private static Map<String, String> snapshot(Path out) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String relative = out.relativize(f).toString();
                if (!relative.startsWith("_staging")) {
                    files.put(
                            relative,
                            HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                }
            }
        }
        return files;
    }

    @Test
    void twoRunsAtOnceAreRefusedAndAKilledRunIsRecoveredByTheNextOne() throws Exception {
        Path out = tmp.resolve("out");
        assertThat(Runs.cli(runArgs(smallInput("first", 10), out).toArray(new String[0]))
                        .exitCode())
                .isZero();

        // A run waits in the middle of its publish; a second run on the same output (this JVM, another process) is
        // refused in one sentence and leaves the first run's lock and staged tables alone.
        ChildJvm a = run(PublishSteps.MOVE_IN + "flows", null, null, runArgs(smallInput("a", 7), out), "a");
        a.awaitLine(StoppingSteps.AT + PublishSteps.MOVE_IN + "flows");
        byte[] lockOfA = Files.readAllBytes(out.resolve("_runs/_lock"));
        Map<String, String> staged = snapshot(out.resolve("_staging"));
        Runs.Result b = Runs.cli(runArgs(smallInput("b", 5), out).toArray(new String[0]));
        assertThat(b.exitCode()).as(b.err()).isEqualTo(ExitCode.USAGE);
        List<String> lines =
                b.err().lines().filter(l -> l.startsWith("crossenroll:")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .contains("is in use by another crossenroll run")
                .contains("run date " + D)
                .contains("process " + a.pid());
        assertThat(b.err()).doesNotContain("\tat ");
        assertThat(Files.readAllBytes(out.resolve("_runs/_lock")))
                .as("the first run's lock")
                .isEqualTo(lockOfA);
        assertThat(snapshot(out.resolve("_staging")))
                .as("the first run's staged tables")
                .isEqualTo(staged);

        // That run killed with SIGKILL mid-publish, after its commit point: half its tables are in place. The next run
        // finishes that commit before it does anything else (crossenroll recover does the same alone), then publishes
        // its own night.
        a.kill();
        assertThat(out.resolve("_runs/_journal.json"))
                .as("a commit interrupted half way")
                .exists();
        assertThat(out.resolve("_runs").resolve(D))
                .as("the night taken down while its tables move")
                .doesNotExist();
        Runs.Result next = Runs.cli(runArgs(smallInput("next", 6), out).toArray(new String[0]));
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.err())
                .contains("took over the lock of a run that is gone")
                .contains("it had committed; finished it");
        assertThat(Runs.table(out, "enrollments_clean")).hasSize(6);
        assertThat(TestSpark.session()
                        .read()
                        .parquet(out.resolve("flows/run_date=" + D).toString())
                        .selectExpr("sum(students)")
                        .first()
                        .getLong(0))
                .as("flows of the same night")
                .isEqualTo(6);
        assertNoLeftovers(out, "after the next run");
    }

    @Test
    void aDiskThatFillsUpDuringThePublishLeavesEveryTableAsItWas() throws Exception {
        assumeMountNamespace("a real full disk");
        Path seed = tmp.resolve("seed");
        assertThat(Runs.cli(runArgs(smallInput("seed", 10), seed).toArray(new String[0]))
                        .exitCode())
                .isZero();
        Path mount = Files.createDirectories(tmp.resolve("mnt"));
        Path result = Files.createDirectories(tmp.resolve("result"));
        List<String> job = ChildJvm.command(
                CrashingRun.class,
                true,
                new ArrayList<>(List.of(
                        PublishSteps.COMMIT, "-", mount.resolve("filler").toString())));
        job.addAll(runArgs(smallInput("full", 8), mount.resolve("out")));
        String script = String.join(
                " && ",
                "mount -t tmpfs -o size=64m tmpfs " + mount,
                "mkdir " + mount.resolve("out"),
                "cp -a " + seed + "/. " + mount.resolve("out"),
                "{ " + quote(job) + " > " + tmp.resolve("full.out") + " 2> " + tmp.resolve("full.err") + "; echo $? > "
                        + tmp.resolve("full.rc") + "; }",
                "rm -f " + mount.resolve("filler"),
                "cp -a " + mount.resolve("out") + "/. " + result);
        inMountNamespace(script);
        String err = Files.readString(tmp.resolve("full.err"));
        // full just before the commit marker is written: the last write of a commit (all after it are renames)
        assertThat(Files.readString(tmp.resolve("full.out"))).contains(StoppingSteps.AT + PublishSteps.COMMIT);
        assertThat(Files.readString(tmp.resolve("full.rc")).strip())
                .as(err)
                .isEqualTo(String.valueOf(ExitCode.INTERNAL));
        List<String> lines =
                err.lines().filter(l -> l.startsWith("crossenroll:")).toList();
        assertThat(lines).as(err).hasSize(1);
        assertThat(lines.get(0)).contains("the output was left as it was").contains("No space left on device");
        assertThat(err).as("no stack trace for a full disk").doesNotContain("\tat ");
        assertThat(snapshot(result)).isEqualTo(snapshot(seed));
        assertNoLeftovers(result, "after a full disk");
    }

    @Test
    void aReadOnlyOutputIsAUserErrorInOneSentence() throws Exception {
        assumeMountNamespace("a read-only mount");
        Path readOnly = Files.createDirectories(tmp.resolve("ro"));
        List<String> job = ChildJvm.command(CrashingRun.class, true, new ArrayList<>(List.of("none", "-", "-")));
        job.addAll(runArgs(smallInput("ro", 3), readOnly.resolve("out")));
        // A read-only bind mount: root ignores file permissions, so only a read-only file system refuses root.
        String script = String.join(
                " && ",
                "mount --bind " + readOnly + " " + readOnly,
                "mount -o remount,bind,ro " + readOnly,
                "{ " + quote(job) + " 2> " + tmp.resolve("ro.err") + "; echo $? > " + tmp.resolve("ro.rc") + "; }");
        inMountNamespace(script);
        String err = Files.readString(tmp.resolve("ro.err"));
        assertThat(Files.readString(tmp.resolve("ro.rc")).strip()).as(err).isEqualTo(String.valueOf(ExitCode.USAGE));
        List<String> lines =
                err.lines().filter(l -> l.startsWith("crossenroll:")).toList();
        assertThat(lines).as(err).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("crossenroll: --output " + readOnly.resolve("out") + " cannot be written: ");
        assertThat(err).doesNotContain("\tat ");
        try (Stream<Path> left = Files.list(readOnly)) {
            assertThat(left).isEmpty();
        }
    }

    /**
     * Mounts made inside a private mount namespace vanish with it: the test gets a real tmpfs or read-only file system
     * without changing the machine.
     */
    private static void assumeMountNamespace(String what) throws Exception {
        Process probe = new ProcessBuilder("unshare", "-m", "--propagation", "private", "true").start();
        Assumptions.assumeTrue(
                probe.waitFor() == 0,
                "skipped: this machine cannot make a private mount namespace (unshare -m), so no " + what);
    }

    private static void inMountNamespace(String script) throws Exception {
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        String shell = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(shell).isZero();
    }

    private static String quote(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String a : command) {
            sb.append(sb.length() == 0 ? "" : " ")
                    .append("'")
                    .append(a.replace("'", "'\\''"))
                    .append("'");
        }
        return sb.toString();
    }
}
