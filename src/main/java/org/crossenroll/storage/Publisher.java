package org.crossenroll.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.crossenroll.base.PublishFailed;
import org.crossenroll.base.UserError;

/**
 * The output directory and its publish protocol: every night is one commit that survives a crash at any instant.
 *
 * <p>Layout: {@code OUT/<table>/run_date=D/} (Hive-style partitions; the published layer's tables one level down,
 * {@code OUT/published/<report>/run_date=D/}), {@code OUT/_runs/D/manifest.json} and {@code _SUCCESS} (run date D
 * is complete), {@code OUT/_runs/latest} (the newest complete run date), {@code OUT/_staging/} (private to the run
 * holding {@code OUT/_runs/_lock}).
 *
 * <p>A commit ({@link #commit}) has one commit point: everything that needs space is staged (the tables, the new
 * {@code _runs/D}, the new runs table and {@code latest}), then the journal {@code _runs/_journal.json} is written,
 * then the commit marker {@code _runs/_committed} holding the journal's id. Before the marker nothing a reader sees
 * has changed, and {@link #recover()} discards the staging; after it, recovery rolls forward ({@link #apply}): only
 * renames and deletes, each looking at the disk first, in an order that keeps readers who follow {@code latest} and
 * {@code _SUCCESS} on a whole night. Recovery is idempotent (a crash during recovery is recovered by the next one),
 * and every run and {@code crossenroll recover} runs it under the lock before doing anything else.
 *
 * <p>The run-status table {@code OUT/runs/} ({@link OutputCatalog#runsTable()}) is part of the same commit: its new file is staged
 * with the tables (computed from {@code _runs/} as the commit leaves it) and moved in after {@code latest}. Recovery
 * and retention rewrite it whenever it no longer matches {@code _runs/}.
 *
 * <p>{@code latest} is always recomputed as the newest run date with a {@code _SUCCESS}: a rerun of an older date
 * never moves it back, and a date that lost its {@code _SUCCESS} (a rerun that failed a data check) stops being it.
 */
public final class Publisher {
    public static final String RUNS = "_runs";
    public static final String STAGING = "_staging";
    public static final String MANIFEST = "manifest.json";
    public static final String LATEST = "latest";
    public static final String SUCCESS = "_SUCCESS";
    public static final String LOCK = "_lock";
    public static final String JOURNAL = "_journal.json";
    public static final String COMMITTED = "_committed";
    /** Inside a staging directory: the new {@code _runs/D}, and the partitions a commit replaced. */
    static final String NEW_RUN = "_run";

    static final String REPLACED = "_replaced";
    /** Inside a staging directory: the new runs table file, and the new {@code latest}. */
    static final String NEW_RUNS_TABLE = "_runs_table";

    static final String NEW_LATEST = "_latest";
    private static final String PARTITION = "run_date=";
    private static final String LATEST_TMP = ".latest.tmp";
    /** The runs table's one file, and its footer key: the digest of the {@code _runs/} state it was computed from. */
    public static final String RUNS_TABLE_FILE = "part-00000.parquet";

    public static final String KEY_RUNS_SOURCE = "crossenroll.runs_source";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path root;
    private final PublishSteps steps;
    private final OutputCatalog catalog;

    public Publisher(FileSystem fs, Path root, PublishSteps steps, OutputCatalog catalog) {
        // On a local disk, the raw file system (the checksummed one writes a .crc beside every small file), with
        // permissions set without forking a chmod per file (NioLocalFileSystem).
        this.fs = fs instanceof org.apache.hadoop.fs.LocalFileSystem ? NioLocalFileSystem.raw(fs.getConf()) : fs;
        this.root = this.fs.makeQualified(root);
        this.steps = steps;
        this.catalog = catalog;
    }

