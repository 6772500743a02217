package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossenroll.base.ExitCode;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mistake a user can make: one sentence on stderr naming what is wrong, exit code 2, nothing written. */
class UserErrorsTest {
    @TempDir
    Path tmp;

    Path input;
    Path output;

    @BeforeEach
    void validInput() throws IOException {
        input = tmp.resolve("in");
        Fixtures.csv(input.resolve("ok.csv"), List.of(Fixtures.row("R1", "S1")));
        output = tmp.resolve("out");
    }

    private void assertUserError(Runs.Result r, String... mentions) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
        String err = r.err().strip();
        assertThat(err.lines().count()).as("one line: %s", err).isEqualTo(1);
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        for (String m : mentions) {
            assertThat(err).contains(m);
        }
        assertThat(output).as("no partial output").doesNotExist();
    }

    /** Checked by JobConfig wherever a run is configured; on the command line one sentence naming the option. */
    @Test
    void optionsOutOfRange() throws IOException {
        assertUserError(
                Runs.run(input, output, "--max-quarantined-fraction", "1.5"),
                "crossenroll: --max-quarantined-fraction 1.5 is not between 0 and 1.");
        assertUserError(Runs.run(input, output, "--keep-days", "0"), "crossenroll: --keep-days 0 must be at least 1.");
        assertUserError(
                Runs.run(input, output, "--min-cell-count", "0"),
                "crossenroll: --min-cell-count 0 must be at least 1 (1 withholds nothing).");
        assertUserError(
                Runs.run(input, output, "--expect-from-days", "0"),
                "crossenroll: --expect-from-days 0 must be at least 1.");
    }

    @Test
    void missingInputDirectory() throws IOException {
        Path missing = tmp.resolve("nope");
        assertUserError(Runs.run(missing, output), missing.toString(), "does not exist");
    }

    @Test
    void unreadableFile() throws IOException {
        Files.createSymbolicLink(input.resolve("gone.csv"), tmp.resolve("deleted-target.csv"));
        assertUserError(Runs.run(input, output), "gone.csv");
    }

    @Test
    void corruptParquetFile() throws IOException {
        Files.write(input.resolve("broken.parquet"), "not parquet".getBytes(StandardCharsets.UTF_8));
        assertUserError(Runs.run(input, output), "broken.parquet", "not a readable Parquet file");
    }

    /**
     * Log events that reach log4j while the action runs and that the user must not see without --verbose: any ERROR,
     * and anything from the loggers that repeat a failed task's stack trace. (Sibling tasks cancelled when the job
     * aborts may still warn, e.g. that a temporary shuffle file could not be deleted; those are not the failure.)
     */
    private static List<String> warnings(java.util.function.Supplier<Runs.Result> action, Runs.Result[] result) {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.logging.log4j.core.LoggerContext ctx =
                (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        org.apache.logging.log4j.core.appender.AbstractAppender capture =
                new org.apache.logging.log4j.core.appender.AbstractAppender(
                        "capture-warnings",
                        null,
                        null,
                        true,
                        org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
                    @Override
                    public void append(org.apache.logging.log4j.core.LogEvent e) {
                        if (e.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.ERROR)
                                || e.getLoggerName().equals("org.apache.spark.executor.Executor")
                                || e.getLoggerName().equals("org.apache.spark.scheduler.TaskSetManager")) {
                            events.add(e.getLevel() + " " + e.getLoggerName() + ": "
                                    + e.getMessage().getFormattedMessage());
                        }
                    }
                };
        capture.start();
        ctx.getConfiguration().getRootLogger().addAppender(capture, org.apache.logging.log4j.Level.ALL, null);
        ctx.updateLoggers();
        try {
            result[0] = action.get();
        } finally {
            ctx.getConfiguration().getRootLogger().removeAppender("capture-warnings");
            ctx.updateLoggers();
        }
        return events;
    }

    private static Runs.Result run(Path input, Path output) {
        try {
            return Runs.run(input, output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A Parquet file of 300 rows whose first data pages are overwritten: its footer still reads, its rows do not. */
    private Path damagedParquet(boolean truncate) throws IOException {
        Path dir = tmp.resolve("parquet-source");
        List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(org.apache.spark.sql.RowFactory.create(
                    "P" + i,
                    "FP" + i + "-" + "x".repeat(40),
                    "M",
                    "532901",
                    "4132000001",
                    "320115",
                    "2019-09-01",
                    "true",
                    "ENROLLED",
                    "2019-09-15 10:00:00"));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
        for (String c : List.of(
                "record_id",
                "student_id",
                "gender",
                "origin_county_code",
                "host_school_code",
                "host_county_code",
                "intake_date",
                "registered_poor",
                "status",
                "updated_at")) {
            schema = schema.add(c, org.apache.spark.sql.types.DataTypes.StringType);
        }
        TestSpark.session().createDataFrame(rows, schema).coalesce(1).write().parquet(dir.toString());
        Path part;
        try (var files = Files.list(dir)) {
            part = files.filter(p -> p.toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(part);
        if (truncate) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        } else {
            java.util.Arrays.fill(bytes, 4, Math.min(bytes.length / 3, 2000), (byte) 0xAB);
        }
        return Files.write(input.resolve("batch.parquet"), bytes);
    }

    @Test
    void damagedParquetDataPageIsOneSentenceWithoutSparkErrorLog() throws IOException {
        damagedParquet(false);
        Runs.Result[] r = new Runs.Result[1];
        List<String> logged = warnings(() -> run(input, output), r);
        // Found while the rows are read, after the progress line of the checks: one sentence besides progress lines.
        assertThat(r[0].exitCode()).as(r[0].err()).isEqualTo(ExitCode.USAGE);
        List<String> lines =
                r[0].err().lines().filter(l -> !l.startsWith("[crossenroll] ")).toList();
        assertThat(lines).as(r[0].err()).hasSize(1);
        assertThat(lines.get(0)).contains("batch.parquet").contains("damaged").doesNotContain("Exception");
        assertThat(output).as("no partial output").doesNotExist();
        assertThat(logged).as("Spark's task-failure logging").isEmpty();
    }

    @Test
    void truncatedParquetIsOneSentenceWithoutSparkErrorLog() throws IOException {
        damagedParquet(true);
        Runs.Result[] r = new Runs.Result[1];
        List<String> logged = warnings(() -> run(input, output), r);
        assertUserError(r[0], "batch.parquet", "not a readable Parquet file");
        assertThat(logged).as("Spark's task-failure logging").isEmpty();
    }

    @Test
    void linkLoopInTheInput() throws IOException {
        Files.createSymbolicLink(input.resolve("loop"), Path.of("."));
        assertUserError(Runs.run(input, output), "link loop", "loop leads back");
    }

    @Test
    void colonInAFileName() throws IOException {
        Files.copy(input.resolve("ok.csv"), input.resolve("night:2.csv"));
        assertUserError(Runs.run(input, output), "night:2.csv", "':'");
    }

    @Test
    void lineBreakInAFileName() throws IOException {
        Files.copy(input.resolve("ok.csv"), input.resolve("night\n2.csv"));
        assertUserError(Runs.run(input, output), "night\\u000A2.csv", "line break");
    }

    @Test
    void unknownEncoding() throws IOException {
        assertUserError(Runs.run(input, output, "--encoding", "latin1"), "--encoding", "latin1");
    }

    @Test
    void missingKey() {
        Runs.Result r = Runs.cli("run", "--input", input.toString(), "--output", output.toString());
        assertUserError(r, "--key-file", "CROSSENROLL_PSEUDONYM_KEY");
    }

    private Runs.Result runWithKeyFile(String name, String content) throws IOException {
        Path key = Files.writeString(tmp.resolve(name), content);
        return Runs.cli(
                "run", "--input", input.toString(), "--output", output.toString(), "--key-file", key.toString());
    }

    @Test
    void shortKey() throws IOException {
        assertUserError(runWithKeyFile("short.key", "abc"), "short.key", "at least 32");
    }

    @Test
    void sixteenByteKeyOnceAcceptedIsNowShort() throws IOException {
        assertUserError(
                runWithKeyFile("year.key", "crossenroll-2021\n"),
                "year.key",
                "16 bytes",
                "at least 32",
                "crossenroll keygen");
    }

    @Test
    void regionsDirectoryWithoutItsFiles() throws IOException {
        Path regions = Files.createDirectories(tmp.resolve("regions"));
        Files.writeString(regions.resolve("provinces.csv"), "code,name\n110000,北京市\n");
        assertUserError(Runs.run(input, output, "--regions", regions.toString()), "prefectures.csv");
    }

    @Test
    void fileWithoutRecognisableHeader() throws IOException {
        Files.writeString(input.resolve("notes.csv"), "foo,bar\n1,2\n");
        assertUserError(Runs.run(input, output), "notes.csv", "no recognisable header");
    }

    @Test
    void headerLackingRequiredColumn() throws IOException {
        Files.writeString(input.resolve("partial.csv"), "record_id,student_id,gender\nR9,S9,M\n");
        assertUserError(Runs.run(input, output), "partial.csv", "origin_county_code");
    }

    @Test
    void minCellCountBelowOne() throws IOException {
        assertUserError(Runs.run(input, output, "--min-cell-count", "0"), "--min-cell-count", "at least 1");
    }

    @Test
    void expectFromDaysBelowOne() throws IOException {
        assertUserError(Runs.run(input, output, "--expect-from-days", "0"), "--expect-from-days 0", "at least 1");
    }

    @Test
    void badExpectedSubmittersFile() throws IOException {
        // line 3 holds a 6-digit county code, neither a school nor a province: named by file, line and field
        Path list = tmp.resolve("expected.csv");
        Files.writeString(list, "code,name\n4310000001,甲校\n530100,昆明市\n");
        assertUserError(
                Runs.run(input, output, "--expected-submitters", list.toString()),
                list.toString(),
                "line 3",
                "field code",
                "neither a 10-digit host school code, a province code");
        Files.writeString(list, "school\n4310000001\n");
        assertUserError(
                Runs.run(input, output, "--expected-submitters", list.toString()),
                list.toString(),
                "no header with a column 'code'",
                "--expected-submitters");
    }

    @Test
    void badSchoolRegistry() throws IOException {
        // the loader's every mistake is in SchoolRegistryTest; here the CLI's exit 2 and one sentence for one of them
        Path registry = tmp.resolve("schools.csv");
        Files.writeString(registry, "学校标识码,学校名称\n3201150001,江宁中专\n3201150001,江宁职校\n");
        assertUserError(
                Runs.run(input, output, "--schools", registry.toString()),
                registry.toString(),
                "line 3",
                "field host_school_name",
                "3201150001",
                "--schools");
    }

    @Test
    void recoverOnADirectoryThatIsNotAnOutputChangesNothing() throws IOException {
        // a typo or the input directory: it is not a job's output, and recover must create nothing in it
        java.util.Set<String> before = java.util.Set.copyOf(list(input));
        assertUserError(
                Runs.cli("recover", "--output", input.toString()),
                "--output " + input,
                "not a crossenroll output directory");
        assertThat(list(input)).isEqualTo(before);
        Path missing = tmp.resolve("no-such-output");
        assertUserError(Runs.cli("recover", "--output", missing.toString()), "--output " + missing);
        assertThat(missing).doesNotExist();
    }

    private static java.util.Set<String> list(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return java.util.Set.copyOf(
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void unknownOption() throws IOException {
        assertUserError(Runs.run(input, output, "--bogus"), "--bogus");
    }

    @Test
    void badRunDate() throws IOException {
        assertUserError(
                Runs.cli(
                        "run",
                        "--input",
                        input.toString(),
                        "--output",
                        output.toString(),
                        "--run-date",
                        "2024-13-01",
                        "--key-file",
                        Runs.keyFile(tmp).toString()),
                "--run-date",
                "2024-13-01");
    }

    @Test
    void emptyInputDirectory() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertUserError(Runs.run(empty, output), empty.toString(), "no .csv");
    }
}
