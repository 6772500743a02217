package org.crossenroll.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.crossenroll.CrossEnroll;

/** Runs the command line in the test JVM's SparkSession and reads back what it wrote. */
public final class Runs {
    public static final String RUN_DATE = "2024-06-30";

    private Runs() {}

    /** What one command line did. */
    public record Result(int exitCode, String out, String err) {}

    public static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = CrossEnroll.execute(args, o, e, TestSpark::session);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A key file with a fixed test key. */
    public static Path keyFile(Path dir) throws IOException {
        Path key = dir.resolve("test.key");
        if (!Files.exists(key)) {
            Files.writeString(key, TEST_KEY + "\n");
        }
        return key;
    }

    /** 32 random bytes as 64 hex characters, as {@code crossenroll keygen} writes them (a typed key would warn). */
    public static final String TEST_KEY = "b1da7b5542c4ec5444b93ce94816b26c2c252a70edb6494bfca8658ac8bb4d57";

    /**
     * run with --input/--output/--run-date/--key-file filled in, plus extra options. The fixtures are mostly bad rows
     * on purpose, so --max-quarantined-fraction is 1 unless the test gives its own.
     */
    public static Result run(Path input, Path output, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--run-date",
                RUN_DATE,
                "--key-file",
                keyFile(input.getParent()).toString()));
        args.addAll(Arrays.asList(extra));
        if (!args.contains("--max-quarantined-fraction")) {
            args.addAll(List.of("--max-quarantined-fraction", "1"));
        }
        return cli(args.toArray(new String[0]));
    }

    /** Every row of a published table for the run date, as column -> value maps. */
    public static List<Map<String, Object>> table(Path output, String table) {
        Path dir = output.resolve(table).resolve("run_date=" + RUN_DATE);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : TestSpark.session().read().parquet(dir.toString()).collectAsList()) {
            Map<String, Object> m = new HashMap<>();
            for (String f : r.schema().fieldNames()) {
                m.put(f, r.getAs(f));
            }
            rows.add(m);
        }
        return rows;
    }

    /** Removes a directory tree if it exists (a test's output from an earlier run of the suite). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
