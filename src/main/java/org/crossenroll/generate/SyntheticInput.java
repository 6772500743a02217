package org.crossenroll.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.crossenroll.ingest.Field;
import org.crossenroll.reference.Regions;

/**
 * Deterministic synthetic submissions at any size, for benchmarks: {@code crossenroll generate}. Record i depends
 * only on the seed and i, so output is the same whatever the machine, and memory does not grow with the count.
 * Students come from every western and central county of the given reference and study in the east, shaped like the
 * programme: each sending province is paired with one eastern province, each county with one host county there
 * (host schools cluster in a province's first twenty counties), and each pairing has its scheme. About 8% of
 * enrollments arrive with an older version first (to supersede), and a chosen
 * fraction of rows breaks one rule each, cycling through five of the six reasons (not PERSONAL_DATA_IN_FIELD). Files hold at most
 * {@link #ROWS_PER_FILE} rows, so the job reads them in parallel.
 */
public final class SyntheticInput {
    public static final int ROWS_PER_FILE = 1_000_000;
    /** Provinces that send students (west and centre) and that host them (east), by the first two code digits. */
    private static final List<String> ORIGIN_PROVINCES = List.of(
            "15", "22", "36", "41", "42", "43", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65");

    private static final List<String> HOST_PROVINCES =
            List.of("11", "12", "13", "21", "31", "32", "33", "35", "37", "44");
    private static final String[] SCHEMES = {"东西协作", "兜底招生", "沪滇联盟", ""};
    private static final String[] SCHOOL_KINDS = {"第一中学", "第二中学", "民族中学", "实验中学", "职业高级中学"};
    private static final String[] ETHNICITY = {"01", "01", "01", "03", "06", "07", "08", "09", "12", ""};
    private static final String[] STATUS = {"ENROLLED", "GRADUATED", "WITHDRAWN", "TRANSFERRED"};

    /** What to generate. */
    public record Spec(long records, long seed, String format, double badFraction) {}

    /**
     * Successive nights for the monitoring ({@code crossenroll generate --nights N}): night k (from 1) is the directory
     * {@code <output>/<first night + k - 1>/}, every submission as the job would find it that night, as CSV: one file
     * per host province ({@code 310000.csv}) and one of a large host school of 江苏 ({@value #SCHOOL_FILE}). Each night
     * sends everything again (students from every 8th western county: {@link #NIGHTS_EVERY_ORIGIN}), with 1% more enrollments than the night before, each row's updated_at the evening before
     * the night it first came. The scripted changes, each from its night on: {@link #STOP_NIGHT} the school stops
     * submitting, and 江苏 ({@link #STOP_PARTNER}) stops reporting the cooperation records of its pairings; {@link #DROP_NIGHT} the host schools of {@link #DROP_PROVINCE} (上海) drop two in five of
     * their enrollments;
     * {@link #JUMP_NIGHT} the file of {@link #JUMP_PROVINCE} (福建) breaks the rows of 40% of its enrollments.
     */
    public record Nights(long enrollments, long seed, int nights, LocalDate firstNight) {}

    public static final int NIGHTS_EVERY_ORIGIN = 8;
    public static final int STOP_NIGHT = 5;
    public static final int DROP_NIGHT = 6;
    public static final int JUMP_NIGHT = 7;
    public static final String SCHOOL_FILE = "school-320000.csv";
    /** The eastern partner whose cooperation records stop from {@link #STOP_NIGHT} on (江苏, as its school). */
    public static final String STOP_PARTNER = "320000";

    public static final String DROP_PROVINCE = "310000";
    public static final String JUMP_PROVINCE = "350000";
    /** Every NIGHTS_SCHOOL_EVERY-th enrollment studies at the school that stops: about 1.25% of them. */
    private static final int NIGHTS_SCHOOL_EVERY = 80;

    private static final double NIGHTS_BAD_FRACTION = 0.005;

    private final List<String> origins = new ArrayList<>();
    private final List<String> originNames = new ArrayList<>();
    private final List<String> hosts = new ArrayList<>();
    private final List<String> hostNames = new ArrayList<>();
    /** For each origin county, the index in {@link #hosts} of its paired host county, and the pairing's scheme. */
    private final List<Integer> pairedHost = new ArrayList<>();

    private final List<String> pairedScheme = new ArrayList<>();

    public SyntheticInput(Regions regions) {
        this(regions, 1);
    }

    /**
     * Students from every {@code everyOrigin}-th western and central county only: the nights of
     * {@link #writeNights} use 8, so that their students gather in fewer home counties (about 16 each at 2,000
     * enrollments rather than 2): a night's reports then have far fewer small cells for the published layer to
     * protect, which is most of a small run's time.
     */
    public SyntheticInput(Regions regions, int everyOrigin) {
        java.util.Map<String, List<Integer>> hostsByProvince = new java.util.TreeMap<>();
        regions.counties().values().forEach(c -> {
            String province = c.code().substring(0, 2);
            if (HOST_PROVINCES.contains(province)) {
                hostsByProvince
                        .computeIfAbsent(province, p -> new ArrayList<>())
                        .add(hosts.size());
                hosts.add(c.code());
                hostNames.add(c.name());
            }
        });
        List<String> hostProvinces = new ArrayList<>(hostsByProvince.keySet());
        int[] seen = {0};
        regions.counties().values().forEach(c -> {
            int sender = ORIGIN_PROVINCES.indexOf(c.code().substring(0, 2));
            if (sender >= 0 && !hostProvinces.isEmpty() && seen[0]++ % everyOrigin == 0) {
                List<Integer> candidates = hostsByProvince.get(hostProvinces.get(sender % hostProvinces.size()));
                pairedHost.add(candidates.get((origins.size() * 7) % Math.min(20, candidates.size())));
                pairedScheme.add(SCHEMES[sender % (SCHEMES.length - 1)]);
                origins.add(c.code());
                originNames.add(c.name());
            }
        });
        if (origins.isEmpty() || hosts.isEmpty()) {
            throw new org.crossenroll.base.UserError(
                    "The region reference has no western or no eastern counties to generate from.");
        }
    }

    /** Writes the files under {@code output}; returns the rows written (the header aside). */
    public long write(Spec spec, String output, Configuration conf) throws IOException {
        Path dir = new Path(output);
        FileSystem fs = dir.getFileSystem(conf);
        fs.mkdirs(dir);
        long written = 0;
        int file = 0;
        RowSink sink = null;
        for (long enrollment = 0; written < spec.records(); enrollment++) {
            SplittableRandom r = new SplittableRandom(spec.seed() * 1_000_003L + enrollment);
            List<String[]> rows = rows(enrollment, r, spec.badFraction());
            for (String[] row : rows) {
                if (written == spec.records()) {
                    break;
                }
                if (sink == null || sink.rows == ROWS_PER_FILE) {
                    if (sink != null) {
                        sink.close();
                    }
                    sink = open(
                            spec.format(),
                            fs,
                            new Path(dir, String.format(Locale.ROOT, "part-%05d.%s", file++, spec.format())),
                            conf);
                }
                sink.write(row);
                written++;
            }
        }
        if (sink != null) {
            sink.close();
        }
        return written;
    }

    /** Writes the nights under {@code output}; returns the night directories' dates. */
    public List<LocalDate> writeNights(Nights spec, String output, Configuration conf) throws IOException {
        FileSystem fs = new Path(output).getFileSystem(conf);
        String schoolHost = hosts.stream()
                .filter(h -> h.startsWith("32"))
                .findFirst()
                .orElseThrow(
                        () -> new org.crossenroll.base.UserError("The region reference has no county of 江苏 (32)."));
        List<LocalDate> dates = new ArrayList<>();
        for (int night = 1; night <= spec.nights(); night++) {
            LocalDate date = spec.firstNight().plusDays(night - 1L);
            dates.add(date);
            Path dir = new Path(output, date.toString());
            fs.mkdirs(dir);
            java.util.Map<String, RowSink> sinks = new java.util.TreeMap<>();
            try {
                long enrollments = enrollmentsOn(spec, night);
                for (long n = 0; n < enrollments; n++) {
                    SplittableRandom r = new SplittableRandom(spec.seed() * 1_000_003L + n);
                    boolean atSchool = n % NIGHTS_SCHOOL_EVERY == 0;
                    if (atSchool && night >= STOP_NIGHT) {
                        continue;
                    }
                    // the host province rows() will draw first, from a generator of the same seed
                    int o = new SplittableRandom(spec.seed() * 1_000_003L + n).nextInt(origins.size());
                    String province = hosts.get(pairedHost.get(o)).substring(0, 2) + "0000";
                    if (!atSchool && province.equals(DROP_PROVINCE) && night >= DROP_NIGHT && n % 5 < 2) {
                        continue;
                    }
                    boolean broken = !atSchool && province.equals(JUMP_PROVINCE) && night >= JUMP_NIGHT && n % 10 < 4;
                    List<String[]> rows = rows(n, r, broken ? 1.0 : NIGHTS_BAD_FRACTION);
                    String[] last = rows.get(rows.size() - 1);
                    int firstNight = 1;
                    while (enrollmentsOn(spec, firstNight) <= n) {
                        firstNight++;
                    }
                    last[Field.UPDATED_AT.ordinal()] = String.format(
                            Locale.ROOT,
                            "%s 20:%02d:%02d",
                            spec.firstNight().plusDays(firstNight - 2L),
                            n % 60,
                            (n / 60) % 60);
                    String file = province + ".csv";
                    if (atSchool) {
                        file = SCHOOL_FILE;
                        for (String[] row : rows) {
                            row[Field.HOST_SCHOOL_CODE.ordinal()] = "4" + schoolHost + "009";
                            row[Field.HOST_SCHOOL_NAME.ordinal()] = "江苏联合职业学校";
                            row[Field.HOST_COUNTY_CODE.ordinal()] = schoolHost;
                        }
                    }
                    RowSink sink = sinks.get(file);
                    if (sink == null) {
                        sink = new TextSink(fs, new Path(dir, file), true);
                        sinks.put(file, sink);
                    }
                    for (String[] row : rows) {
                        sink.write(row);
                    }
                }
            } finally {
                for (RowSink sink : sinks.values()) {
                    sink.close();
                }
            }
            writeCooperation(fs, new Path(dir, COOPERATION_FILE), spec.seed(), date, night >= STOP_NIGHT);
        }
        return dates;
    }

    /** The night's cooperation records, under the folder that marks them (docs/input-contract.md). */
    public static final String COOPERATION_FILE = "cooperation/cooperation.csv";

    /**
     * The second ledger for a night: every host province x origin province pair of the generated pairings, each year
     * from 2016 to 2020 (or the night's year), all fifteen indicators, with values drawn from the seed: the same
     * records every night, sent again with the night's updated_at, so each night supersedes nothing and replaces the
     * last night's versions in the output's history. From {@link #STOP_NIGHT} on, the pairings of {@link
     * #STOP_PARTNER} (江苏, the province of the school that stops) are no longer reported: a partner that stops.
     */
    private void writeCooperation(FileSystem fs, Path file, long seed, LocalDate night, boolean stopped)
            throws IOException {
        java.util.Set<String> pairs = new java.util.TreeSet<>();
        for (int o = 0; o < origins.size(); o++) {
            pairs.add(hosts.get(pairedHost.get(o)).substring(0, 2) + "0000,"
                    + origins.get(o).substring(0, 2) + "0000");
        }
        String[] indicators = {
            "funds_cny",
            "equipment_cny",
            "cadres_sent",
            "teachers_sent",
            "cadres_received",
            "teachers_received",
            "teachers_trained",
            "programmes_cobuilt",
            "training_bases",
            "branch_schools",
            "vocational_groups",
            "schools_paired",
            "employment_training",
            "skills_upgrading",
            "entrepreneurship_training"
        };
        // the typical size of each indicator per pairing and year: yuan, then persons and counts
        long[] scale = {20_000_000, 5_000_000, 5, 30, 10, 25, 150, 10, 5, 1, 2, 5, 2_000, 2_500, 350};
        try (java.io.Writer w = new java.io.OutputStreamWriter(fs.create(file, true), StandardCharsets.UTF_8)) {
            w.write("record_id,host_region_code,origin_region_code,year,indicator,value,updated_at\n");
            for (String pair : pairs) {
                String[] hostOrigin = pair.split(",");
                if (stopped && hostOrigin[0].equals(STOP_PARTNER)) {
                    continue; // the partner that stops reporting, from the night its school stops
                }
                for (int year = 2016; year <= Math.min(2020, night.getYear()); year++) {
                    for (int i = 0; i < indicators.length; i++) {
                        SplittableRandom r = new SplittableRandom(seed * 31L + (pair + year + i).hashCode());
                        long value = r.nextLong(scale[i] + 1);
                        w.write(String.format(
                                Locale.ROOT,
                                "COOP-%s-%s-%d-%s,%s,%s,%d,%s,%d,%s 20:00:00\n",
                                hostOrigin[0],
                                hostOrigin[1],
                                year,
                                indicators[i],
                                hostOrigin[0],
                                hostOrigin[1],
                                year,
                                indicators[i],
                                value,
                                night.minusDays(1)));
                    }
                }
            }
        }
    }

    /** Enrollments sent on night k: 1% more each night. */
    private static long enrollmentsOn(Nights spec, int night) {
        return spec.enrollments() + spec.enrollments() * (night - 1L) / 100;
    }

    /** The rows of one enrollment: sometimes an older version first; sometimes broken on purpose. */
    List<String[]> rows(long n, SplittableRandom r, double badFraction) {
        int o = r.nextInt(origins.size());
        int h = pairedHost.get(o);
        String origin = origins.get(o);
        String host = hosts.get(h);
        int year = 2016 + r.nextInt(5);
        String[] v = new String[Field.values().length];
        v[Field.RECORD_ID.ordinal()] = "G" + n;
        v[Field.STUDENT_ID.ordinal()] = "SYN" + n;
        v[Field.STUDENT_NAME.ordinal()] = "学生" + n;
        v[Field.GENDER.ordinal()] = r.nextBoolean() ? "M" : "F";
        v[Field.BIRTH_DATE.ordinal()] =
                String.format(Locale.ROOT, "%d-%02d-%02d", year - 16, 1 + r.nextInt(12), 1 + r.nextInt(28));
        v[Field.ETHNICITY.ordinal()] = ETHNICITY[r.nextInt(ETHNICITY.length)];
        v[Field.ORIGIN_COUNTY_CODE.ordinal()] = origin;
        v[Field.ORIGIN_SCHOOL.ordinal()] = originNames.get(o) + SCHOOL_KINDS[r.nextInt(SCHOOL_KINDS.length)];
        int school = r.nextInt(3);
        v[Field.HOST_SCHOOL_CODE.ordinal()] = "4" + host + "00" + school;
        v[Field.HOST_SCHOOL_NAME.ordinal()] = hostNames.get(h) + "职业学校" + (school + 1);
        v[Field.HOST_COUNTY_CODE.ordinal()] = host;
        v[Field.PROGRAM_CODE.ordinal()] = "66010" + r.nextInt(10);
        v[Field.PROGRAM_NAME.ordinal()] = "专业" + r.nextInt(10);
        v[Field.SCHEME.ordinal()] = r.nextInt(10) == 0 ? "" : pairedScheme.get(o);
        v[Field.INTAKE_DATE.ordinal()] = year + "-09-0" + (1 + r.nextInt(9));
        v[Field.REGISTERED_POOR.ordinal()] = r.nextInt(10) < 8 ? "true" : "false";
        v[Field.LIANG_HOU_SHENG.ordinal()] = r.nextInt(10) < 3 ? "true" : "";
        String status = year <= 2018
                ? STATUS[r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(3) / 2]
                : STATUS[r.nextInt(10) == 0 ? 2 : 0];
        v[Field.STATUS.ordinal()] = status;
        v[Field.STATUS_DATE.ordinal()] = status.equals("ENROLLED") ? "" : (year + 3) + "-06-30";
        v[Field.EMPLOYMENT_STATUS.ordinal()] = "";
        v[Field.EMPLOYMENT_COUNTY_CODE.ordinal()] = "";
        if (status.equals("GRADUATED")) {
            int e = r.nextInt(10);
            v[Field.EMPLOYMENT_STATUS.ordinal()] = e < 7 ? "EMPLOYED" : e < 9 ? "FURTHER_STUDY" : "UNEMPLOYED";
            if (e < 7) {
                v[Field.EMPLOYMENT_COUNTY_CODE.ordinal()] = r.nextBoolean() ? origin : host;
            }
        }
        v[Field.UPDATED_AT.ordinal()] = String.format(
                Locale.ROOT,
                "%d-%02d-%02d %02d:%02d:%02d",
                year + 2,
                1 + r.nextInt(12),
                1 + r.nextInt(28),
                r.nextInt(24),
                r.nextInt(60),
                r.nextInt(60));
        List<String[]> rows = new ArrayList<>(2);
        if (r.nextInt(100) < 8) {
            String[] older = v.clone();
            older[Field.RECORD_ID.ordinal()] = "G" + n + "-v1";
            older[Field.STATUS.ordinal()] = "ENROLLED";
            older[Field.STATUS_DATE.ordinal()] = "";
            older[Field.EMPLOYMENT_STATUS.ordinal()] = "";
            older[Field.EMPLOYMENT_COUNTY_CODE.ordinal()] = "";
            older[Field.UPDATED_AT.ordinal()] = year + "-09-20 10:00:00";
            rows.add(older);
        }
        if (r.nextDouble() < badFraction) {
            switch ((int) (n % 5)) {
                case 0 -> v[Field.ORIGIN_COUNTY_CODE.ordinal()] = "5329,01"; // an unquoted comma: one field too many
                case 1 -> v[Field.STUDENT_ID.ordinal()] = "";
                case 2 -> v[Field.INTAKE_DATE.ordinal()] = year + "-02-30";
                case 3 -> v[Field.HOST_COUNTY_CODE.ordinal()] = "999999";
                default -> {
                    v[Field.STATUS.ordinal()] = "ENROLLED";
                    v[Field.EMPLOYMENT_STATUS.ordinal()] = "EMPLOYED";
                }
            }
        }
        rows.add(v);
        return rows;
    }

    /** Where rows go: a CSV, JSON Lines or Parquet file. */
    private abstract static class RowSink implements AutoCloseable {
        long rows;

        abstract void write(String[] row) throws IOException;

        @Override
        public abstract void close() throws IOException;
    }

    private static RowSink open(String format, FileSystem fs, Path path, Configuration conf) throws IOException {
        return switch (format) {
            case "csv" -> new TextSink(fs, path, true);
            case "jsonl" -> new TextSink(fs, path, false);
            case "parquet" -> new ParquetSink(path, conf);
            default ->
                throw new org.crossenroll.base.UserError(
                        "Unknown --format '" + format + "': use csv, jsonl or parquet.");
        };
    }

    private static final class TextSink extends RowSink {
        private final Writer out;
        private final boolean csv;

        TextSink(FileSystem fs, Path path, boolean csv) throws IOException {
            this.out =
                    new BufferedWriter(new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8), 1 << 16);
            this.csv = csv;
            if (csv) {
                StringBuilder header = new StringBuilder();
                for (Field f : Field.values()) {
                    header.append(header.length() == 0 ? "" : ",").append(f.column());
                }
                out.write(header.append('\n').toString());
            }
        }

        @Override
        void write(String[] row) throws IOException {
            StringBuilder b = new StringBuilder(320);
            if (csv) {
                for (int i = 0; i < row.length; i++) {
                    b.append(i == 0 ? "" : ",").append(row[i]);
                }
            } else {
                b.append('{');
                for (int i = 0; i < row.length; i++) {
                    b.append(i == 0 ? "\"" : ",\"")
                            .append(Field.values()[i].column())
                            .append("\":\"")
                            .append(row[i])
                            .append('"');
                }
                b.append('}');
            }
            out.write(b.append('\n').toString());
            rows++;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static final class ParquetSink extends RowSink {
        private static final MessageType SCHEMA = schema();
        private final ParquetWriter<Group> writer;
        private final SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);

        ParquetSink(Path path, Configuration conf) throws IOException {
            writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(path, conf))
                    .withType(SCHEMA)
                    .withConf(conf)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build();
        }

        private static MessageType schema() {
            Types.MessageTypeBuilder b = Types.buildMessage();
            for (Field f : Field.values()) {
                b.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(f.column());
            }
            return b.named("enrollment");
        }

        @Override
        void write(String[] row) {
            Group g = groups.newGroup();
            for (int i = 0; i < row.length; i++) {
                if (!row[i].isEmpty()) {
                    g.add(i, row[i]);
                }
            }
            try {
                writer.write(g);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows++;
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
