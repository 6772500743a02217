package org.crossenroll.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.testing.HandTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shapes the outside audit found, worked by hand on small tables built by the real reports: each attack is the
 * reader's own arithmetic on published values, written out here, and must no longer give the count away.
 */
class HandWorkedShapesTest {
    private static final long K = 10;
    private static HandTables.Built built;
    private static PublishedLayer.Layers layers;

    /** The three shapes lie in separate regions, so one set of tables (one Spark build) holds them all. */
    @BeforeAll
    static void build() {
        HandTables t = new HandTables();
        zhongwei(t);
        // 怒江
        t.add(8, 2018, "533301", "440402", "4440402001", "ENROLLED", true)
                .add(74, 2018, "532901", "320115", "4320115001", "ENROLLED", true)
                .add(126, 2018, "530102", "310104", "4310104001", "ENROLLED", true)
                .add(30, 2018, "513401", "440402", "4440402001", "ENROLLED", true);
        // the complement
        t.add(41, 2019, "532901", "330102", "4330102001", "ENROLLED", true)
                .add(6, 2019, "532901", "330102", "4330102001", "ENROLLED", false)
                .add(60, 2019, "532901", "330102", "4330102002", "ENROLLED", true);
        built = t.build();
        layers = PublishedLayer.build(built.reports(), built.units(), K);
    }

    /**
     * 中卫: all of a prefecture's 2018 students study in one host province, so its origin_summary row and its outcomes
     * row are sums of the same flows rows. Hiding graduated in the origin row (and the flows parts) passes every sum
     * on its own, yet graduated = outcomes.graduated, and then withdrawn = students - enrolled - graduated -
     * transferred = 30 - 19 - 10 - 0 = 1: a single child.
     */
    @Test
    void zhongweiLinkedPairIsRejectedByTheAuditAndProtectedByTheLayer() {
        // the reports a reader combines here, restricted to the shape (Ningxia's students)
        Map<Report, List<Row>> internal = new LinkedHashMap<>();
        for (Report r : List.of(Report.FLOWS, Report.ORIGIN_SUMMARY, Report.OUTCOMES)) {
            internal.put(
                    r,
                    built.rows().get(r).stream()
                            .filter(HandWorkedShapesTest::ningxia)
                            .toList());
        }
        // the internal values, by hand
        Row origin = row(internal, Report.ORIGIN_SUMMARY, "prefecture", "640500", 2018);
        assertThat(List.of(
                        origin.getAs("students"),
                        origin.getAs("enrolled"),
                        origin.getAs("graduated"),
                        origin.getAs("withdrawn"),
                        origin.getAs("transferred")))
                .isEqualTo(List.of(30L, 19L, 10L, 1L, 0L));
        Row outcome = row(internal, Report.OUTCOMES, 2018, "640500", "350000");
        assertThat((Long) outcome.getAs("graduated")).isEqualTo(10L);

        // The sum-by-sum pattern: every count of 1..9 withheld, and a second cell in every sum that had one alone.
        Map<Report, List<Row>> sumBySum = withhold(
                internal,
                Map.of(
                        Report.FLOWS, Set.of("graduated", "enrolled", "withdrawn"),
                        Report.ORIGIN_SUMMARY, Set.of("graduated", "withdrawn"),
                        Report.OUTCOMES, Set.of("withdrawn")));
        Row shown = row(sumBySum, Report.ORIGIN_SUMMARY, "prefecture", "640500", 2018);
        Row shownOutcome = row(sumBySum, Report.OUTCOMES, 2018, "640500", "350000");
        long recovered = (Long) shown.getAs("students")
                - (Long) shown.getAs("enrolled")
                - (Long) shownOutcome.getAs("graduated")
                - (Long) shown.getAs("transferred");
        assertThat(recovered)
                .as("the reader's arithmetic on the sum-by-sum layer")
                .isEqualTo(1L);
        Map<Report, StructType> schemas = new LinkedHashMap<>();
        internal.keySet().forEach(r -> schemas.put(r, built.reports().get(r).schema()));
        assertThatThrownBy(() -> DisclosureAudit.check(internal, schemas, sumBySum, List.of(), K))
                .hasMessageContaining("the disclosure audit of the published layer failed")
                .hasMessageContaining("narrowed by a reader");

        // The layer the job publishes: one of the four published values of the arithmetic is withheld.
        Row published = row(layers, Report.ORIGIN_SUMMARY, "prefecture", "640500", 2018);
        Row publishedOutcome = row(layers, Report.OUTCOMES, 2018, "640500", "350000");
        assertThat(published.isNullAt(published.fieldIndex("withdrawn"))).isTrue();
        assertThat(Arrays.asList(
                        published.getAs("students"),
                        published.getAs("enrolled"),
                        publishedOutcome.getAs("graduated"),
                        published.getAs("transferred")))
                .containsNull();
        assertThat(layers.audit()).containsEntry("status", "passed");
    }

