package org.crossenroll.disclosure;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.disclosure.AdditiveThreshold.Rule;
import org.crossenroll.reference.Regions;
import org.crossenroll.report.Counts;
import org.crossenroll.storage.ReportWriter;

/**
 * The published layer designed for publication (Hundepool et al., Statistical Disclosure Control, ch. 4): only the
 * tables, levels and counts the programme is judged by, each count made by the additive threshold method ({@link AdditiveThreshold}).
 * The internal reports keep every level down to school and county; publishing them all and protecting every small
 * cell withheld everything at the programme's scale (issue 26), while the figures below survive it.
 *
 * <p>The night is aggregated once, in Spark, into its fine cells ({@link Grain}: intake year, origin prefecture, host
 * prefecture, registered poor, outcome class), each with its count and secret threshold. Each fine cell gets its fine
 * value from the rule, and every published count is the sum of the fine values its row and its condition select:
 * the rest is sums on the driver. A row is published when its {@code students} is not 0, so an absent row says what a
 * published 0 would. See docs/published-layer.md.
 */
public final class DesignedLayer {
    /** The published layer's folder under the output directory: {@code OUT/published/<table>/run_date=D/}. */
    public static final String DIR = "published";

    /** The audit found a published value that breaks the promise: nothing is published. */
    public static final class NotProven extends RuntimeException {
        public NotProven(String message) {
            super(message);
        }
    }

    /** The counts the designed layer publishes, each a sum of fine values. */
    public static final List<String> MEASURES =
            List.of("students", "registered_poor", "graduated", "employed", "employed_in_origin_province");

    private static final int STUDENTS = 0;
    private static final int POOR = 1;
    private static final int GRADUATED = 2;
    private static final int EMPLOYED = 3;
    private static final int HOME = 4;

    /** The designed tables, each under {@code OUT/published/<name>/}. */
    public enum Table {
        STUDENTS_BY_ORIGIN("students_by_origin"),
        STUDENTS_BY_HOST("students_by_host"),
        PROVINCE_FLOWS("province_flows"),
        PROVINCE_OUTCOMES("province_outcomes"),
        PAIRING_STUDENTS("pairing_students");

        private final String table;

        Table(String table) {
            this.table = table;
        }

        public String table() {
            return table;
        }
    }

    /** Outcome class: not graduated (enrolled, withdrawn, transferred). */
    public static final int NOT_GRADUATED = 0;
    /** Outcome class: graduated, not employed (further study, unemployed, not reported). */
    public static final int GRADUATED_NOT_EMPLOYED = 1;
    /** Outcome class: graduated and employed outside the origin province (or where it was not given). */
    public static final int EMPLOYED_ELSEWHERE = 2;
    /** Outcome class: graduated and employed in the origin province. */
    public static final int EMPLOYED_AT_HOME = 3;

    /** The outcome classes' names, by their number, as the contract names them. */
    public static final List<String> OUTCOME_CLASSES =
            List.of("not_graduated", "graduated_not_employed", "employed_elsewhere", "employed_at_home");

    /**
     * A fine cell: one intake year, origin prefecture and host prefecture (a prefecture not determined has its
     * {@code 34xxxx} code, as in the reports), registered poor or not, and outcome class, with its number of
     * enrollments {@code n} and the keyed hash its secret threshold comes from. Every accepted enrollment is in
     * exactly one.
     */
    public record Grain(
            int year,
            String originProvince,
            String originPrefecture,
            String hostProvince,
            String hostPrefecture,
            boolean registeredPoor,
            int outcome,
            long n,
            long hash) {
        public Grain {
            if (outcome < NOT_GRADUATED || outcome > EMPLOYED_AT_HOME) {
                throw new IllegalArgumentException("no outcome class " + outcome);
            }
        }

        /** Whether this fine cell's enrollments count in measure {@code m} (an index of {@link #MEASURES}). */
        boolean in(int m) {
            return switch (m) {
                case STUDENTS -> true;
                case POOR -> registeredPoor;
                case GRADUATED -> outcome != NOT_GRADUATED;
                case EMPLOYED -> outcome == EMPLOYED_ELSEWHERE || outcome == EMPLOYED_AT_HOME;
                case HOME -> outcome == EMPLOYED_AT_HOME;
                default -> throw new IllegalArgumentException("no measure " + m);
            };
        }
    }

