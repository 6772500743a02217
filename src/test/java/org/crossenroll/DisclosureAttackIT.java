package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.assertj.core.api.SoftAssertions;
import org.crossenroll.disclosure.AdditiveThreshold;
import org.crossenroll.disclosure.DesignedLayer;
import org.crossenroll.reference.Pairings;
import org.crossenroll.report.Report;
import org.crossenroll.report.Reports;
import org.crossenroll.testing.HandTables;
import org.crossenroll.testing.NightGenerator;
import org.crossenroll.testing.PropertyNights;
import org.crossenroll.testing.PythonEnv;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Published layers built by {@link DesignedLayer} from generated enrollments, for k = 3, 5, 10, 20, attacked from
 * outside (see {@link DisclosureAttackTest}); in the integration phase, for its Spark builds.
 *
 * <p>The attacker, src/test/python/cellkey_attack.py, is written from the documentation only (docs/published-layer.md,
 * the contract of the additive threshold method) and is called as {@code cellkey_attack.py --output OUT --run-date D
 * [--previous-run-date D0 ...] --k K --json FILE}: OUT is an output directory in the job's layout (the published layer
 * under {@code OUT/published/<table>/run_date=D/}, each one Parquet file with the layer's footer: k in
 * {@code crossenroll.min_cell_count}, {@code crossenroll.protection} = {@code additive_threshold}), each earlier night under the same OUT, the unchanged cells tied from
 * one night to the next. Its exit code is 0 (nothing found beyond the guarantee), 1 (a count of 1..k-1 shown small or
 * pinned) or 2 (a usage or data error, such as a footer it does not know); FILE gets its results as JSON
 * ({@code cells_attacked}, {@code shown_small}, {@code pinned}, {@code published_small}, {@code cells_narrowed},
 * {@code seconds}, ...).
 */
