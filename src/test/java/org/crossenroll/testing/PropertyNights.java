package org.crossenroll.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.catalog.Tables;
import org.crossenroll.disclosure.AdditiveThreshold;
import org.crossenroll.disclosure.DesignedLayer;
import org.crossenroll.reference.Pairings;
import org.crossenroll.report.Cohorts;
import org.crossenroll.report.Report;
import org.crossenroll.report.Reports;
import org.crossenroll.storage.ReportWriter;
import org.crossenroll.testing.NightGenerator.Enrollment;
import org.crossenroll.testing.NightGenerator.Night;
import org.crossenroll.testing.NightGenerator.Pairing;
import org.crossenroll.testing.NightGenerator.Place;

/**
 * The cheap tier of the property suite: many nights' accepted enrollments built into the five reports by the real
 * {@link Reports} in one Spark pass (each night's provinces renamed to a code prefix of its own, so that no two
 * nights share a row, then renamed back), each night's published layer built by {@link DesignedLayer} for
 * several k, its own checks, and the independent attacker over many layers in one Python process. Also the
 * shrinker: a failing night is cut down (enrollments removed, fields simplified) while it still fails the same way,
 * each round's candidates evaluated in one Spark pass.
 */
public final class PropertyNights {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final long[] KS = {3, 10};
    /**
     * Whether the layers written are attacked by src/test/python/cellkey_attack.py (--batch, one Python process). On:
     * the attacker of the additive cell key is wired in (issue 26).
     */
    static final boolean ATTACKER_READY = true;
    /** Token characters: letters only (codes are digits), never 'x' (the reports' undetermined codes use it). */
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvw";

    private static final int MAX_TOKENS = TOKEN_CHARS.length() * TOKEN_CHARS.length();

    private static final java.util.concurrent.atomic.AtomicLong LAYERS = new java.util.concurrent.atomic.AtomicLong();

    /** Time spent building layers and writing them for the attacker (for the suite's measurements). */
    public static final java.util.concurrent.atomic.AtomicLong BUILD_NANOS =
            new java.util.concurrent.atomic.AtomicLong();

    public static final java.util.concurrent.atomic.AtomicLong WRITE_NANOS =
            new java.util.concurrent.atomic.AtomicLong();

    /**
     * The Hadoop configuration of the layers written for the attacker: the job's own local file system
     * (NioLocalFileSystem), since Hadoop's forks a chmod for every file and directory (0.7 s a layer under load).
     */
    private static final Configuration CONF = conf();

    private static Configuration conf() {
        Configuration c = new Configuration(false);
        org.crossenroll.storage.NioLocalFileSystem.use(c);
        return c;
    }

    private PropertyNights() {}

    /**
     * The internal reports of one night, codes as the reference has them, and the published layer's grain (from the
     * generator's enrollments, with the record keys the job derives from the test key's pseudonym and the record id).
     */
    public record Built(Map<Report, HandTables.Table> tables, List<DesignedLayer.Grain> grain) {}