    /** A region's name and display name, as the internal reports give them. */
    public record Region(String name, String display) {}

    /**
     * A pairing of the pairings file, as the internal {@code pairing_progress} report names it.
     *
     * @param hostLevel {@code province} or {@code prefecture}
     * @param target the pairing's target; null when none
     */
    public record Pairing(
            String hostCode,
            String hostName,
            String hostLevel,
            String originCode,
            String originName,
            String originLevel,
            Long target) {
        boolean covers(Grain g) {
            return (hostLevel.equals("province") ? g.hostProvince() : g.hostPrefecture()).equals(hostCode)
                    && (originLevel.equals("province") ? g.originProvince() : g.originPrefecture()).equals(originCode);
        }
    }

    private static final StructType SUMMARY = new StructType()
            .add("level", DataTypes.StringType, false)
            .add("region_code", DataTypes.StringType, false)
            .add("region_name", DataTypes.StringType, false)
            .add("region_display", DataTypes.StringType, false)
            .add("province_code", DataTypes.StringType, false)
            .add("intake_year", DataTypes.IntegerType, true)
            .add("students", DataTypes.LongType, false)
            .add("registered_poor", DataTypes.LongType, false)
            .add("registered_poor_share", DataTypes.DoubleType, true);

    private static final StructType FLOWS = new StructType()
            .add("intake_year", DataTypes.IntegerType, true)
            .add("origin_province_code", DataTypes.StringType, false)
            .add("origin_province_name", DataTypes.StringType, false)
            .add("host_province_code", DataTypes.StringType, false)
            .add("host_province_name", DataTypes.StringType, false)
            .add("students", DataTypes.LongType, false)
            .add("registered_poor", DataTypes.LongType, false)
            .add("registered_poor_share", DataTypes.DoubleType, true);

    private static final StructType OUTCOMES = new StructType()
            .add("intake_year", DataTypes.IntegerType, true)
            .add("origin_province_code", DataTypes.StringType, false)
            .add("origin_province_name", DataTypes.StringType, false)
            .add("host_province_code", DataTypes.StringType, true)
            .add("host_province_name", DataTypes.StringType, true)
            .add("students", DataTypes.LongType, false)
            .add("graduated", DataTypes.LongType, false)
            .add("employed", DataTypes.LongType, false)
            .add("employed_in_origin_province", DataTypes.LongType, false)
            .add("graduation_rate", DataTypes.DoubleType, true)
            .add("employment_rate", DataTypes.DoubleType, true)
            .add("return_home_rate", DataTypes.DoubleType, true);

    private static final StructType PAIRINGS = new StructType()
            .add("host_region_code", DataTypes.StringType, false)
            .add("host_region_name", DataTypes.StringType, false)
            .add("host_region_level", DataTypes.StringType, false)
            .add("origin_region_code", DataTypes.StringType, false)
            .add("origin_region_name", DataTypes.StringType, false)
            .add("origin_region_level", DataTypes.StringType, false)
            .add("intake_year", DataTypes.IntegerType, true)
            .add("students", DataTypes.LongType, false)
            .add("registered_poor", DataTypes.LongType, false)
            .add("target_students", DataTypes.LongType, true)
            .add("share_of_target", DataTypes.DoubleType, true);

    /** Each designed table's columns (without {@code run_date}). */
    public static StructType schema(Table t) {
        return switch (t) {
            case STUDENTS_BY_ORIGIN, STUDENTS_BY_HOST -> SUMMARY;
            case PROVINCE_FLOWS -> FLOWS;
            case PROVINCE_OUTCOMES -> OUTCOMES;
            case PAIRING_STUDENTS -> PAIRINGS;
        };
    }

