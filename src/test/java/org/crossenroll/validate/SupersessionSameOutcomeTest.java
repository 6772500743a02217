package org.crossenroll.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.generate.SyntheticInput;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.ingest.Ingest;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.reference.Schemes;
import org.crossenroll.testing.NightFiles;
import org.crossenroll.testing.NightGenerator;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Supersession} (one sort and a pass in Java, issue 25) gives every row exactly what the two window functions
 * it replaced ({@link SupersessionWindows}) give: the same schema, and for every (source_file, line_number) the same
 * row and outcome. On generated property nights, on synthetic inputs with bad rows and older versions (one with a
 * file sent twice: exact duplicates in two files), and on hand-made ties.
 */
class SupersessionSameOutcomeTest {
    @TempDir
    static Path tmp;

    static SparkSession spark;
    static RegionResolution resolution;
    static List<String> schemes;
    static PseudonymKey key;
    static Regions regions;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        regions = Regions.load(Regions.BUNDLED, conf);
        resolution = RegionResolution.of(regions, Validation.EARLIEST_INTAKE.getYear());
        schemes = Schemes.load(Schemes.BUNDLED, conf);
        key = PseudonymKey.of("same-outcome-key-".repeat(3).getBytes(StandardCharsets.UTF_8), "test");
    }

    /** The validated rows of the files under input, as the job's intake makes them. */
    static Dataset<Row> validated(Path input, LocalDate runDate) {
        Ingest ingest = new Ingest(spark, Encoding.AUTO);
        RecordClassifier classifier =
                new RecordClassifier(resolution.table(), runDate, schemes, Pseudonymizer.hasher(key));
        return ingest.read(ingest.discover(input.toString()).files(), classifier::classify, RecordClassifier.SCHEMA)
                .rows();
    }

    /** Asserts both forms agree on every row; returns the count of each outcome. */
    static Map<String, Integer> sameOutcomes(Dataset<Row> validated, String what) {
        validated = validated.cache();
        try {
            Dataset<Row> actual = Supersession.classify(validated);
            Dataset<Row> expected = SupersessionWindows.classify(validated);
            assertThat(actual.schema()).as("%s: schema", what).isEqualTo(expected.schema());
            Map<String, Row> byLine = new HashMap<>();
            for (Row r : expected.collectAsList()) {
                assertThat(byLine.put(line(r), r))
                        .as("%s: %s once", what, line(r))
                        .isNull();
            }
            List<Row> rows = actual.collectAsList();
            assertThat(rows).as("%s: rows", what).hasSameSizeAs(byLine.values());
            List<String> diffs = new ArrayList<>();
            Map<String, Integer> counts = new TreeMap<>();
            for (Row a : rows) {
                Row e = byLine.get(line(a));
                if (!Objects.equals(a, e) && diffs.size() < 30) {
                    diffs.add(line(a) + ": windows " + e + "\n  pass " + a);
                }
                counts.merge(a.getAs(Supersession.OUTCOME), 1, Integer::sum);
            }
            assertThat(diffs).as(what).isEmpty();
            return counts;
        } finally {
            validated.unpersist();
        }
    }

    static String line(Row r) {
        return r.getAs("source_file") + ":" + r.getAs("line_number");
    }

    @Test
    void propertyNights() throws IOException {
        int superseded = 0;
        int quarantined = 0;
        // 4 nights by default (each two Spark passes); -Dcrossenroll.sameVerdictNights=N for more
        long nights = Long.getLong("crossenroll.sameVerdictNights", 4);
        for (long seed = 1; seed <= nights; seed++) {
            Path dir = tmp.resolve("night-" + seed);
            NightFiles.write(NightGenerator.generate(seed, 300), dir);
            Map<String, Integer> counts = sameOutcomes(validated(dir, NightGenerator.RUN_DATE), "night " + seed);
            superseded += counts.getOrDefault(Supersession.SUPERSEDED, 0);
            quarantined += counts.getOrDefault(Supersession.QUARANTINED, 0);
        }
        assertThat(superseded).as("superseded rows in the nights").isPositive();
        assertThat(quarantined).as("quarantined rows in the nights").isPositive();
    }

    @Test
    void syntheticInputsWithBadRowsAndOlderVersions() throws IOException {
        for (int seed = 2; seed <= 3; seed++) { // seed 3 sends one file twice
            Path dir = tmp.resolve("synthetic-" + seed);
            new SyntheticInput(regions)
                    .write(new SyntheticInput.Spec(4000, seed, "csv", 0.05), dir.toString(), new Configuration());
            if (seed == 3) { // one file sent twice under another name: every row an exact duplicate in two files
                try (Stream<Path> files = Files.list(dir)) {
                    Path first = files.filter(f -> f.toString().endsWith(".csv"))
                            .sorted()
                            .findFirst()
                            .orElseThrow();
                    Files.copy(first, dir.resolve("again-" + first.getFileName()));
                }
            }
            Map<String, Integer> counts =
                    sameOutcomes(validated(dir, LocalDate.parse("2026-12-06")), "synthetic " + seed);
            assertThat(counts.get(Supersession.SUPERSEDED))
                    .as("synthetic %d superseded", seed)
                    .isPositive();
            assertThat(counts.get(Supersession.QUARANTINED))
                    .as("synthetic %d quarantined", seed)
                    .isPositive();
        }
    }

    private static Row row(
            String file, long line, String student, String record, Integer year, String updated, String reason) {
        return RowFactory.create(
                file, line, student, record, year, updated == null ? null : LocalDateTime.parse(updated), reason);
    }

    /** Ties on every key column, nulls, duplicates and moved years, on the columns supersession reads. */
    @Test
    void handMadeTies() {
        String t = "2019-09-01T10:00";
        List<Row> rows = List.of(
                // equal updated_at: record_id as text decides ("R9" > "R10"), in a year and within a record
                row("a.csv", 1, "S1", "R10", 2019, t, null),
                row("a.csv", 2, "S1", "R9", 2019, t, null),
                row("a.csv", 3, "S1", "R9", 2019, t, null),
                // equal record_id and updated_at in two files, exact duplicates: the later file wins
                row("a.csv", 4, "S2", "R1", 2019, t, null),
                row("b.csv", 4, "S2", "R1", 2019, t, null),
                row("b.csv", 5, "S2", "R1", 2019, t, null),
                // a record sent again with another intake year, older and newer, and a year that keeps its other record
                row("a.csv", 6, "S3", "R1", 2018, "2018-09-01T10:00", null),
                row("b.csv", 6, "S3", "R1", 2019, "2019-09-01T10:00", null),
                row("c.csv", 6, "S3", "R1", 2020, "2017-09-01T10:00", null),
                row("a.csv", 7, "S3", "R2", 2018, "2016-09-01T10:00", null),
                row("a.csv", 8, "S3", "R3", 2020, "2016-09-01T10:00", null),
                // nulls in updated_at: valid and quarantined
                row("a.csv", 9, "S4", "R1", 2019, null, null),
                row("a.csv", 10, "S4", "R2", 2019, null, null),
                row("a.csv", 11, "S4", "R2", 2019, null, null),
                row("a.csv", 12, "S4", "R1", 2019, null, "MISSING_FIELD"),
                row("a.csv", 13, null, null, null, null, "MALFORMED"),
                row("a.csv", 14, null, null, null, null, "MALFORMED"),
                row("b.csv", 14, "S4", "R9", 2019, null, "INVALID_VALUE"),
                // a quarantined row newer than every valid row of its student supersedes nothing
                row("a.csv", 15, "S5", "R1", 2019, "2019-01-01T00:00", null),
                row("a.csv", 16, "S5", "R1", 2019, "2020-01-01T00:00", "INVALID_CODE"),
                // a student whose only row is one, and code points above the BMP against U+FFxx in record ids
                row("a.csv", 17, "S6", "R1", 2019, t, null),
                row("a.csv", 18, "S7", "R\uD83D\uDE00", 2019, t, null),
                row("a.csv", 19, "S7", "R\uFF21", 2019, t, null),
                // a quarantined row whose group key is a student's: "a.csv\n20"
                row("a.csv", 20, null, null, null, null, "MALFORMED"),
                row("a.csv", 21, "a.csv\n20", "R1", 2019, t, null),
                row("a.csv", 22, "a.csv\n20", "R1", 2019, t, null));
        Map<String, Integer> counts = sameOutcomes(
                spark.createDataFrame(rows, SupersessionTest.VALIDATED).repartition(3), "hand-made ties");
        assertThat(counts)
                .containsEntry(Supersession.ACCEPTED, 10)
                .containsEntry(Supersession.QUARANTINED, 6)
                .containsEntry(Supersession.SUPERSEDED, 10);
    }
}
