package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.generate.SyntheticInput;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.Ingest;
import org.crossenroll.ingest.RawRecords;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.reference.Schemes;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.NightFiles;
import org.crossenroll.testing.NightGenerator;
import org.crossenroll.testing.TestSpark;
import org.crossenroll.validate.RecordClassifier;
import org.crossenroll.validate.Validation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-Java {@link RecordClassifier} gives every row exactly the output of {@link Validation#validate} (every
 * column, nulls included): on the bundled sample, on generated inputs with bad rows (several seeds, every format),
 * on property-test nights, and on hand-made corners of the typing rules. Rows are read by {@link Ingest} as the job
 * reads them and compared sorted by (source_file, line_number).
 */
class ClassifierSameVerdictTest {
    @TempDir
    static Path tmp;

    static SparkSession spark;
    static Configuration conf;
    static Regions regions;
    static RegionResolution resolution;
    static List<String> schemes;
    static PseudonymKey key;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        conf = spark.sparkContext().hadoopConfiguration();
        regions = Regions.load(Regions.BUNDLED, conf);
        resolution = RegionResolution.of(regions, Validation.EARLIEST_INTAKE.getYear());
        schemes = Schemes.load(Schemes.BUNDLED, conf);
        key = PseudonymKey.of("same-verdict-key-".repeat(3).getBytes(StandardCharsets.UTF_8), "test");
    }

    /** Validates and classifies the raw rows both ways; returns the differences found, at most 30, as text. */
    static List<String> differences(Dataset<Row> raw, LocalDate runDate) {
        raw = raw.cache();
        Dataset<Row> validated =
                Validation.validate(Pseudonymizer.apply(raw, key), resolution.dataset(spark), runDate, schemes);
        assertThat(validated.schema())
                .as("the classifier's schema is Validation's")
                .isEqualTo(RecordClassifier.SCHEMA);
        List<Row> expected = new ArrayList<>(validated.collectAsList());
        RecordClassifier classifier =
                new RecordClassifier(resolution.table(), runDate, schemes, Pseudonymizer.hasher(key));
        List<Row> actual = new ArrayList<>();
        for (Row r : raw.collectAsList()) {
            actual.add(classifier.classify(r));
        }
        raw.unpersist();
        Comparator<Row> byLine =
                Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparing(r -> r.getLong(1));
        expected.sort(byLine);
        actual.sort(byLine);
        List<String> diffs = new ArrayList<>();
        assertThat(actual).as("rows").hasSameSizeAs(expected);
        String[] names = RecordClassifier.SCHEMA.fieldNames();
        for (int i = 0; i < expected.size() && diffs.size() < 30; i++) {
            Row e = expected.get(i);
            Row a = actual.get(i);
            for (int c = 0; c < names.length; c++) {
                if (!Objects.equals(e.get(c), a.get(c))) {
                    diffs.add(e.getString(0) + ":" + e.getLong(1) + " " + names[c] + ": validation=" + e.get(c)
                            + " classifier=" + a.get(c) + " [reason " + e.get(names.length - 3) + " / "
                            + a.get(names.length - 3) + "]");
                }
            }
        }
        return diffs;
    }

    static Dataset<Row> read(Path input) {
        Ingest ingest = new Ingest(spark, Encoding.AUTO);
        return ingest.read(ingest.discover(input.toString()).files()).rows();
    }

    @Test
    void theBundledSample() {
        Dataset<Row> raw = read(TestSpark.projectDir().resolve("data/sample"));
        assertThat(differences(raw, LocalDate.parse("2026-12-06"))).isEmpty();
    }

    @Test
    void generatedInputsWithBadRowsInEveryFormat() throws IOException {
        String[] formats = {"csv", "jsonl", "parquet", "csv", "csv"};
        List<Dataset<Row>> inputs = new ArrayList<>();
        for (int seed = 1; seed <= formats.length; seed++) {
            Path dir = tmp.resolve("synthetic-" + seed);
            new SyntheticInput(regions)
                    .write(
                            new SyntheticInput.Spec(3000, seed, formats[seed - 1], 0.2),
                            dir.toString(),
                            new Configuration());
            inputs.add(read(dir, "synthetic-" + seed));
        }
        assertThat(differences(union(inputs), LocalDate.parse("2026-12-06"))).isEmpty();
    }

    @Test
    void propertyNights() throws IOException {
        // 4 nights by default; -Dcrossenroll.sameVerdictNights=N for more
        long nights = Long.getLong("crossenroll.sameVerdictNights", 4);
        List<Dataset<Row>> inputs = new ArrayList<>();
        for (long seed = 1; seed <= nights; seed++) {
            Path dir = tmp.resolve("night-" + seed);
            NightFiles.write(NightGenerator.generate(seed, 300), dir);
            inputs.add(read(dir, "night-" + seed));
        }
        assertThat(differences(union(inputs), NightGenerator.RUN_DATE)).isEmpty();
    }

    /**
     * The rows of one input, their source_file prefixed with the input's name: several inputs are then compared in one
     * pass of each implementation (one plan to build and run instead of one per input), and a difference still names
     * its input, file and line.
     */
    static Dataset<Row> read(Path input, String name) {
        return read(input)
                .withColumn(
                        RawRecords.SOURCE_FILE,
                        org.apache.spark.sql.functions.concat(
                                org.apache.spark.sql.functions.lit(name + "/"),
                                org.apache.spark.sql.functions.col(RawRecords.SOURCE_FILE)));
    }

    static Dataset<Row> union(List<Dataset<Row>> inputs) {
        return inputs.stream().reduce(Dataset::union).orElseThrow();
    }

    /** Corners of the typing rules, each in one field of an otherwise valid row. */
    @Test
    void handMadeCorners() {
        String[][] corners = {
            {"birth_date", "2003-9-9"},
            {"birth_date", "2003/9/9"},
            {"birth_date", "20030909"},
            {"birth_date", "2003-9/9"},
            {"birth_date", "2019-02-30"},
            {"birth_date", "0000-01-01"},
            {"birth_date", "0001-01-01"},
            {"birth_date", "1582-10-10"},
            {"birth_date", "9999-12-31"},
            {"birth_date", "2003-09-009"},
            {"birth_date", "２００３-01-01"},
            {"birth_date", "2003--1"},
            {"birth_date", "20031301"},
            {"birth_date", "2003-1-1\u2028"},
            {"birth_date", "2003-1-1\u0085"},
            {"birth_date", "2003-01-01 "},
            {"intake_date", "2010-01-01"},
            {"intake_date", "2009-12-31"},
            {"intake_date", "2024-07-01"},
            {"intake_date", "20240630"},
            {"intake_date", "2024/6/30"},
            {"updated_at", "2019-9-1 08:30:00"},
            {"updated_at", "2019-09-01T08:30:00.123456789"},
            {"updated_at", "2019-09-01 08:30:00.1234567"},
            {"updated_at", "2019-09-01 08:30:00."},
            {"updated_at", "2019-09-01 08:30:00.1234567890"},
            {"updated_at", "2019-09-01 24:00:00"},
            {"updated_at", "2019-09-01 23:59:60"},
            {"updated_at", "2019-09-01  08:30:00"},
            {"updated_at", "2019-09-01t08:30:00"},
            {"updated_at", "2019-02-29 08:30:00"},
            {"updated_at", "2020-02-29 08:30:00.5"},
            {"updated_at", "2019-09-01 08:30:00\u2029"},
            {"updated_at", "2019/09/01 08:30:00"},
            {"updated_at", "2019-09-01 8:30:00"},
            {"origin_county_code", "５３２９０１"},
            {"origin_county_code", "53290１"},
            {"host_school_code", "41320000010"},
            {"program_code", "66010"},
            {"gender", "m"},
            {"gender", " 女 "},
            {"gender", "\u3000F\uFEFF"},
            {"gender", "ｍ"},
            {"status", "graduated"},
            {"status", "在籍"},
            {"status", "Ｅnrolled"},
            {"registered_poor", "yes"},
            {"registered_poor", "Y"},
            {"registered_poor", "TRUE "},
            {"registered_poor", "ture"},
            {"liang_hou_sheng", "否"},
            {"liang_hou_sheng", "x"},
            {"ethnicity", "1"},
            {"ethnicity", "１"},
            {"ethnicity", "漢族"},
            {"ethnicity", "7"},
            {"scheme", "兜底招生"},
            {"scheme", "别的"},
            {"scheme", " 东西协作 "},
            {"program_name", "订单 123456789012345678"},
            {"program_name", "５３２９２３１９９９０１０１１２３Ｘ"},
            {"program_name", "5329231999010112３x9"},
            {"program_name", "53292319990101123X"},
            {"program_name", "532923990101123"},
            {"program_name", "5329239901011234"},
            {"program_name", "1234567890123456789"},
            {"program_name", "12345678901234567890"},
            {"program_name", "53292319991301123X"},
            {"program_name", "53292318990101123X"},
            {"program_name", "G53292319990101123X"},
            {"program_name", "a😀b"},
            {"program_name", "x\ty"},
            {"host_school_name", "学校\u00A0名"},
            {"origin_school", "ｘ"},
            {"employment_status", "就業"},
        };
        List<Row> rows = new ArrayList<>();
        long line = 1;
        for (String[] c : corners) {
            rows.add(raw(line++, Fixtures.row("C" + line, "S" + line, c[0], c[1]), null, null));
        }
        // the rules' precedence and the fields between them
        rows.add(raw(line++, Fixtures.row("M1", "S1"), "wrong number of fields", null));
        rows.add(raw(line++, Fixtures.row("O1", "S1", "gender", "X"), null, "host_school_name"));
        rows.add(raw(line++, Fixtures.row("", "", "gender", ""), null, null));
        rows.add(raw(line++, Fixtures.row("E1", "\uFEFF"), null, null));
        rows.add(raw(line++, Fixtures.row("E2", "\u3000 "), null, null));
        rows.add(raw(
                line++,
                Fixtures.row(
                        "E3",
                        "S3",
                        "status",
                        "WITHDRAWN",
                        "employment_status",
                        "EMPLOYED",
                        "employment_county_code",
                        "999999"),
                null,
                null));
        rows.add(raw(
                line++,
                Fixtures.row(
                        "E4",
                        "S4",
                        "status",
                        "GRADUATED",
                        "employment_status",
                        "UNEMPLOYED",
                        "employment_county_code",
                        "532901"),
                null,
                null));
        rows.add(raw(line++, Fixtures.row("E5", "S5", "employment_county_code", "532901"), null, null));
        rows.add(raw(
                line++,
                Fixtures.row("E6", "S6", "status_date", "2019-08-31", "employment_status", "EMPLOYED"),
                null,
                null));
        rows.add(raw(
                line++,
                Fixtures.row("E7", "S7", "host_county_code", "999999", "origin_county_code", "999998"),
                null,
                null));
        rows.add(raw(
                line++,
                Fixtures.row("E8", "S8", "origin_county_code", "341424", "host_county_code", "130421"),
                null,
                null));
        rows.add(raw(line++, Fixtures.row("E9", "S9", "intake_date", "2009-12-31", "gender", "x"), null, null));
        Dataset<Row> raw = spark.createDataFrame(rows, RawRecords.SCHEMA);
        assertThat(differences(raw, LocalDate.parse("2024-06-30"))).isEmpty();
    }

    /**
     * The one difference found, where Validation is wrong: its {@code ^\\d{6}$} lets a code end in a line separator
     * (U+2028, U+2029: Java's {@code $} matches before a final line terminator, and the readers let these through),
     * types "532901\u2028" as a code and then quarantines it as UNKNOWN_REGION with the value in the detail. The
     * contract's 6 digits make it INVALID_VALUE, as the classifier says.
     */
    @Test
    void aCodeEndingInALineSeparatorIsInvalidNotUnknown() {
        List<Row> rows = new ArrayList<>();
        rows.add(raw(1, Fixtures.row("L1", "S1", "origin_county_code", "532901\u2028"), null, null));
        rows.add(raw(2, Fixtures.row("L2", "S2", "program_code", "660103\u2029"), null, null));
        rows.add(raw(3, Fixtures.row("L3", "S3", "host_school_code", "4132000001\u2028"), null, null));
        Dataset<Row> raw = spark.createDataFrame(rows, RawRecords.SCHEMA);
        RecordClassifier classifier = new RecordClassifier(
                resolution.table(), LocalDate.parse("2024-06-30"), schemes, Pseudonymizer.hasher(key));
        List<String> verdicts = new ArrayList<>();
        for (Row r : raw.collectAsList()) {
            RecordClassifier.Classified c = classifier.classify(
                    r.getString(0), r.getLong(1), r.getString(2), fields(r), r.getString(r.length() - 1));
            verdicts.add(c.reasonCode() + "/" + c.reasonField() + ": " + c.reasonDetail());
        }
        assertThat(verdicts)
                .containsExactly(
                        "INVALID_VALUE/origin_county_code: origin_county_code is not a 6-digit county code; the value is 7 "
                                + "characters: digits, other characters",
                        "INVALID_VALUE/program_code: program_code is not a 6-digit programme code; the value is 7 characters: "
                                + "digits, other characters",
                        "INVALID_VALUE/host_school_code: host_school_code is not a 10-digit school identification code; the value "
                                + "is 11 characters: digits, other characters");
        List<Row> validated = Validation.validate(
                        Pseudonymizer.apply(raw, key),
                        resolution.dataset(spark),
                        LocalDate.parse("2024-06-30"),
                        schemes)
                .orderBy("line_number")
                .collectAsList();
        assertThat(validated)
                .extracting(r -> r.getAs(Validation.REASON_CODE) + "/" + r.getAs("origin_county_code_submitted") + "/"
                        + r.getAs("program_code") + "/" + r.getAs("host_school_code"))
                .as("Validation's verdicts, wrong against the contract")
                .containsExactly(
                        "UNKNOWN_REGION/532901\u2028/660103/4132000001",
                        "null/532901/660103\u2029/4132000001",
                        "null/532901/660103/4132000001\u2028");
    }

    static String[] fields(Row r) {
        String[] f = new String[RawRecords.FIELDS.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.getString(3 + i);
        }
        return f;
    }

    static Row raw(long line, Map<String, String> values, String malformed, String ownIdentityIn) {
        Object[] v = new Object[RawRecords.SCHEMA.size()];
        v[0] = "corners.csv";
        v[1] = line;
        v[2] = malformed;
        for (int i = 0; i < RawRecords.FIELDS.size(); i++) {
            Field f = RawRecords.FIELDS.get(i);
            v[3 + i] = values.get(f.column());
        }
        v[v.length - 1] = ownIdentityIn;
        return RowFactory.create(v);
    }

    /** The classifier runs inside Spark tasks: serialized with its map, key and vocabulary. */
    @Test
    void runsInsideSparkTasks() {
        Dataset<Row> raw = read(TestSpark.projectDir().resolve("data/sample"));
        RecordClassifier classifier = new RecordClassifier(
                resolution.table(), LocalDate.parse("2026-12-06"), schemes, Pseudonymizer.hasher(key));
        // each side computed once (the three comparisons below would otherwise evaluate both plans three times)
        Dataset<Row> classified = spark.createDataFrame(
                        raw.javaRDD().map(classifier::classify), RecordClassifier.SCHEMA)
                .cache();
        Dataset<Row> validated = Validation.validate(
                        Pseudonymizer.apply(raw, key),
                        resolution.dataset(spark),
                        LocalDate.parse("2026-12-06"),
                        schemes)
                .cache();
        try {
            assertThat(classified.count()).isEqualTo(validated.count());
            assertThat(classified.exceptAll(validated).count()).isZero();
            assertThat(validated.exceptAll(classified).count()).isZero();
        } finally {
            classified.unpersist();
            validated.unpersist();
        }
    }

    @Test
    void theTableHoldsEveryCodeOfTheJoinOnce() {
        assertThat((long) resolution.table().size())
                .isEqualTo(resolution.dataset(spark).count());
    }
}