    /** The count columns of a table, in {@link #MEASURES}' order of their index. */
    static int[] measures(Table t) {
        return switch (t) {
            case STUDENTS_BY_ORIGIN, STUDENTS_BY_HOST, PROVINCE_FLOWS, PAIRING_STUDENTS -> new int[] {STUDENTS, POOR};
            case PROVINCE_OUTCOMES -> new int[] {STUDENTS, GRADUATED, EMPLOYED, HOME};
        };
    }

    /**
     * The rates of a table: (column, numerator, denominator), each computed from the published counts (a numerator's
     * fine cells are a subset of its denominator's, so a rate of counts is never above 1).
     */
    static List<String[]> rates(Table t) {
        return switch (t) {
            case STUDENTS_BY_ORIGIN, STUDENTS_BY_HOST, PROVINCE_FLOWS ->
                List.<String[]>of(new String[] {"registered_poor_share", "registered_poor", "students"});
            case PROVINCE_OUTCOMES ->
                List.of(
                        new String[] {"graduation_rate", "graduated", "students"},
                        new String[] {"employment_rate", "employed", "graduated"},
                        new String[] {"return_home_rate", "employed_in_origin_province", "employed"});
            case PAIRING_STUDENTS -> List.<String[]>of(new String[] {"share_of_target", "students", "target_students"});
        };
    }