public class DisclosureAttackIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String RUN_DATE = "2024-06-30";
    private static final long[] KS = {3, 5, 10, 20};
    /** The attacker of the published layer, run through its command line. */
    public static final String ATTACKER = "src/test/python/cellkey_attack.py";

    @TempDir
    static Path tmp;

    /** What the attacker said: its exit code, its printed summary and its JSON results. */
    public record Attack(int exitCode, String text, JsonNode result) {
        public long get(String field) {
            return result.path(field).asLong(-1);
        }

        /**
         * It attacked some counts, showed none small nor pinned any, and exited 0. Against the additive methods its
         * {@code targets} are the counts it bounded (most by witnesses, without a linear program: then
         * {@code cells_attacked}, those it solved for, can be 0).
         */
        public void assertFoundNothing() {
            assertThat(exitCode).as(describe()).isZero();
            assertThat(result.has("targets") ? get("targets") : get("cells_attacked"))
                    .as(describe())
                    .isPositive();
            assertThat(get("shown_small")).as(describe()).isZero();
            assertThat(get("pinned")).as(describe()).isZero();
            assertThat(result.path("published_small").size()).as(describe()).isZero();
        }

        public String describe() {
            return "exit " + exitCode + "; cellkey_attack.py said:\n" + text;
        }
    }

    /**
     * Attacks the published layer of night {@code runDate} under {@code output}, with the earlier nights
     * {@code previousRunDates} (oldest first) under the same output tied to it.
     */
    public static Attack attack(Path output, String runDate, long k, String name, String... previousRunDates)
            throws IOException, InterruptedException {
        Path project = TestSpark.projectDir();
        // Under target/, not the system's temporary directory: a test leaves nothing behind on the machine.
        Path json = Files.createDirectories(project.resolve("target/attacks")).resolve(name + "-" + runDate + ".json");
        Files.deleteIfExists(json);
        List<String> command = new ArrayList<>(List.of(
                PythonEnv.python().toString(),
                project.resolve(ATTACKER).toString(),
                "--output",
                output.toString(),
                "--run-date",
                runDate));
        for (String previous : previousRunDates) {
            command.addAll(List.of("--previous-run-date", previous));
        }
        command.addAll(List.of("--k", String.valueOf(k), "--json", json.toString()));
        PythonEnv.Child.Output run = PythonEnv.Child.run(command, Map.of());
        assertThat(run.exitCode()).as("a data or usage error:%n%s", run.text()).isIn(0, 1);
        assertThat(json).as(run.text()).exists();
        return new Attack(run.exitCode(), run.text(), JSON.readTree(json.toFile()));
    }

    /**
     * One generated set by default, for the suite's time (the sample's layer and CodeHistoryJobTest's are attacked
     * too); -Dcrossenroll.attackSeeds=20261129,424242,... tries more (424242: 4 origin, 10 host schools).
     */
    static LongStream seeds() {
        return Stream.of(System.getProperty("crossenroll.attackSeeds", "20261129")
                        .split(","))
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theAttackerFindsNothingInLayersBuiltFromGeneratedEnrollments(long seed) throws Exception {
        SparkSession spark = TestSpark.session();
        long t0 = System.nanoTime();
        Generated g = generate(seed);
        Dataset<Row> enrollments = spark.createDataFrame(g.enrollments(), HandTables.ENROLLMENT);
        Dataset<Row> fine =
                Reports.fineGrain(enrollments, HandTables.QUALIFIED).persist(StorageLevel.MEMORY_AND_DISK());
        Map<Report, HandTables.Table> tables = new LinkedHashMap<>();
        try {
            Map<Report, Dataset<Row>> reports =
                    Reports.all(fine, Pairings.dataset(spark, g.pairings()), HandTables.QUALIFIED);
            reports.forEach((r, ds) -> tables.put(r, new HandTables.Table(ds.schema(), ds.collectAsList())));
        } finally {
            fine.unpersist();
        }
        // the fine cells and their counts; a cell's threshold comes from its coordinates alone (no record key)
        List<DesignedLayer.Grain> grain = DesignedLayer.grain(enrollments, PropertyNights::thresholdHash);
        String what = "seed " + seed + " (" + g.enrollments().size() + " enrollments, " + g.description() + ")";
        System.out.printf("[DisclosureAttackIT] %s: reports built in %.1f s%n", what, (System.nanoTime() - t0) / 1e9);

        SoftAssertions soft = new SoftAssertions();
        for (long k : KS) {
            DesignedLayer.Result layer;
            long t1 = System.nanoTime();
            try {
                layer = build(tables, grain, k);
            } catch (RuntimeException e) {
                soft.fail("%s, k = %d: DesignedLayer threw %s", what, k, e);
                continue;
            }
            soft.assertThat(String.valueOf(layer.audit().get("status")))
                    .as("%s, k = %d: audit %s", what, k, layer.audit())
                    .isEqualTo("passed");
            // a cluster collects the grain in another order than local mode: the layer must not change with it
            List<DesignedLayer.Grain> shuffled = new ArrayList<>(grain);
            java.util.Collections.shuffle(shuffled, new Random(seed + k));
            DesignedLayer.Result again = build(tables, shuffled, k);
            for (DesignedLayer.Table t : DesignedLayer.Table.values()) {
                soft.assertThat(again.tables().get(t).rows())
                        .as("%s, k = %d, %s with the grain shuffled", what, k, t.table())
                        .isEqualTo(layer.tables().get(t).rows());
            }
            double buildSeconds = (System.nanoTime() - t1) / 1e9;
            Path out = tmp.resolve("generated-" + seed + "-k" + k);
            PropertyNights.writeLayers(
                    out, RUN_DATE, tables, layer, spark.sparkContext().hadoopConfiguration());
            Attack a = attack(out, RUN_DATE, k, seed + "-k" + k);
            String as = what + ", k = " + k + ": " + a.describe();
            soft.assertThat(a.exitCode()).as(as).isZero();
            soft.assertThat(a.get("shown_small")).as(as).isZero();
            soft.assertThat(a.get("pinned")).as(as).isZero();
            System.out.printf(
                    "[DisclosureAttackIT] seed %d, k = %d: %d published rows (build %.1f s); attacker: %d "
                            + "attacked, %d shown small, %d pinned (its LP %.1f s)%n",
                    seed,
                    k,
                    layer.tables().values().stream()
                            .mapToLong(l -> l.rows().size())
                            .sum(),
                    buildSeconds,
                    a.get("cells_attacked"),
                    a.get("shown_small"),
                    a.get("pinned"),
                    a.result().path("seconds").asDouble());
        }
        soft.assertAll();
    }

    /** The published layer of the reports and grain, audited, as the job builds it. */
    private static DesignedLayer.Result build(
            Map<Report, HandTables.Table> tables, List<DesignedLayer.Grain> grain, long k) {
        return DesignedLayer.Result.audited(
                grain,
                DesignedLayer.regions(tables.get(Report.ORIGIN_SUMMARY).rows()),
                DesignedLayer.regions(tables.get(Report.HOST_SUMMARY).rows()),
                DesignedLayer.pairings(tables.get(Report.PAIRING_PROGRESS).rows()),
                new AdditiveThreshold.Rule(k));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Generated enrollments
    // -------------------------------------------------------------------------------------------------------------

    private static final String[][] ORIGIN_PROVINCES = {
        {"530000", "云南省"}, {"520000", "贵州省"}, {"620000", "甘肃省"}, {"630000", "青海省"}
    };
    private static final String[][] HOST_PROVINCES = {
        {"320000", "江苏省"}, {"310000", "上海市"}, {"330000", "浙江省"}, {"440000", "广东省"}
    };
    /** Neither an origin nor a host province of any generated set: "employed elsewhere". */
    private static final String[] ELSEWHERE = {"110000", "120000"};

    record Generated(List<Row> enrollments, List<Row> pairings, String description) {}

    /** An origin county with its school names, or a host school with its county. */
    private record Place(
            String provinceCode,
            String provinceName,
            String prefectureCode,
            String prefectureName,
            String countyCode,
            String countyName,
            String school,
            String schoolName) {}

    /** Weights 1/rank^s in a random order: a few large places, many small ones. */
    private static double[] skewed(Random rnd, int n, double s) {
        List<Double> w = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            w.add(1 / Math.pow(i, s));
        }
        java.util.Collections.shuffle(w, rnd);
        return w.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static int pick(Random rnd, double[] weights) {
        return NightGenerator.pick(rnd, weights);
    }

    private static List<Place> places(
            Random rnd,
            String[][] provinces,
            int nProvinces,
            int maxPrefectures,
            int maxCounties,
            int maxSchools,
            boolean host) {
        List<Place> out = new ArrayList<>();
        for (int p = 0; p < nProvinces; p++) {
            String pc = provinces[p][0];
            int prefectures = 1 + rnd.nextInt(maxPrefectures);
            for (int f = 1; f <= prefectures; f++) {
                String fc = pc.substring(0, 2) + String.format("%02d", f) + "00";
                int counties = 1 + rnd.nextInt(maxCounties);
                for (int c = 1; c <= counties; c++) {
                    String cc = fc.substring(0, 4) + String.format("%02d", c + (host ? 10 : 20));
                    int schools = 1 + rnd.nextInt(maxSchools);
                    for (int s = 1; s <= schools; s++) {
                        String school = host ? "4" + cc + String.format("%03d", s) : "第" + s + "中学";
                        out.add(new Place(
                                pc,
                                provinces[p][1],
                                fc,
                                provinces[p][1] + f + "市",
                                cc,
                                fc + "县" + c,
                                school,
                                host ? "职校" + cc + "-" + s : null));
                    }
                }
            }
        }
        return out;
    }

    static Generated generate(long seed) {
        Random rnd = new Random(seed);
        // Small geographies: the attacker's LPs grow fast with the places (and k), and the class has ~90 s.
        int nOrigin = 2;
        int nHost = 2;
        List<Place> origins = places(rnd, ORIGIN_PROVINCES, nOrigin, 2, 2, 2, false);
        List<Place> hosts = places(rnd, HOST_PROVINCES, nHost, 2, 2, 2, true);
        double[] originWeights = skewed(rnd, origins.size(), 1.1);
        double[] hostWeights = skewed(rnd, hosts.size(), 1.1);
        int[] years = {2019, 2020, 2021};
        int nYears = 2 + rnd.nextInt(2);
        double[] yearWeights = skewed(rnd, nYears, 0.7);
        String[] schemes = {"东西协作", "对口支援"};
        double[] schemeWeights = {0.8, 0.2};
        // Each origin province sends most of its students to one host province.
        int[] preferredHost = new int[nOrigin];
        for (int i = 0; i < nOrigin; i++) {
            preferredHost[i] = rnd.nextInt(nHost);
        }
        double female = 0.3 + 0.3 * rnd.nextDouble();
        double minority = 0.05 + 0.6 * rnd.nextDouble();
        double poor = 0.5 + 0.47 * rnd.nextDouble(); // often most: small "students - registered_poor"
        double lhs = 0.05 + 0.35 * rnd.nextDouble();
        double[] statusWeights = {
            0.2 + rnd.nextDouble(), 0.2 + rnd.nextDouble(), 0.1 * rnd.nextDouble() + 0.02, 0.1 * rnd.nextDouble() + 0.02
        };
        String[] statuses = {"ENROLLED", "GRADUATED", "WITHDRAWN", "TRANSFERRED"};
        int n = 300 + rnd.nextInt(1700);

        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Place o = origins.get(pick(rnd, originWeights));
            int originProvince =
                    List.of(ORIGIN_PROVINCES).stream().map(a -> a[0]).toList().indexOf(o.provinceCode());
            Place h;
            if (rnd.nextDouble() < 0.8) {
                String hostProvince = HOST_PROVINCES[preferredHost[originProvince]][0];
                double[] w = hostWeights.clone();
                for (int j = 0; j < w.length; j++) {
                    if (!hosts.get(j).provinceCode().equals(hostProvince)) {
                        w[j] = 0;
                    }
                }
                h = hosts.get(pick(rnd, w));
            } else {
                h = hosts.get(pick(rnd, hostWeights));
            }
            String status = statuses[pick(rnd, statusWeights)];
            String employment = null;
            String employmentProvince = null;
            if (status.equals("GRADUATED")) {
                double e = rnd.nextDouble();
                employment = e < 0.65 ? "EMPLOYED" : e < 0.85 ? "FURTHER_STUDY" : "UNEMPLOYED";
                if (employment.equals("EMPLOYED")) {
                    double where = rnd.nextDouble();
                    employmentProvince = where < 0.45
                            ? o.provinceCode()
                            : where < 0.85 ? h.provinceCode() : ELSEWHERE[rnd.nextInt(ELSEWHERE.length)];
                }
            }
            rows.add(RowFactory.create(
                    years[pick(rnd, yearWeights)],
                    schemes[pick(rnd, schemeWeights)],
                    o.provinceCode(),
                    o.provinceName(),
                    o.prefectureCode(),
                    o.prefectureName(),
                    o.countyCode(),
                    o.countyName(),
                    o.school(),
                    h.provinceCode(),
                    h.provinceName(),
                    h.prefectureCode(),
                    h.prefectureName(),
                    h.countyCode(),
                    h.countyName(),
                    h.school(),
                    h.schoolName(),
                    rnd.nextDouble() < female ? "F" : "M",
                    rnd.nextDouble() < minority,
                    rnd.nextDouble() < poor,
                    rnd.nextDouble() < lhs,
                    status,
                    employment,
                    employmentProvince));
        }

        // Pairings: province <- province, an overlapping prefecture <- prefecture inside it, province <- prefecture
        // without a target, and one with no students at all.
        Place o0 = origins.get(0);
        Place h0 = hosts.stream()
                .filter(p -> p.provinceCode().equals(HOST_PROVINCES[preferredHost[0]][0]))
                .findFirst()
                .orElseThrow();
        Place oLast = origins.get(origins.size() - 1);
        Place hLast = hosts.get(hosts.size() - 1);
        List<Row> pairings = List.of(
                RowFactory.create(
                        h0.provinceCode(),
                        h0.provinceName(),
                        "province",
                        o0.provinceCode(),
                        o0.provinceName(),
                        "province",
                        400L),
                RowFactory.create(
                        h0.prefectureCode(),
                        h0.prefectureName(),
                        "prefecture",
                        o0.prefectureCode(),
                        o0.prefectureName(),
                        "prefecture",
                        60L),
                RowFactory.create(
                        hLast.provinceCode(),
                        hLast.provinceName(),
                        "province",
                        oLast.prefectureCode(),
                        oLast.prefectureName(),
                        "prefecture",
                        null),
                RowFactory.create(
                        HOST_PROVINCES[3][0], HOST_PROVINCES[3][1], "province", "640000", "宁夏回族自治区", "province", 5L));
        String description = origins.size() + " origin schools in " + nOrigin + " provinces, " + hosts.size()
                + " host schools in " + nHost + " provinces, " + nYears + " years";
        return new Generated(rows, pairings, description);
    }
}