    /**
     * The published layer's fine cells of a night, summed here from the generator's enrollments (not by
     * {@link DesignedLayer#grain}): per (intake year, origin and host prefecture, {@code 34xxxx} when not determined,
     * registered poor, outcome class) the count and the keyed hash of its coordinates (this class's own HMAC, with
     * the test key, as the contract says).
     */
    static List<DesignedLayer.Grain> grain(Night night) {
        Map<List<Object>, long[]> cells = new LinkedHashMap<>();
        for (Enrollment e : night.enrollments()) {
            Place o = e.origin();
            Place h = e.host().place();
            String op = o.prefecture() == null ? o.province().substring(0, 2) + "xxxx" : o.prefecture();
            String hp = h.prefecture() == null ? h.province().substring(0, 2) + "xxxx" : h.prefecture();
            boolean graduated = "GRADUATED".equals(e.status());
            boolean employed = graduated && "EMPLOYED".equals(e.employment());
            boolean home = employed
                    && e.employmentPlace() != null
                    && o.province().equals(e.employmentPlace().province());
            int outcome = !graduated ? 0 : !employed ? 1 : home ? 3 : 2;
            long[] c = cells.computeIfAbsent(
                    Arrays.asList(e.year(), o.province(), op, h.province(), hp, e.poor(), outcome), x -> new long[2]);
            c[0]++;
            c[1] = thresholdHash(e.year() + "|" + op + "|" + hp + "|" + e.poor() + "|" + OUTCOMES.get(outcome));
        }
        List<DesignedLayer.Grain> out = new ArrayList<>();
        cells.forEach((k, c) -> out.add(new DesignedLayer.Grain(
                (Integer) k.get(0),
                (String) k.get(1),
                (String) k.get(2),
                (String) k.get(3),
                (String) k.get(4),
                (Boolean) k.get(5),
                (Integer) k.get(6),
                c[0],
                c[1])));
        return out;
    }

    private static final List<String> OUTCOMES =
            List.of("not_graduated", "graduated_not_employed", "employed_elsewhere", "employed_at_home");