    /**
     * 怒江: Yunnan's 2018 students go to Jiangsu (74), Shanghai 310100 (126) and, from 怒江, 8 to Zhuhai 440400, which
     * also takes 30 from Sichuan. flows (2018, 533300 -> 440400) = origin_summary province 530000 (208) -
     * host_summary province 320000 (74) - host_summary prefecture 310100 (126) = 8.
     */
    @Test
    void nujiangCellIsNotTheDifferenceOfPublishedProvinceRows() {
        assertThat((Long) row(built.rows(), Report.ORIGIN_SUMMARY, "province", "530000", 2018)
                        .getAs("students"))
                .isEqualTo(208L);
        Row flow = layers.byReport().get(Report.FLOWS).rows().stream()
                .filter(r -> "533300".equals(r.getAs("origin_prefecture_code")))
                .findFirst()
                .orElseThrow();
        assertThat(flow.isNullAt(flow.fieldIndex("students"))).isTrue();
        assertThat(Arrays.asList(
                        row(layers, Report.ORIGIN_SUMMARY, "province", "530000", 2018)
                                .getAs("students"),
                        row(layers, Report.HOST_SUMMARY, "province", "320000", null, 2018)
                                .getAs("students"),
                        row(layers, Report.HOST_SUMMARY, "prefecture", "310100", null, 2018)
                                .getAs("students")))
                .as("208 - 74 - 126 must not be computable")
                .containsNull();
    }

    /** A school with 47 students of whom 41 are registered poor shows 6 who are not: a complement of 1..k-1. */
    @Test
    void complementOfASplitIsProtected() {
        for (Integer year : Arrays.asList(2019, null)) {
            Row school = row(layers, Report.HOST_SUMMARY, "school", "4330102001", "330102", year);
            assertThat(Arrays.asList(school.getAs("students"), school.getAs("registered_poor")))
                    .as("47 - 41 must not be computable (%s)", year)
                    .containsNull();
        }
        // the county (107 students, 101 poor) shows 6 not poor too
        Row county = row(layers, Report.HOST_SUMMARY, "county", "330102", "330102", 2019);
        assertThat(Arrays.asList(county.getAs("students"), county.getAs("registered_poor")))
                .containsNull();
        assertThat(layers.audit()).containsEntry("status", "passed");
    }

    private static boolean ningxia(Row r) {
        for (String column : List.of("origin_province_code", "province_code")) {
            if (Arrays.asList(r.schema().fieldNames()).contains(column) && "640000".equals(r.getAs(column))) {
                return true;
            }
        }
        return false;
    }

    static void zhongwei(HandTables t) {
        t.add(10, 2018, "640502", "350102", "4350102001", "ENROLLED", false)
                .add(5, 2018, "640502", "350102", "4350102001", "GRADUATED", false)
                .add(9, 2018, "640502", "350203", "4350203001", "ENROLLED", false)
                .add(5, 2018, "640502", "350203", "4350203001", "GRADUATED", false)
                .add(1, 2018, "640502", "350203", "4350203001", "WITHDRAWN", false);
    }

    /** The rows with the given counts withheld wherever they are 1..k-1 or listed, flags and rates following. */
    private static Map<Report, List<Row>> withhold(Map<Report, List<Row>> internal, Map<Report, Set<String>> columns) {
        Map<Report, List<Row>> out = new LinkedHashMap<>();
        internal.forEach((report, rows) -> {
            ReportSpec spec = ReportSpec.of(report);
            List<Row> published = new ArrayList<>();
            for (Row r : rows) {
                StructType schema = r.schema();
                for (String f : spec.flagged()) {
                    schema = schema.add(f + PublishedLayer.FLAG, "boolean");
                }
                Map<String, Boolean> hidden = new LinkedHashMap<>();
                for (String c : spec.counts()) {
                    long v = r.getLong(r.fieldIndex(c));
                    hidden.put(c, columns.getOrDefault(report, Set.of()).contains(c) && v > 0 || v >= 1 && v < K);
                }
                spec.rates()
                        .forEach(rate -> hidden.put(
                                rate.column(),
                                hidden.getOrDefault(rate.numerator(), false)
                                        || hidden.getOrDefault(rate.denominator(), false)));
                spec.distinctCounts().forEach(d -> hidden.put(d, hidden.get("students")));
                Object[] values = new Object[schema.size()];
                for (int i = 0; i < r.size(); i++) {
                    values[i] = hidden.getOrDefault(r.schema().fields()[i].name(), false) ? null : r.get(i);
                }
                for (int i = 0; i < spec.flagged().size(); i++) {
                    values[r.size() + i] = hidden.get(spec.flagged().get(i));
                }
                published.add(new GenericRowWithSchema(values, schema));
            }
            out.put(report, published);
        });
        return out;
    }

    private static Row row(PublishedLayer.Layers layers, Report report, Object... key) {
        Map<Report, List<Row>> m = new LinkedHashMap<>();
        layers.byReport().forEach((r, l) -> m.put(r, l.rows()));
        return row(m, report, key);
    }

    /** The row of the report whose identity is the given key. */
    private static Row row(Map<Report, List<Row>> rows, Report report, Object... key) {
        ReportSpec spec = ReportSpec.of(report);
        return rows.get(report).stream()
                .filter(r -> Objects.equals(spec.key(r), Arrays.asList(key)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + report.table() + " row " + Arrays.asList(key)));
    }
}