    /**
     * The utility of one level of one table: students in published rows against all, and for each count sdcTools'
     * {@code ck_cnt_measures}: mean absolute (d1), relative (d2) and square-root (d3) deviation over the cells with a
     * true count above 0, false zeros (true above 0, published 0 or the row absent) and false non-zeros (true 0,
     * published above 0: a count whose small fine cells drew k while another count of the row is not 0).
     */
    public record Utility(
            String table,
            String level,
            long students,
            long studentsPublished,
            long cells,
            Map<String, double[]> deviations,
            Map<String, Long> falseZeros,
            long falseNonZeros) {
        public double share() {
            return students == 0 ? 1.0 : (double) studentsPublished / students;
        }

        Map<String, Object> toManifest() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", table);
            m.put("level", level);
            m.put("students", students);
            m.put("students_in_published_rows", studentsPublished);
            m.put("students_published_share", round(share()));
            m.put("cells", cells);
            Map<String, Object> d = new LinkedHashMap<>();
            deviations.forEach((c, v) -> d.put(c, Map.of("d1", round(v[0]), "d2", round(v[1]), "d3", round(v[2]))));
            m.put("deviations", d);
            m.put("false_zeros", falseZeros);
            m.put("false_non_zeros", falseNonZeros);
            return m;
        }
    }

    /** The published rows of a table, and the true values behind them (kept for the audit and utility only). */
    public record Layer(Table table, StructType schema, List<Row> rows) {}

    /**
     * The designed layer of a night: its tables, their utility, the rule they were made with, and what the
     * audit checked (empty until {@link #audited}).
     */
    public record Result(Map<Table, Layer> tables, List<Utility> utility, Rule rule, Map<String, Object> audit) {
        /**
         * The designed layer of a night, audited by {@code DisclosureAudit} from its rows and the grain before it is
         * returned.
         *
         * @throws NotProven when the audit finds a value that breaks the promise
         */
        public static Result audited(
                List<Grain> grain,
                Map<String, Region> origin,
                Map<String, Region> host,
                List<Pairing> pairings,
                Rule rule) {
            return audited(grain, origin, host, pairings, rule, UnaryOperator.identity());
        }

        /**
         * As {@link #audited(List, Map, Map, List, Rule)}, with the rows changed by {@code beforeAudit} before the
         * audit (a test's way to make it refuse them); what is returned is what was audited.
         */
        public static Result audited(
                List<Grain> grain,
                Map<String, Region> origin,
                Map<String, Region> host,
                List<Pairing> pairings,
                Rule rule,
                UnaryOperator<Map<Table, List<Row>>> beforeAudit) {
            Result r = build(grain, origin, host, pairings, rule);
            Map<Table, List<Row>> rows = new LinkedHashMap<>();
            r.tables().forEach((t, layer) -> rows.put(t, layer.rows()));
            Map<Table, List<Row>> audited = beforeAudit.apply(rows);
            Map<String, Object> audit = DisclosureAudit.checkDesigned(audited, grain, rule);
            Map<Table, Layer> tables = new LinkedHashMap<>();
            r.tables().forEach((t, layer) -> tables.put(t, new Layer(t, layer.schema(), audited.get(t))));
            return new Result(tables, r.utility(), rule, audit);
        }

        /**
         * What each designed table's footer adds to the reports' ({@code ReportWriter.metadata}): k, the method and
         * the rule's parameters, so that a file read alone says how its values were made.
         */
        public Map<String, String> footer() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(ReportWriter.KEY_MIN_CELL_COUNT, String.valueOf(rule.k()));
            m.putAll(rule.footer());
            return m;
        }

        /** The utility per table and level, as the manifest records it. */
        public List<Object> utilityEntries() {
            List<Object> levels = new ArrayList<>();
            utility.forEach(u -> levels.add(u.toManifest()));
            return levels;
        }
    }

    private DesignedLayer() {}

    /**
     * The fine cells from enrollments_clean: one Spark aggregation, a count per fine cell, and each cell's keyed hash
     * from {@code hashes} (of its {@link AdditiveThreshold#coordinates}) on the driver. A
     * prefecture not determined gets the reports' {@code 34xxxx} code ({@link Regions#undeterminedPrefecture}); an
     * enrollment counts as employed at home when its employment province is its origin province.
     */
    public static List<Grain> grain(Dataset<Row> enrollmentsClean, java.util.function.ToLongFunction<String> hashes) {
        Map<String, Column> conditions = Counts.CONDITIONS;
        Column graduated = coalesce(conditions.get("graduated"), lit(false));
        Column employed = coalesce(conditions.get("employed"), lit(false));
        Column home = coalesce(conditions.get("employed_in_origin_province"), lit(false));
        Column outcome = when(graduated.and(employed).and(home), lit(EMPLOYED_AT_HOME))
                .when(graduated.and(employed), lit(EMPLOYED_ELSEWHERE))
                .when(graduated, lit(GRADUATED_NOT_EMPLOYED))
                .otherwise(lit(NOT_GRADUATED));
        Dataset<Row> g = enrollmentsClean
                .groupBy(
                        col("intake_year"),
                        col("origin_province_code"),
                        coalesce(
                                        col("origin_prefecture_code"),
                                        Regions.undeterminedPrefecture(col("origin_province_code")))
                                .as("origin_prefecture_code"),
                        col("host_province_code"),
                        coalesce(col("host_prefecture_code"), Regions.undeterminedPrefecture(col("host_province_code")))
                                .as("host_prefecture_code"),
                        coalesce(conditions.get("registered_poor"), lit(false)).as("registered_poor"),
                        outcome.as("outcome"))
                .agg(count(lit(1)).as("n"));
        List<Grain> out = new ArrayList<>();
        for (Row r : g.collectAsList()) {
            out.add(new Grain(
                    r.getInt(0),
                    r.getString(1),
                    r.getString(2),
                    r.getString(3),
                    r.getString(4),
                    r.getBoolean(5),
                    r.getInt(6),
                    r.getLong(7),
                    hashes.applyAsLong(AdditiveThreshold.coordinates(
                            r.getInt(0),
                            r.getString(2),
                            r.getString(4),
                            r.getBoolean(5),
                            OUTCOME_CLASSES.get(r.getInt(6))))));
        }
        return out;
    }

    /**
     * A row's identity in a table and, per measure, the sums over the fine cells it selects: true counts {@code n},
     * published counts {@code v} (the sum of fine values).
     */
    private record Cell(List<Object> key, long[] n, long[] v) {}

    /**
     * The designed layer of a night.
     *
     * @param origin names of origin provinces and prefectures by code; {@code host} the same for host regions
     * @param pairings the pairings (their rows per year and cumulative are published)
     */
    public static Result build(
            List<Grain> grain,
            Map<String, Region> origin,
            Map<String, Region> host,
            List<Pairing> pairings,
            Rule rule) {
        Map<Table, Layer> tables = new LinkedHashMap<>();
        List<Utility> utility = new ArrayList<>();
        long[] fine = new long[grain.size()];
        for (int i = 0; i < fine.length; i++) {
            Grain g = grain.get(i);
            fine[i] = rule.fineValue(g.n(), g.hash());
        }
        for (Table t : Table.values()) {
            Map<List<Object>, Cell> cells = aggregate(t, grain, fine, pairings);
            List<Row> rows = new ArrayList<>();
            Map<String, Utility> levels = new LinkedHashMap<>();
            Map<String, List<Cell>> byLevel = new LinkedHashMap<>();
            for (Cell c : cells.values()) {
                byLevel.computeIfAbsent(level(t, c.key()), l -> new ArrayList<>())
                        .add(c);
                long[] v = c.v();
                if (shown(t, c.key(), v)) {
                    rows.add(row(t, c.key(), v, origin, host, pairings));
                }
            }
            byLevel.forEach((level, cs) -> levels.put(level, utility(t, level, cs)));
            utility.addAll(levels.values());
            tables.put(t, new Layer(t, schema(t), rows));
        }
        return new Result(tables, utility, rule, Map.of());
    }

    /**
     * Whether a row is published: when its {@code students} is not 0, and a pairing's all-years row always (so that
     * its presence says nothing; a pairing's year row shown at 0 would say "1 to k-1 students").
     */
    static boolean shown(Table t, List<Object> key, long[] v) {
        return v[STUDENTS] > 0 || (t == Table.PAIRING_STUDENTS && key.get(key.size() - 1) == null);
    }

    /** Fine value of each fine cell (by its index in {@code grain}) summed into the table's rows, sorted. */
    private static Map<List<Object>, Cell> aggregate(Table t, List<Grain> grain, long[] fine, List<Pairing> pairings) {
        Map<List<Object>, Cell> cells = new HashMap<>();
        for (int i = 0; i < fine.length; i++) {
            Grain g = grain.get(i);
            for (List<Object> key : keys(t, g, pairings)) {
                Cell c = cells.computeIfAbsent(
                        key, k -> new Cell(k, new long[MEASURES.size()], new long[MEASURES.size()]));
                for (int m = 0; m < MEASURES.size(); m++) {
                    if (g.in(m)) {
                        c.n()[m] += g.n();
                        c.v()[m] += fine[i];
                    }
                }
            }
        }
        if (t == Table.PAIRING_STUDENTS) { // every pairing's cumulative row, with 0 students when it has none yet
            for (int p = 0; p < pairings.size(); p++) {
                cells.computeIfAbsent(
                        Arrays.asList(p, null), k -> new Cell(k, new long[MEASURES.size()], new long[MEASURES.size()]));
            }
        }
        Map<List<Object>, Cell> sorted = new TreeMap<>(KEY_ORDER);
        sorted.putAll(cells);
        return sorted;
    }

    /** Nulls (all years, all host provinces) first, then natural order, element by element. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<List<Object>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (Objects.equals(x, y)) {
                continue;
            }
            if (x == null) {
                return -1;
            }
            if (y == null) {
                return 1;
            }
            return ((Comparable) x).compareTo(y);
        }
        return Integer.compare(a.size(), b.size());
    };

    /** The rows of table {@code t} a grain cell counts in. */
    private static List<List<Object>> keys(Table t, Grain g, List<Pairing> pairings) {
        Integer y = g.year();
        return switch (t) {
            case STUDENTS_BY_ORIGIN -> summaryKeys(g.originProvince(), g.originPrefecture(), y);
            case STUDENTS_BY_HOST -> summaryKeys(g.hostProvince(), g.hostPrefecture(), y);
            case PROVINCE_FLOWS ->
                List.of(
                        Arrays.asList(g.originProvince(), g.hostProvince(), null),
                        Arrays.asList(g.originProvince(), g.hostProvince(), y));
            case PROVINCE_OUTCOMES ->
                List.of(
                        Arrays.asList(g.originProvince(), null, null),
                        Arrays.asList(g.originProvince(), null, y),
                        Arrays.asList(g.originProvince(), g.hostProvince(), null),
                        Arrays.asList(g.originProvince(), g.hostProvince(), y));
            case PAIRING_STUDENTS -> {
                List<List<Object>> ks = new ArrayList<>();
                for (int p = 0; p < pairings.size(); p++) {
                    if (pairings.get(p).covers(g)) {
                        ks.add(Arrays.asList(p, null));
                        ks.add(Arrays.asList(p, y));
                    }
                }
                yield ks;
            }
        };
    }

    private static List<List<Object>> summaryKeys(String province, String prefecture, Integer year) {
        return List.of(
                Arrays.asList("province", province, null),
                Arrays.asList("province", province, year),
                Arrays.asList("prefecture", prefecture, null),
                Arrays.asList("prefecture", prefecture, year));
    }

    /** The level a row belongs to, for the utility: e.g. {@code prefecture, per year}. */
    private static String level(Table t, List<Object> key) {
        boolean allYears = key.get(key.size() - 1) == null;
        String years = allYears ? "all years" : "per year";
        return switch (t) {
            case STUDENTS_BY_ORIGIN, STUDENTS_BY_HOST -> key.get(0) + ", " + years;
            case PROVINCE_OUTCOMES -> (key.get(1) == null ? "origin province" : "province pair") + ", " + years;
            default -> years;
        };
    }

    private static Row row(
            Table t,
            List<Object> key,
            long[] v,
            Map<String, Region> origin,
            Map<String, Region> host,
            List<Pairing> pairings) {
        Object[] f = switch (t) {
            case STUDENTS_BY_ORIGIN, STUDENTS_BY_HOST -> {
                Map<String, Region> names = t == Table.STUDENTS_BY_ORIGIN ? origin : host;
                String code = (String) key.get(1);
                Region r = region(names, code);
                yield new Object[] {
                    key.get(0),
                    code,
                    r.name(),
                    r.display(),
                    code.substring(0, 2) + "0000",
                    key.get(2),
                    v[STUDENTS],
                    v[POOR],
                    rate(v[POOR], v[STUDENTS])
                };
            }
            case PROVINCE_FLOWS -> {
                String o = (String) key.get(0);
                String h = (String) key.get(1);
                yield new Object[] {
                    key.get(2),
                    o,
                    region(origin, o).name(),
                    h,
                    region(host, h).name(),
                    v[STUDENTS],
                    v[POOR],
                    rate(v[POOR], v[STUDENTS])
                };
            }
            case PROVINCE_OUTCOMES -> {
                String o = (String) key.get(0);
                String h = (String) key.get(1);
                yield new Object[] {
                    key.get(2),
                    o,
                    region(origin, o).name(),
                    h,
                    h == null ? null : region(host, h).name(),
                    v[STUDENTS],
                    v[GRADUATED],
                    v[EMPLOYED],
                    v[HOME],
                    rate(v[GRADUATED], v[STUDENTS]),
                    rate(v[EMPLOYED], v[GRADUATED]),
                    rate(v[HOME], v[EMPLOYED])
                };
            }
            case PAIRING_STUDENTS -> {
                Pairing p = pairings.get((Integer) key.get(0));
                Double share = p.target() == null ? null : shareOfTarget(v[STUDENTS], p.target());
                yield new Object[] {
                    p.hostCode(),
                    p.hostName(),
                    p.hostLevel(),
                    p.originCode(),
                    p.originName(),
                    p.originLevel(),
                    key.get(1),
                    v[STUDENTS],
                    v[POOR],
                    p.target(),
                    share
                };
            }
        };
        return new GenericRowWithSchema(f, schema(t));
    }

    private static Region region(Map<String, Region> names, String code) {
        Region r = names.get(code);
        return r != null ? r : new Region(code, code); // never expected: the internal reports name every region
    }

    /** A rate of two published counts: null when the denominator is 0. */
    static Double rate(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    /**
     * A pairing's published students over its target (public and exact): null when the target is 0, above 1 when it
     * is exceeded (not capped: the target is exact).
     */
    static Double shareOfTarget(long students, long target) {
        return target == 0 ? null : (double) students / target;
    }

    private static Utility utility(Table t, String level, List<Cell> cells) {
        long students = 0;
        long shown = 0;
        long falseNonZeros = 0;
        Map<String, double[]> dev = new LinkedHashMap<>();
        Map<String, Long> falseZeros = new LinkedHashMap<>();
        int[] ms = measures(t);
        double[][] sums = new double[ms.length][3];
        long[] positive = new long[ms.length];
        long[] fz = new long[ms.length];
        for (Cell c : cells) {
            long[] v = c.v();
            boolean rowShown = shown(t, c.key(), v);
            students += c.n()[STUDENTS];
            shown += rowShown ? c.n()[STUDENTS] : 0;
            for (int i = 0; i < ms.length; i++) {
                long n = c.n()[ms[i]];
                long p = rowShown ? v[ms[i]] : 0;
                if (n > 0) {
                    positive[i]++;
                    sums[i][0] += Math.abs(p - n);
                    sums[i][1] += Math.abs(p - n) / (double) n;
                    sums[i][2] += Math.abs(Math.sqrt(p) - Math.sqrt(n));
                    fz[i] += p == 0 ? 1 : 0;
                } else if (p > 0) {
                    falseNonZeros++;
                }
            }
        }
        for (int i = 0; i < ms.length; i++) {
            long d = Math.max(1, positive[i]);
            dev.put(MEASURES.get(ms[i]), new double[] {sums[i][0] / d, sums[i][1] / d, sums[i][2] / d});
            falseZeros.put(MEASURES.get(ms[i]), fz[i]);
        }
        return new Utility(t.table(), level, students, shown, cells.size(), dev, falseZeros, falseNonZeros);
    }

    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }

    /** Names of regions by code from a summary report's rows (levels province and prefecture). */
    public static Map<String, Region> regions(List<Row> summaryRows) {
        Map<String, Region> m = new HashMap<>();
        for (Row r : summaryRows) {
            String level = r.getAs("level");
            if (level.equals("province") || level.equals("prefecture")) {
                m.putIfAbsent(r.getAs("region_code"), new Region(r.getAs("region_name"), r.getAs("region_display")));
            }
        }
        return m;
    }

    /** The pairings from the internal pairing_progress rows (their cumulative rows, one per pairing). */
    public static List<Pairing> pairings(List<Row> pairingProgressRows) {
        List<Pairing> out = new ArrayList<>();
        for (Row r : pairingProgressRows) {
            if (r.isNullAt(r.fieldIndex("intake_year"))) {
                out.add(new Pairing(
                        r.getAs("host_region_code"),
                        r.getAs("host_region_name"),
                        r.getAs("host_region_level"),
                        r.getAs("origin_region_code"),
                        r.getAs("origin_region_name"),
                        r.getAs("origin_region_level"),
                        r.getAs("target_students")));
            }
        }
        return out;
    }
}