    /**
     * The first 8 bytes, big-endian, of HMAC-SHA256(test key, "crossenroll.threshold.v1|" + coordinates): a fine cell's
     * keyed hash as docs/published-layer.md defines it.
     */
    public static long thresholdHash(String coordinates) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    Runs.TEST_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] d = mac.doFinal(
                    ("crossenroll.threshold.v1|" + coordinates).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d).getLong();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** hex(HMAC-SHA256(key, trimmed upper-cased id)) with the test key, as the contract says. */
    public static String pseudonym(String studentKey) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    Runs.TEST_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of()
                    .formatHex(mac.doFinal(studentKey
                            .trim()
                            .toUpperCase(java.util.Locale.ROOT)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One ENROLLMENT row (HandTables' schema) for an accepted enrollment, codes renamed by {@code code}. */
    static Row enrollmentRow(Enrollment e, Function<String, String> code) {
        Place o = e.origin();
        Place h = e.host().place();
        return RowFactory.create(
                e.year(),
                e.scheme(),
                code.apply(o.province()),
                o.provinceName(),
                code.apply(o.prefecture()),
                o.prefectureName(),
                code.apply(o.county()),
                o.countyName(),
                e.originSchool(),
                code.apply(h.province()),
                h.provinceName(),
                code.apply(h.prefecture()),
                h.prefectureName(),
                code.apply(h.county()),
                h.countyName(),
                e.host().code(),
                e.host().name(),
                e.gender(),
                e.minority(),
                e.poor(),
                e.lhs(),
                e.status(),
                e.employment(),
                e.employmentPlace() == null
                        ? null
                        : code.apply(e.employmentPlace().province()));
    }

    /** The bundled pairings (data/pairings.csv: host and origin codes), for a night that gives none. */
    static final List<Pairing> BUNDLED = bundled();

    private static List<Pairing> bundled() {
        try {
            List<Pairing> out = new ArrayList<>();
            for (String line : Files.readAllLines(TestSpark.projectDir().resolve("data/pairings.csv"))
                    .subList(
                            1,
                            Files.readAllLines(TestSpark.projectDir().resolve("data/pairings.csv"))
                                    .size())) {
                String[] f = line.split(",", 4);
                out.add(new Pairing(f[0], f[2], null));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String name(String code) {
        return code.endsWith("0000")
                ? NightGenerator.PROVINCES.get(code)
                : NightGenerator.PREFECTURES.get(code)[0];
    }

    static String level(String code) {
        return code.endsWith("0000") ? "province" : "prefecture";
    }

    /** Builds the reports of every night in one Spark pass. */
    public static List<Built> build(List<Night> nights) {
        List<Built> out = new ArrayList<>();
        int from = 0;
        while (from < nights.size()) {
            // as many nights as the tokens allow (a night uses a token per province it names)
            Map<String, String> tokens = new HashMap<>(); // night index + ":" + 2 digits -> token
            Map<String, Integer> nightOf = new HashMap<>(); // token -> night index
            Map<String, String> digitsOf = new HashMap<>(); // token -> 2 digits
            List<Row> rows = new ArrayList<>();
            List<Row> pairings = new ArrayList<>();
            int to = from;
            while (to < nights.size() && tokens.size() + 40 < MAX_TOKENS) {
                int idx = to;
                Function<String, String> code = c -> {
                    if (c == null) {
                        return null;
                    }
                    String t = tokens.computeIfAbsent(idx + ":" + c.substring(0, 2), k -> {
                        int i = tokens.size();
                        String tok = "" + TOKEN_CHARS.charAt(i / TOKEN_CHARS.length())
                                + TOKEN_CHARS.charAt(i % TOKEN_CHARS.length());
                        nightOf.put(tok, idx);
                        digitsOf.put(tok, c.substring(0, 2));
                        return tok;
                    });
                    return t + c.substring(2);
                };
                Night night = nights.get(to);
                for (Enrollment e : night.enrollments()) {
                    rows.add(enrollmentRow(e, code));
                }
                for (Pairing p : night.pairings() == null ? BUNDLED : night.pairings()) {
                    pairings.add(RowFactory.create(
                            code.apply(p.host()),
                            name(p.host()),
                            level(p.host()),
                            code.apply(p.origin()),
                            name(p.origin()),
                            level(p.origin()),
                            p.target()));
                }
                to++;
            }
            SparkSession spark = TestSpark.session();
            Dataset<Row> fine = Reports.fineGrain(spark.createDataFrame(rows, HandTables.ENROLLMENT), Map.of())
                    .cache();
            Map<Report, Dataset<Row>> ds = Reports.all(
                    fine,
                    Pairings.dataset(spark, pairings),
                    Map.of(),
                    Set.of(),
                    Cohorts.lastComplete(NightGenerator.RUN_DATE, Cohorts.DEFAULT_PROGRAMME_YEARS));
            int n = to - from;
            List<Map<Report, List<Row>>> byNight = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byNight.add(new LinkedHashMap<>());
            }
            Map<Report, StructType> schemas = new LinkedHashMap<>();
            for (Map.Entry<Report, Dataset<Row>> e : ds.entrySet()) {
                schemas.put(e.getKey(), e.getValue().schema());
                for (Row r : e.getValue().collectAsList()) {
                    Object[] v = decode(r, nightOf, digitsOf);
                    byNight.get((Integer) v[v.length - 1] - from)
                            .computeIfAbsent(e.getKey(), x -> new ArrayList<>())
                            .add(new GenericRowWithSchema(Arrays.copyOf(v, v.length - 1), r.schema()));
                }
            }
            fine.unpersist();
            for (int i = 0; i < n; i++) {
                Map<Report, HandTables.Table> tables = new LinkedHashMap<>();
                for (Report report : Report.values()) {
                    List<Row> rs = new ArrayList<>(byNight.get(i).getOrDefault(report, List.of()));
                    rs.sort(order(report, schemas.get(report)));
                    tables.put(report, new HandTables.Table(schemas.get(report), rs));
                }
                out.add(new Built(tables, grain(nights.get(from + i))));
            }
            from = to;
        }
        return out;
    }

    /** The row's values with every renamed code named back, and the night it belongs to appended. */
    private static Object[] decode(Row r, Map<String, Integer> nightOf, Map<String, String> digitsOf) {
        Object[] v = new Object[r.length() + 1];
        Integer night = null;
        for (int i = 0; i < r.length(); i++) {
            Object x = r.get(i);
            // a renamed region code: a token and four digits (or the reports' x of an undetermined unit)
            if (x instanceof String s
                    && s.length() == 6
                    && nightOf.containsKey(s.substring(0, 2))
                    && s.substring(2).matches("[0-9x]{4}")) {
                night = night != null ? night : nightOf.get(s.substring(0, 2));
                x = digitsOf.get(s.substring(0, 2)) + s.substring(2);
            }
            v[i] = x;
        }
        if (night == null) {
            throw new IllegalStateException("a report row names no region: " + r);
        }
        v[r.length()] = night;
        return v;
    }

    /** The reports' own order (their orderBy), nulls first. */
    private static Comparator<Row> order(Report report, StructType schema) {
        List<String> keys = switch (report) {
            case FLOWS ->
                List.of(
                        "intake_year",
                        "scheme",
                        "origin_province_code",
                        "origin_province_name",
                        "origin_prefecture_code",
                        "origin_prefecture_name",
                        "origin_prefecture_display",
                        "host_province_code",
                        "host_province_name",
                        "host_prefecture_code",
                        "host_prefecture_name",
                        "host_prefecture_display");
            case ORIGIN_SUMMARY, HOST_SUMMARY -> List.of("level", "region_code", "intake_year");
            case PAIRING_PROGRESS -> List.of("host_region_code", "origin_region_code", "intake_year");
            case OUTCOMES ->
                List.of(
                        "intake_year",
                        "origin_province_code",
                        "origin_province_name",
                        "origin_prefecture_code",
                        "origin_prefecture_name",
                        "origin_prefecture_display",
                        "host_province_code",
                        "host_province_name");
        };
        return (a, b) -> {
            for (String k : keys) {
                int i = schema.fieldIndex(k);
                @SuppressWarnings({"unchecked", "rawtypes"})
                int c = Comparator.nullsFirst((Comparator) Comparator.naturalOrder())
                        .compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    public static List<Map<String, Object>> maps(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new HashMap<>();
            for (String f : r.schema().fieldNames()) {
                m.put(f, r.getAs(f));
            }
            out.add(m);
        }
        return out;
    }

    /** The grand total of each count over the generator's accepted enrollments (not from any report). */
    public static Map<String, Long> expectedTotals(List<Enrollment> enrollments) {
        Map<String, Long> t = new LinkedHashMap<>();
        ReportSums.COUNTS.forEach(c -> t.put(c, 0L));
        for (Enrollment e : enrollments) {
            String ep = e.employmentPlace() == null ? null : e.employmentPlace().province();
            boolean employed = "EMPLOYED".equals(e.employment());
            t.merge("students", 1L, Long::sum);
            t.merge("female", e.gender().equals("F") ? 1L : 0L, Long::sum);
            t.merge("ethnic_minority", Boolean.TRUE.equals(e.minority()) ? 1L : 0L, Long::sum);
            t.merge("registered_poor", e.poor() ? 1L : 0L, Long::sum);
            t.merge("liang_hou_sheng", e.lhs() ? 1L : 0L, Long::sum);
            t.merge(e.status().toLowerCase(), 1L, Long::sum);
            t.merge("employed", employed ? 1L : 0L, Long::sum);
            t.merge("further_study", "FURTHER_STUDY".equals(e.employment()) ? 1L : 0L, Long::sum);
            t.merge(
                    "employed_in_origin_province",
                    employed && e.origin().province().equals(ep) ? 1L : 0L,
                    Long::sum);
            t.merge(
                    "employed_in_host_province",
                    employed && e.host().place().province().equals(ep) ? 1L : 0L,
                    Long::sum);
        }
        return t;
    }

    /**
     * A null in a column the catalog declares NOT NULL (the definition the job's Staging writes with, where such a null
     * would fail the night), one problem per column.
     */
    static List<String> nullsInNotNull(String table, StructType definition, List<Row> rows) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < definition.size(); i++) {
            StructField f = definition.fields()[i];
            if (!f.nullable()) {
                for (Row r : rows) {
                    if (r.isNullAt(i)) {
                        problems.add(
                                "not null: " + table + "." + f.name() + " is declared NOT NULL but is null in " + r);
                        break;
                    }
                }
            }
        }
        return problems;
    }

    /** A layer to attack: where it was written, its k, where the attacker writes its result. */
    public record Target(Night night, long k, Path output, Path json) {}

    /**
     * The properties of the cheap tier on one built night: the reports add up (to the generator's totals), and for each
     * k the published layer builds, its audit passes and it shows no count of 1..k-1. Layers are written below
     * {@code dir} for the attacker when {@code attack}.
     */
    public static List<String> check(Night night, Built built, Path dir, boolean attack, List<Target> targets) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Map<String, Object>>> reports = new LinkedHashMap<>();
        built.tables().forEach((r, t) -> reports.put(r.table(), maps(t.rows())));
        ReportSums.check(reports, expectedTotals(night.enrollments())).forEach(p -> problems.add("sums: " + p));
        built.tables().forEach((r, t) -> problems.addAll(nullsInNotNull(r.table(), Tables.report(r), t.rows())));
        for (long k : KS) {
            DesignedLayer.Result layer;
            long t0 = System.nanoTime();
            try {
                layer = DesignedLayer.Result.audited(
                        built.grain(),
                        DesignedLayer.regions(
                                built.tables().get(Report.ORIGIN_SUMMARY).rows()),
                        DesignedLayer.regions(
                                built.tables().get(Report.HOST_SUMMARY).rows()),
                        DesignedLayer.pairings(
                                built.tables().get(Report.PAIRING_PROGRESS).rows()),
                        new AdditiveThreshold.Rule(k));
                BUILD_NANOS.addAndGet(System.nanoTime() - t0);
            } catch (RuntimeException e) {
                problems.add("k=" + k + " build: DesignedLayer threw " + e);
                continue;
            }
            if (!"passed".equals(String.valueOf(layer.audit().get("status")))) {
                problems.add("k=" + k + " audit: " + layer.audit());
            }
            for (DesignedLayer.Layer table : layer.tables().values()) {
                DesignedLayer.Table t = table.table();
                problems.addAll(
                        nullsInNotNull("k=" + k + " published_" + t.table(), Tables.published(t), table.rows()));
                for (Row r : table.rows()) {
                    for (String c : DesignedLayer.MEASURES) {
                        if (Arrays.asList(table.schema().fieldNames()).contains(c)) {
                            long v = ((Number) r.getAs(c)).longValue();
                            if (v > 0 && v < k) {
                                problems.add(
                                        "k=" + k + " shown: " + t.table() + " publishes " + c + " = " + v + " in " + r);
                            }
                        }
                    }
                }
            }
            if (attack) {
                Path out = dir.resolve("night-" + night.seed() + "-" + LAYERS.incrementAndGet() + "-k" + k);
                long t1 = System.nanoTime();
                write(out, built.tables(), layer);
                WRITE_NANOS.addAndGet(System.nanoTime() - t1);
                targets.add(new Target(night, k, out, out.resolveSibling(out.getFileName() + ".json")));
            }
        }
        return problems;
    }

    /**
     * Both layers in an output directory's layout, as the job writes them: OUT/report/run_date=D/part-00000.parquet,
     * and OUT/published/table/run_date=D/part-00000.parquet with the published layer's footer.
     */
    static void write(Path out, Map<Report, HandTables.Table> tables, DesignedLayer.Result layer) {
        writeLayers(out, Runs.RUN_DATE, tables, layer, CONF);
    }

    /** {@link #write} for any run date and Hadoop configuration. */
    public static void writeLayers(
            Path out,
            String runDate,
            Map<Report, HandTables.Table> tables,
            DesignedLayer.Result layer,
            Configuration conf) {
        java.time.LocalDate date = java.time.LocalDate.parse(runDate);
        for (Report report : Report.values()) {
            HandTables.Table internal = tables.get(report);
            ReportWriter.write(
                    new org.apache.hadoop.fs.Path(out.resolve(report.table())
                            .resolve("run_date=" + runDate)
                            .toUri()),
                    internal.schema(),
                    internal.rows(),
                    ReportWriter.metadata(report.table(), Report.SCHEMA_VERSION, date, "test"),
                    conf);
        }
        for (DesignedLayer.Layer table : layer.tables().values()) {
            Map<String, String> metadata = new LinkedHashMap<>(
                    ReportWriter.metadata(table.table().table(), Report.SCHEMA_VERSION, date, "test"));
            metadata.putAll(layer.footer());
            ReportWriter.write(
                    new org.apache.hadoop.fs.Path(out.resolve(Tables.publishedPath(table.table()))
                            .resolve("run_date=" + runDate)
                            .toUri()),
                    Tables.published(table.table()),
                    table.rows(),
                    metadata,
                    conf);
        }
    }

    /**
     * Attacks every target in one Python process (cellkey_attack.py --batch); returns each target's problems (none
     * when the attacker exited 0 and showed no count of 1..k-1 small nor pinned any).
     */
    public static Map<Target, List<String>> attack(List<Target> targets, Path dir)
            throws IOException, InterruptedException {
        Map<Target, List<String>> out = new LinkedHashMap<>();
        if (targets.isEmpty()) {
            return out;
        }
        if (!ATTACKER_READY) {
            System.out.printf(
                    "[PropertyNights] %d layers written, not attacked: the attacker for the cell-key layer is being "
                            + "rewritten (issue 26)%n",
                    targets.size());
            targets.forEach(t -> out.put(t, List.of()));
            return out;
        }
        List<Map<String, Object>> batch = new ArrayList<>();
        for (Target t : targets) {
            Files.deleteIfExists(t.json());
            batch.add(Map.of(
                    "output",
                    t.output().toString(),
                    "run_date",
                    Runs.RUN_DATE,
                    "k",
                    t.k(),
                    "json",
                    t.json().toString()));
        }
        Path file = dir.resolve("batch-" + System.nanoTime() + ".json");
        JSON.writeValue(file.toFile(), batch);
        PythonEnv.Child.Output run = PythonEnv.Child.run(
                List.of(
                        PythonEnv.python().toString(),
                        TestSpark.projectDir()
                                .resolve(org.crossenroll.DisclosureAttackIT.ATTACKER)
                                .toString(),
                        "--batch",
                        file.toString()),
                Map.of());
        Files.writeString(dir.resolve(file.getFileName() + ".log"), run.text());
        for (Target t : targets) {
            List<String> problems = new ArrayList<>();
            if (!Files.exists(t.json())) {
                problems.add("k=" + t.k() + " attacker: no result (exit " + run.exitCode() + "), see " + file + ".log");
            } else {
                JsonNode r = JSON.readTree(t.json().toFile());
                if (r.has("exit") && r.path("exit").asLong() != 0) {
                    problems.add("k=" + t.k() + " attacker: exit " + r.path("exit") + " (" + r.path("worst") + ")");
                }
                for (String f : List.of("shown_small", "pinned")) {
                    if (r.path(f).asLong(-1) != 0) {
                        problems.add(
                                "k=" + t.k() + " attacker: " + f + " = " + r.path(f) + " (" + r.path("worst") + ")");
                    }
                }
                if (r.path("published_small").size() != 0) {
                    problems.add("k=" + t.k() + " attacker: published_small = " + r.path("published_small"));
                }
            }
            out.put(t, problems);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shrinking
    // ---------------------------------------------------------------------------------------------------------------

    /** What a failure is, for shrinking: its first problem up to the first colon (e.g. "k=3 build"). */
    public static String kind(List<String> problems) {
        String p = problems.get(0);
        return p.contains(":") ? p.substring(0, p.indexOf(':')) : p;
    }

    /** Evaluates candidate nights: each one's problems (the reports in one Spark pass, the attacker in one process). */
    public static List<List<String>> evaluate(List<Night> nights, Path dir, boolean attack) throws Exception {
        List<Built> built = build(nights);
        List<List<String>> out = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < nights.size(); i++) {
            out.add(check(nights.get(i), built.get(i), dir, attack, targets));
        }
        Map<Target, List<String>> attacked = attack(targets, dir);
        for (int i = 0; i < nights.size(); i++) {
            for (Map.Entry<Target, List<String>> e : attacked.entrySet()) {
                if (e.getKey().night() == nights.get(i)) {
                    out.get(i).addAll(e.getValue());
                }
            }
        }
        return out;
    }

    /**
     * The smallest night found that still fails the same way: enrollments removed (halves, quarters, ... one by one),
     * pairings removed, then each enrollment's fields simplified; each round's candidates are evaluated together.
     */
    public static Night shrink(Night night, String kind, Path dir, boolean attack) throws Exception {
        Night current = night;
        boolean progress = true;
        int rounds = 0;
        while (progress && rounds < 200) {
            progress = false;
            rounds++;
            List<Night> candidates = new ArrayList<>();
            List<Enrollment> es = current.enrollments();
            for (int chunk = Math.max(1, es.size() / 2); ; chunk = Math.max(1, chunk / 2)) {
                for (int at = 0; at < es.size(); at += chunk) {
                    List<Enrollment> fewer = new ArrayList<>(es.subList(0, at));
                    fewer.addAll(es.subList(Math.min(es.size(), at + chunk), es.size()));
                    if (!fewer.isEmpty()) {
                        candidates.add(current.with(fewer, List.of(), current.pairings()));
                    }
                }
                if (chunk == 1 || candidates.size() > 64) {
                    break;
                }
            }
            List<Pairing> ps = current.pairings() == null ? BUNDLED : current.pairings();
            for (int i = 0; i < ps.size(); i++) {
                List<Pairing> fewer = new ArrayList<>(ps);
                fewer.remove(i);
                candidates.add(current.with(es, List.of(), fewer));
            }
            for (int i = 0; i < es.size() && candidates.size() < 150; i++) {
                for (Enrollment simpler : simplifications(es.get(i), es)) {
                    List<Enrollment> changed = new ArrayList<>(es);
                    changed.set(i, simpler);
                    candidates.add(current.with(changed, List.of(), current.pairings()));
                }
            }
            List<List<String>> results = evaluate(candidates, dir, attack);
            for (int i = 0; i < candidates.size(); i++) {
                if (!results.get(i).isEmpty() && kind(results.get(i)).equals(kind)) {
                    current = candidates.get(i);
                    progress = true;
                    System.out.printf(
                            "[PropertyNights] shrink round %d: %d enrollments, %d pairings: %s%n",
                            rounds,
                            current.enrollments().size(),
                            current.pairings() == null ? -1 : current.pairings().size(),
                            results.get(i).get(0));
                    break;
                }
            }
        }
        return current;
    }

    private static List<Enrollment> simplifications(Enrollment e, List<Enrollment> all) {
        List<Enrollment> out = new ArrayList<>();
        Enrollment first = all.get(0);
        if (!"东西协作".equals(e.scheme())) {
            out.add(new Enrollment(
                    e.studentKey(),
                    e.year(),
                    e.recordId(),
                    e.origin(),
                    e.originSchool(),
                    e.host(),
                    "东西协作",
                    e.gender(),
                    e.minority(),
                    e.poor(),
                    e.lhs(),
                    e.status(),
                    e.employment(),
                    e.employmentPlace(),
                    e.rows()));
        }
        if (e.year() != first.year()) {
            out.add(new Enrollment(
                    e.studentKey(),
                    first.year(),
                    e.recordId(),
                    e.origin(),
                    e.originSchool(),
                    e.host(),
                    e.scheme(),
                    e.gender(),
                    e.minority(),
                    e.poor(),
                    e.lhs(),
                    e.status(),
                    e.employment(),
                    e.employmentPlace(),
                    e.rows()));
        }
        if (!e.gender().equals("M")
                || !Boolean.FALSE.equals(e.minority())
                || e.poor()
                || e.lhs()
                || e.originSchool() != null) {
            out.add(new Enrollment(
                    e.studentKey(),
                    e.year(),
                    e.recordId(),
                    e.origin(),
                    null,
                    e.host(),
                    e.scheme(),
                    "M",
                    false,
                    false,
                    false,
                    e.status(),
                    e.employment(),
                    e.employmentPlace(),
                    e.rows()));
        }
        if (e.employmentPlace() != null) {
            out.add(new Enrollment(
                    e.studentKey(),
                    e.year(),
                    e.recordId(),
                    e.origin(),
                    e.originSchool(),
                    e.host(),
                    e.scheme(),
                    e.gender(),
                    e.minority(),
                    e.poor(),
                    e.lhs(),
                    e.status(),
                    e.employment(),
                    null,
                    e.rows()));
        }
        if (e.employment() != null) {
            out.add(new Enrollment(
                    e.studentKey(),
                    e.year(),
                    e.recordId(),
                    e.origin(),
                    e.originSchool(),
                    e.host(),
                    e.scheme(),
                    e.gender(),
                    e.minority(),
                    e.poor(),
                    e.lhs(),
                    "GRADUATED",
                    null,
                    null,
                    e.rows()));
        } else if (!e.status().equals("ENROLLED")) {
            out.add(new Enrollment(
                    e.studentKey(),
                    e.year(),
                    e.recordId(),
                    e.origin(),
                    e.originSchool(),
                    e.host(),
                    e.scheme(),
                    e.gender(),
                    e.minority(),
                    e.poor(),
                    e.lhs(),
                    "ENROLLED",
                    null,
                    null,
                    e.rows()));
        }
        if (e.origin() != first.origin()) {
            out.add(new Enrollment(
                    e.studentKey(),
                    e.year(),
                    e.recordId(),
                    first.origin(),
                    e.originSchool(),
                    e.host(),
                    e.scheme(),
                    e.gender(),
                    e.minority(),
                    e.poor(),
                    e.lhs(),
                    e.status(),
                    e.employment(),
                    e.employmentPlace(),
                    e.rows()));
        }
        if (e.host() != first.host()) {
            out.add(new Enrollment(
                    e.studentKey(),
                    e.year(),
                    e.recordId(),
                    e.origin(),
                    e.originSchool(),
                    first.host(),
                    e.scheme(),
                    e.gender(),
                    e.minority(),
                    e.poor(),
                    e.lhs(),
                    e.status(),
                    e.employment(),
                    e.employmentPlace(),
                    e.rows()));
        }
        return out;
    }

    /** A night's enrollments as lines a person can check by hand (and paste into a regression test). */
    public static String show(Night night) {
        StringBuilder b = new StringBuilder(night.describe()).append('\n');
        b.append("pairings: ")
                .append(night.pairings() == null ? "bundled" : night.pairings())
                .append('\n');
        for (Enrollment e : night.enrollments()) {
            b.append(String.format(
                    "  %d %s origin %s (%s/%s/%s) host %s in %s (%s/%s/%s) %s%s%s%s %s %s employed in %s%n",
                    e.year(),
                    e.scheme(),
                    e.origin().submitted(),
                    e.origin().province(),
                    e.origin().prefecture(),
                    e.origin().county(),
                    e.host().code(),
                    e.host().place().submitted(),
                    e.host().place().province(),
                    e.host().place().prefecture(),
                    e.host().place().county(),
                    e.gender(),
                    Boolean.TRUE.equals(e.minority()) ? " minority" : "",
                    e.poor() ? " poor" : "",
                    e.lhs() ? " lhs" : "",
                    e.status(),
                    e.employment(),
                    e.employmentPlace() == null ? null : e.employmentPlace().province()));
        }
        return b.toString();
    }
}