    /**
     * The output directory {@code outputDir}, created if missing. Anything that makes it unusable (a regular file
     * in its place or on its path, no permission, a read-only file system) is the user's to fix: exit 2.
     */
    public static Publisher open(String outputDir, Configuration conf, PublishSteps steps, OutputCatalog catalog) {
        Path path;
        try {
            path = new Path(outputDir);
        } catch (IllegalArgumentException e) {
            throw new UserError("--output " + outputDir + " is not a valid path: " + e.getMessage() + ".");
        }
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
                throw new UserError("--output " + outputDir + " is a file, not a directory.");
            }
            Publisher publisher = new Publisher(fs, path, steps, catalog);
            Path runs = publisher.runsDir();
            if (!fs.mkdirs(runs)) {
                throw new IOException("mkdirs returned false");
            }
            // A probe write: a read-only output must fail here, before hours of work, not at the first table.
            Path probe = new Path(runs, ".write-probe-" + UUID.randomUUID());
            fs.create(probe, false).close();
            fs.delete(probe, false);
            return publisher;
        } catch (UserError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserError("--output " + outputDir + " cannot be written: " + oneLine(e) + ".", e);
        }
    }

    /**
     * Refuses, as a user error, a directory that is not a job's output: one that has no {@code _runs/} (every run
     * creates it before anything else). Reads only.
     */
    public static void requireOutput(String outputDir, Configuration conf) {
        try {
            Path runs = new Path(new Path(outputDir), RUNS);
            FileSystem fs = runs.getFileSystem(conf);
            if (!fs.exists(runs) || !fs.getFileStatus(runs).isDirectory()) {
                throw new UserError("--output " + outputDir + " is not a crossenroll output directory (it has no "
                        + RUNS + "/); nothing was changed.");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("--output " + outputDir + " cannot be read: " + oneLine(e) + ".");
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public Path root() {
        return root;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** The published directory of a table for a run date. */
    public Path published(String table, LocalDate runDate) {
        return new Path(new Path(root, table), PARTITION + runDate);
    }

    public Path runsDir() {
        return new Path(root, RUNS);
    }

    public Path runDir(LocalDate date) {
        return new Path(runsDir(), date.toString());
    }

    public Path lockFile() {
        return new Path(runsDir(), LOCK);
    }

    private Path journalFile() {
        return new Path(runsDir(), JOURNAL);
    }

    private Path committedFile() {
        return new Path(runsDir(), COMMITTED);
    }

    private Path latestFile() {
        return new Path(runsDir(), LATEST);
    }

    /** A fresh staging directory for a run of {@code runDate}; nothing outside it changes until {@link #commit}. */
    public Path newStaging(LocalDate runDate) {
        return new Path(new Path(root, STAGING), runDate + "-" + UUID.randomUUID());
    }

    /**
     * Publishes the tables staged in {@code staging} (each under {@code staging/<table>}) and the manifest, as one
     * commit. With {@code complete}, run date D becomes complete ({@code _SUCCESS}) and {@code latest} follows; without
     * (a run that failed a data check), D's old {@code _SUCCESS} goes away with the old {@code _runs/D}.
     *
     * <p>Everything that needs space is written into staging first (the new {@code _runs/D}, the runs table, the new
     * {@code latest}); then the journal, then the commit marker: the commit point. A failure before it, including an
     * {@link Error} such as Hadoop's {@code FSError} on a full disk, changed nothing a reader sees, and the staging is
     * discarded. After it, only renames and deletes remain ({@link #apply}), and a failure or a crash there is rolled
     * forward by {@link #recover()}. Call only while holding the lock, after {@link #recover()}.
     */
    public void commit(Path staging, LocalDate runDate, List<String> tables, byte[] manifest, boolean complete) {
        Journal journal = new Journal(
                UUID.randomUUID().toString(), runDate.toString(), relative(staging), List.copyOf(tables), complete);
        boolean committed = false;
        try {
            for (String table : tables) {
                if (!fs.exists(new Path(staging, table))) {
                    throw new IllegalStateException("Table " + table + " was never staged");
                }
            }
            Path newRun = new Path(staging, NEW_RUN);
            writeFile(new Path(newRun, MANIFEST), manifest);
            if (complete) {
                writeFile(new Path(newRun, SUCCESS), new byte[0]);
            }
            List<OutputCatalog.Run> after = new ArrayList<>(runEntries());
            after.removeIf(e -> e.date().equals(runDate));
            after.add(new OutputCatalog.Run(runDate, complete, manifest));
            writeRunsTable(new Path(staging, NEW_RUNS_TABLE), after);
            // latest as the commit will leave it: the newest complete date, this night included or not
            Optional<LocalDate> latest = after.stream()
                    .filter(OutputCatalog.Run::complete)
                    .map(OutputCatalog.Run::date)
                    .max(LocalDate::compareTo);
            if (latest.isPresent()) {
                writeFile(new Path(staging, NEW_LATEST), (latest.get() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            steps.before(PublishSteps.JOURNAL);
            if (fs.exists(journalFile())) {
                throw new IllegalStateException("A journal is present: recover() must run before a commit");
            }
            writeFile(journalFile(), JSON.writeValueAsBytes(journal));
            steps.before(PublishSteps.COMMIT);
            writeFile(committedFile(), journal.id().getBytes(StandardCharsets.UTF_8));
            committed = true;
            apply(journal);
        } catch (Throwable e) {
            if (!committed) {
                try {
                    discard(journal);
                } catch (Throwable again) {
                    e.addSuppressed(again); // leftovers the next run's recovery removes: nothing a reader sees changed
                }
                throw new PublishFailed(
                        "Publishing " + runDate + " to " + root + " failed (" + oneLine(e)
                                + "); the output was left as it was",
                        e);
            }
            try {
                recover();
            } catch (Throwable again) {
                if (again != e) {
                    e.addSuppressed(again);
                }
                throw new PublishFailed(
                        "Publishing " + runDate + " to " + root + " was committed but not finished ("
                                + oneLine(e) + ", then " + oneLine(again)
                                + "); the next run, or crossenroll recover --output " + root
                                + ", finishes it",
                        e);
            }
        }
    }

    /** What {@link #recover()} found and did. */
    public enum Recovery {
        NOTHING,
        ROLLED_BACK,
        ROLLED_FORWARD
    }

    /**
     * Finishes an interrupted commit: forward when its commit marker names the journal, else discards what it staged
     * (nothing a reader sees had changed); then recomputes {@code latest} and the runs table if they do not match
     * {@code _runs/}. Idempotent. Call only while holding the lock.
     */
    public Recovery recover() {
        try {
            Recovery result = Recovery.NOTHING;
            Journal journal = readJournal();
            if (journal != null) {
                String marker = fs.exists(committedFile()) ? readString(committedFile()) : null;
                if (journal.id().equals(marker)) {
                    apply(journal);
                    result = Recovery.ROLLED_FORWARD;
                } else {
                    discard(journal);
                    result = Recovery.ROLLED_BACK;
                }
            }
            if (fs.exists(committedFile()) && !fs.exists(journalFile())) {
                fs.delete(committedFile(), false); // left by a commit whose cleanup stopped after removing its journal
            }
            updateLatest();
            refreshRunsTable();
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Recovering " + root + " failed", e);
        }
    }

    /**
     * Carries out a committed commit, from whatever point it had reached: every step is a rename or a delete that
     * looks at the disk first, so it can be repeated after a crash at any instant, and needs no space. The order keeps
     * every reader who follows {@code latest} and {@code _SUCCESS} on a whole night: {@code latest} is taken down if it
     * names D, then D's {@code _SUCCESS} (the old {@code _runs/D} moved aside), then each table's old partition goes
     * aside and the new one in, then the new {@code _runs/D}, the new {@code latest}, the new runs table; last the
     * staging directory (with what was replaced), the journal and the marker are removed.
     */
    private void apply(Journal journal) throws IOException {
        Path staging = new Path(root, journal.staging());
        Path aside = new Path(staging, REPLACED);
        LocalDate runDate = LocalDate.parse(journal.runDate());
        Path runDir = runDir(runDate);
        Path newRun = new Path(staging, NEW_RUN);
        boolean runDirMovedIn = !fs.exists(newRun);
        if (!runDirMovedIn) {
            steps.before(PublishSteps.MARKER_DOWN);
            if (latestDate().filter(runDate::equals).isPresent()) {
                move(latestFile(), new Path(aside, LATEST));
            }
            if (fs.exists(runDir)) {
                move(runDir, new Path(aside, RUNS));
            }
            for (String table : journal.tables()) {
                Path staged = new Path(staging, table);
                if (!fs.exists(staged)) {
                    continue; // moved in before a crash
                }
                Path target = published(table, runDate);
                steps.before(PublishSteps.ASIDE + table);
                if (fs.exists(target)) {
                    move(target, new Path(aside, table));
                }
                steps.before(PublishSteps.MOVE_IN + table);
                move(staged, target);
            }
            steps.before(PublishSteps.RUN_DIR);
            move(newRun, runDir);
        }
        steps.before(PublishSteps.LATEST);
        Path newLatest = new Path(staging, NEW_LATEST);
        if (fs.exists(newLatest)) {
            fs.delete(latestFile(), false);
            move(newLatest, latestFile());
        } else if (!fs.exists(latestFile())) {
            updateLatest(); // none to stage: this removes latest, or (an interrupted move) writes it again
        }
        steps.before(PublishSteps.RUNS_TABLE);
        Path newRunsTable = new Path(staging, NEW_RUNS_TABLE);
        if (fs.exists(newRunsTable)) {
            fs.delete(runsTableFile(), false);
            ensureDirectory(runsTableFile().getParent());
            move(newRunsTable, runsTableFile());
        }
        steps.before(PublishSteps.CLEANUP);
        fs.delete(staging, true);
        removeIfEmpty(new Path(root, STAGING)); // an empty _staging/ after a good night only puzzles the operator
        fs.delete(journalFile(), false);
        fs.delete(committedFile(), false);
    }

    private void removeIfEmpty(Path dir) throws IOException {
        if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
            fs.delete(dir, false);
        }
    }

    /** Before the commit point: removes what the commit staged and its journal. Nothing a reader sees had changed. */
    private void discard(Journal journal) throws IOException {
        fs.delete(new Path(root, journal.staging()), true);
        fs.delete(journalFile(), false);
    }

    /**
     * A path under the root, relative to it: the journal must still be right after the output directory is copied,
     * restored from a backup or reached through another URI.
     */
    private String relative(Path path) {
        String full = fs.makeQualified(path).toUri().getPath();
        String base = root.toUri().getPath();
        if (!full.startsWith(base + "/")) {
            throw new IllegalArgumentException(path + " is not under " + root);
        }
        return full.substring(base.length() + 1);
    }

    private Journal readJournal() throws IOException {
        if (!fs.exists(journalFile())) {
            return null;
        }
        try (InputStream in = fs.open(journalFile())) {
            return JSON.readValue(in, Journal.class);
        }
    }

    /**
     * The newest run date whose {@code _SUCCESS} exists, written to {@code latest} (removed when there is none).
     * Recomputed rather than set, so it never names an older date than a complete one, nor an incomplete date.
     */
    private void updateLatest() throws IOException {
        Optional<LocalDate> newest = completeRunDates().stream().max(LocalDate::compareTo);
        Optional<LocalDate> current = latestDate();
        if (newest.equals(current)) {
            return;
        }
        if (newest.isEmpty()) {
            fs.delete(latestFile(), false);
            return;
        }
        Path tmp = new Path(runsDir(), LATEST_TMP);
        try (OutputStream out = fs.create(tmp, true)) {
            out.write((newest.get() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | Error e) { // FSError on a full local disk
            fs.delete(tmp, false);
            throw e;
        }
        fs.delete(latestFile(), false);
        move(tmp, latestFile());
    }

    /** {@code OUT/runs/part-00000.parquet}. */
    public Path runsTableFile() {
        return new Path(new Path(root, catalog.runsTable()), RUNS_TABLE_FILE);
    }

    /** Every run date of {@code _runs/}: whether it is complete, and its manifest. */
    private List<OutputCatalog.Run> runEntries() throws IOException {
        List<OutputCatalog.Run> entries = new ArrayList<>();
        if (!fs.exists(runsDir())) {
            return entries;
        }
        for (FileStatus s : fs.listStatus(runsDir())) {
            LocalDate date = parse(s.getPath().getName());
            if (s.isDirectory() && date != null) {
                Path manifest = new Path(s.getPath(), MANIFEST);
                byte[] bytes = new byte[0];
                if (fs.exists(manifest)) {
                    try (InputStream in = fs.open(manifest)) {
                        bytes = in.readAllBytes();
                    }
                }
                entries.add(new OutputCatalog.Run(date, fs.exists(new Path(s.getPath(), SUCCESS)), bytes));
            }
        }
        return entries;
    }

    private void writeRunsTable(Path file, List<OutputCatalog.Run> entries) {
        org.apache.spark.sql.types.StructType schema = catalog.runsSchema();
        ReportWriter.writeFile(
                file,
                schema,
                catalog.runsRows(entries),
                java.util.Map.of(KEY_RUNS_SOURCE, digest(entries)),
                fs.getConf());
        // the file as written says what the definition says, nullability included; else it is never moved in
        Schemas.requireWritten(catalog.runsTable(), schema, fs, file);
    }

    /** What the runs table's rows depend on, for recovery to tell whether the file on disk is still right. */
    private String digest(List<OutputCatalog.Run> entries) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(catalog.runsSchema().json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (OutputCatalog.Run e : entries.stream()
                    .sorted(java.util.Comparator.comparing(OutputCatalog.Run::date))
                    .toList()) {
                sha.update((e.date() + "|" + e.complete() + "|").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(java.security.MessageDigest.getInstance("SHA-256").digest(e.manifest()));
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rewrites the runs table unless its footer says it was computed from {@code _runs/} as it is: after retention,
     * and in recovery (a crash during retention, or an output from before the table existed). Through a temporary
     * name a reader skips, then a rename.
     */
    private void refreshRunsTable() throws IOException {
        List<OutputCatalog.Run> entries = runEntries();
        String digest = digest(entries);
        Path file = runsTableFile();
        if (fs.exists(file)) {
            try (org.apache.parquet.hadoop.ParquetFileReader reader = Footers.open(
                    org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, fs.getConf()), fs.getConf())) {
                if (digest.equals(reader.getFooter()
                        .getFileMetaData()
                        .getKeyValueMetaData()
                        .get(KEY_RUNS_SOURCE))) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // damaged: rewritten below
            }
        } else if (entries.isEmpty()) {
            return;
        }
        Path tmp = new Path(file.getParent(), "." + RUNS_TABLE_FILE + ".tmp");
        try {
            ensureDirectory(file.getParent());
            writeRunsTable(tmp, entries);
        } catch (RuntimeException | Error e) { // FSError on a full local disk
            fs.delete(tmp, false);
            throw e;
        }
        fs.delete(file, false);
        move(tmp, file);
    }

    /** Run dates with a {@code _SUCCESS}. */
    private List<LocalDate> completeRunDates() throws IOException {
        return nights(fs, root).stream()
                .filter(Night::complete)
                .map(Night::date)
                .toList();
    }

    /**
     * A night of the output's history: {@code _runs/D/} with its manifest ({@code committed}: a commit published it,
     * complete or after a failed data check) and its {@code _SUCCESS} ({@code complete}).
     */
    public record Night(LocalDate date, boolean committed, boolean complete) {}

    /**
     * Every night of {@code _runs/} under the output directory {@code root}, oldest first; none if there is no
     * {@code _runs/}. Read-only, so readers of the history (the monitoring, the DDL) need not open the output for
     * writing: the one place that knows the layout of {@code _runs/}.
     */
    public static List<Night> nights(FileSystem fs, Path root) throws IOException {
        Path runs = new Path(root, RUNS);
        List<Night> nights = new ArrayList<>();
        if (!fs.exists(runs)) {
            return nights;
        }
        for (FileStatus s : fs.listStatus(runs)) {
            LocalDate date = parse(s.getPath().getName());
            if (s.isDirectory() && date != null) {
                nights.add(new Night(
                        date, fs.exists(new Path(s.getPath(), MANIFEST)), fs.exists(new Path(s.getPath(), SUCCESS))));
            }
        }
        nights.sort(java.util.Comparator.comparing(Night::date));
        return nights;
    }

    /**
     * Writes a file into the committed {@code _runs/D/} beside its manifest, through a temporary name and a rename so
     * that a reader never sees it half-written; a night that was never committed (no manifest) gets none, so no
     * {@code _runs/D/} is ever made outside a commit. Call only while holding the lock.
     *
     * @return whether it was written
     */
    public boolean writeRunFile(LocalDate runDate, String name, byte[] content) throws IOException {
        if (!fs.exists(new Path(runDir(runDate), MANIFEST))) {
            return false;
        }
        writeFile(new Path(runDir(runDate), name), content);
        return true;
    }

    /** The run date {@code latest} names, if any. */
    public Optional<LocalDate> latestDate() throws IOException {
        try {
            return Optional.ofNullable(parse(readString(latestFile()).strip()));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes staging directories of runs that died (holding record-level rows) and temporary files: everything under
     * {@code _staging} except {@code keep}. Call only while holding the lock: no other run can be staging then.
     *
     * @return how many leftovers were removed
     */
    public int removeLeftovers(Path keep) throws IOException {
        int removed = 0;
        Path stagingRoot = new Path(root, STAGING);
        if (fs.exists(stagingRoot)) {
            for (FileStatus s : fs.listStatus(stagingRoot)) {
                if (keep == null || !fs.makeQualified(s.getPath()).equals(fs.makeQualified(keep))) {
                    fs.delete(s.getPath(), true);
                    removed++;
                }
            }
        }
        for (FileStatus s : fs.listStatus(runsDir())) {
            String name = s.getPath().getName();
            // Temporary names of small files a crash or a full disk cut short, probes, copies of taken-over locks.
            if ((name.startsWith(".") && name.endsWith(".tmp"))
                    || name.startsWith(".write-probe-")
                    || name.startsWith(RunLock.STALE_PREFIX)) {
                fs.delete(s.getPath(), false);
                removed++;
            }
        }
        for (FileStatus night : fs.listStatus(runsDir())) {
            if (night.isDirectory() && parse(night.getPath().getName()) != null) {
                for (FileStatus s : fs.listStatus(night.getPath())) {
                    // a run file (result.json) whose write a crash cut short
                    if (s.getPath().getName().startsWith(".")
                            && s.getPath().getName().endsWith(".tmp")) {
                        fs.delete(s.getPath(), false);
                        removed++;
                    }
                }
            }
        }
        Path runsTableDir = runsTableFile().getParent();
        if (fs.exists(runsTableDir)) {
            for (FileStatus s : fs.listStatus(runsTableDir)) {
                if (s.getPath().getName().startsWith(".")
                        && s.getPath().getName().endsWith(".tmp")) {
                    fs.delete(s.getPath(), false);
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * After a run that published nothing: removes {@code _staging}, {@code _runs} and the output directory itself,
     * each only if it is empty, so a first run that fails leaves no trace, and nothing else is ever touched.
     */
    public void removeEmptyDirectories() {
        for (Path dir : List.of(new Path(root, STAGING), runsDir(), root)) {
            try {
                if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
                    fs.delete(dir, false);
                }
            } catch (IOException e) {
                return; // an empty directory left behind is harmless
            }
        }
    }

    /**
     * Removes every run date older than the last {@code keepDays} days up to {@code runDate} from every table and
     * from {@code _runs}: first its {@code _runs/D} (so a reader stops taking it as complete), then its partitions.
     * Call only while holding the lock.
     *
     * @return the run dates removed
     */
    public List<LocalDate> removeOlderThan(LocalDate runDate, int keepDays) {
        LocalDate oldestKept = runDate.minusDays(keepDays - 1L);
        List<LocalDate> removed = new ArrayList<>();
        try {
            for (FileStatus child : fs.listStatus(runsDir())) {
                LocalDate date = parse(child.getPath().getName());
                if (child.isDirectory() && date != null && date.isBefore(oldestKept)) {
                    fs.delete(child.getPath(), true);
                    removed.add(date);
                }
            }
            List<FileStatus> tables = new ArrayList<>();
            for (FileStatus dir : fs.listStatus(root)) {
                String name = dir.getPath().getName();
                if (!dir.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                // a table holds run_date= partitions; a folder without them groups tables (published/flows)
                FileStatus[] children = fs.listStatus(dir.getPath());
                if (java.util.Arrays.stream(children)
                        .anyMatch(c -> c.getPath().getName().startsWith(PARTITION))) {
                    tables.add(dir);
                } else {
                    tables.addAll(List.of(children));
                }
            }
            for (FileStatus dir : tables) {
                if (!dir.isDirectory()) {
                    continue;
                }
                for (FileStatus child : fs.listStatus(dir.getPath())) {
                    String name = child.getPath().getName();
                    LocalDate date = name.startsWith(PARTITION) ? parse(name.substring(PARTITION.length())) : null;
                    if (child.isDirectory() && date != null && date.isBefore(oldestKept)) {
                        fs.delete(child.getPath(), true);
                        if (!removed.contains(date)) {
                            removed.add(date);
                        }
                    }
                }
            }
            updateLatest();
            refreshRunsTable();
        } catch (IOException e) {
            throw new UncheckedIOException("Removing run dates before " + oldestKept + " from " + root + " failed", e);
        }
        removed.sort(null);
        return removed;
    }

    private static LocalDate parse(String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void move(Path from, Path to) throws IOException {
        ensureDirectory(to.getParent());
        if (!fs.rename(from, to)) {
            throw new IOException("cannot move " + from + " to " + to);
        }
    }

    /** Hadoop's local mkdirs sets permissions by starting a chmod process when it has no native library: ask first. */
    private void ensureDirectory(Path dir) throws IOException {
        if (!fs.exists(dir)) {
            fs.mkdirs(dir);
        }
    }

    private String readString(Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes a small new file through a temporary name and a rename, so a reader never sees it half-written. */
    private void writeFile(Path target, byte[] content) throws IOException {
        ensureDirectory(target.getParent());
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(content);
        } catch (IOException | Error e) { // FSError on a full local disk: leave no half-written file behind
            try {
                fs.delete(tmp, false);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        fs.delete(target, false);
        move(tmp, target);
    }
}
