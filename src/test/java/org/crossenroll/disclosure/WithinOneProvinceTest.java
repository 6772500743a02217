package org.crossenroll.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.crossenroll.DisclosureAttackIT;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.testing.HandTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Students placed within their own province, as the contract allows (a province pairs its own poor counties with
 * richer ones; 兜底招生 is often within a province): Hainan's directly administered counties 469001 and 469005 (the
 * pseudo-prefecture 469000) send students to schools in the same county, another county of the same prefecture and
 * another prefecture (海口, 460105), some employed in Hainan, beside an East-West placement from 昆明 to 上海. For a
 * student within one province, employed_in_origin_province and employed_in_host_province count the same person, so
 * "employed >= in origin + in host" does not hold there; a layer built on it failed its own audit and the night.
 * Every expected value is worked out by hand from the groups below.
 */
class WithinOneProvinceTest {
    private static final long K = 10;
    private static final String SAME_COUNTY_SCHOOL = "4469001001";
    private static final String SAME_PREFECTURE_SCHOOL = "4469002001";
    private static HandTables.Built built;
    private static PublishedLayer.Layers layers;

    @BeforeAll
    static void build() {
        HandTables t = new HandTables()
                // the same county: 15 graduates, all employed in Hainan
                .addGraduates(15, 2018, "469001", "469001", SAME_COUNTY_SCHOOL, "460000")
                // the same prefecture, another county: 12 graduates, 4 employed in Hainan, 8 not employed
                .addGraduates(4, 2018, "469001", "469002", SAME_PREFECTURE_SCHOOL, "460000")
                .addGraduates(8, 2018, "469001", "469002", SAME_PREFECTURE_SCHOOL, "")
                // a small group of the same prefecture: 3 students still enrolled, from 469005
                .add(3, 2018, "469005", "469002", SAME_PREFECTURE_SCHOOL, "ENROLLED", false)
                // the same province, another prefecture (海口): 11 graduates, 2 of them employed in Hainan
                .addGraduates(2, 2018, "469001", "460105", "4460105001", "460000")
                .addGraduates(9, 2018, "469001", "460105", "4460105001", "")
                // East-West: 40 graduates from 昆明 in 上海, 10 employed at home, 10 in 上海, 5 in 北京, 15 not employed
                .addGraduates(10, 2018, "530102", "310104", "4310104001", "530000")
                .addGraduates(10, 2018, "530102", "310104", "4310104001", "310000")
                .addGraduates(5, 2018, "530102", "310104", "4310104001", "110000")
                .addGraduates(15, 2018, "530102", "310104", "4310104001", "")
                // and 2 from 大理 still enrolled there
                .add(2, 2018, "532901", "310104", "4310104001", "ENROLLED", false);
        built = t.build();
        layers = PublishedLayer.build(built.reports(), built.units(), K);
    }

    @Test
    void theReportsCountAStudentEmployedInTheHomeProvinceInBothProvinces() {
        // 469000 -> 469000: 15 + 12 + 3 = 30 students, 27 graduated, 15 + 4 = 19 employed, all 19 in Hainan
        Row withinPrefecture = row(built.rows(), Report.FLOWS, 2018, "东西协作", "460000", "469000", "460000", "469000");
        assertCounts(withinPrefecture, 30, 27, 19, 19, 19);
        // 469000 -> 460100: 11 students, 11 graduated, 2 employed, both in Hainan
        Row toHaikou = row(built.rows(), Report.FLOWS, 2018, "东西协作", "460000", "469000", "460000", "460100");
        assertCounts(toHaikou, 11, 11, 2, 2, 2);
        // 530100 -> 310100: 40 graduates, 25 employed, 10 at home, 10 in 上海 (5 elsewhere)
        Row eastWest = row(built.rows(), Report.FLOWS, 2018, "东西协作", "530000", "530100", "310000", "310100");
        assertCounts(eastWest, 40, 40, 25, 10, 10);
    }

    @Test
    void theLayerIsBuiltAndAuditedAtK10() {
        assertThat(layers.audit().get("status")).isEqualTo("passed");
        // the one relation a reader gains here: in origin = in host, on every row whose students all stay in Hainan
        @SuppressWarnings("unchecked")
        Map<String, Integer> relations = (Map<String, Integer>) layers.audit().get("relations");
        assertThat(relations).containsKey("flows within one province");
    }

    @Test
    void theSmallCountsWithinOneProvinceAreWithheld() {
        // 469005 sent 3 students; 海口's school has 2 employed: counts of 1..9, never published
        Row county = row(published(), Report.ORIGIN_SUMMARY, "county", "469005", 2018);
        assertThat(county.<Object>getAs("students")).isNull();
        assertThat(county.<Boolean>getAs("students_withheld")).isTrue();
        Row toHaikou = row(published(), Report.FLOWS, 2018, "东西协作", "460000", "469000", "460000", "460100");
        assertThat(toHaikou.<Object>getAs("employed_in_origin_province")).isNull();
        assertThat(toHaikou.<Object>getAs("employed_in_host_province")).isNull();
    }

    @Test
    void everyPublishedCountIsTheHandWorkedOne() {
        // a published value is either withheld (null) or exactly the internal one; these are the hand-worked ones
        Map<Report, List<Row>> published = published();
        assertPublishedOrWithheld(
                row(published, Report.FLOWS, 2018, "东西协作", "460000", "469000", "460000", "469000"), 30, 27, 19, 19, 19);
        assertPublishedOrWithheld(
                row(published, Report.FLOWS, 2018, "东西协作", "530000", "530100", "310000", "310100"), 40, 40, 25, 10, 10);
        // Hainan as origin, all years: 30 + 11 = 41 students, 38 graduated, 21 employed, all in Hainan
        assertPublishedOrWithheld(
                row(published, Report.ORIGIN_SUMMARY, "province", "460000", null), 41, 38, 21, 21, 21);
        // Hainan as host: the same 41 students
        assertPublishedOrWithheld(
                row(published, Report.HOST_SUMMARY, "province", "460000", null, null), 41, 38, 21, 21, 21);
        // the school of the same county: 15 graduates, all employed at home
        assertPublishedOrWithheld(
                row(published, Report.HOST_SUMMARY, "school", SAME_COUNTY_SCHOOL, "469001", 2018), 15, 15, 15, 15, 15);
    }

    @Test
    void theAttackerWhoKnowsWhichRowsStayInOneProvinceFindsNothing() throws Exception {
        // it writes "in origin = in host" for these rows and "in origin + in host <= employed" for the others
        java.nio.file.Path out = org.crossenroll.testing.TestSpark.projectDir().resolve("target/within-one-province");
        DisclosureAttackIT.write(out, built.reports(), layers, K);
        DisclosureAttackIT.attack(out, DisclosureAttackIT.RUN_DATE, K, "within-one-province")
                .assertFoundNothing();
    }

    private static Map<Report, List<Row>> published() {
        Map<Report, List<Row>> m = new java.util.LinkedHashMap<>();
        layers.byReport().forEach((r, layer) -> m.put(r, layer.rows()));
        return m;
    }

    private static void assertCounts(Row r, long students, long graduated, long employed, long inOrigin, long inHost) {
        assertThat(List.of(
                        r.<Long>getAs("students"),
                        r.<Long>getAs("graduated"),
                        r.<Long>getAs("employed"),
                        r.<Long>getAs("employed_in_origin_province"),
                        r.<Long>getAs("employed_in_host_province")))
                .as("students, graduated, employed, in origin, in host of %s", r)
                .containsExactly(students, graduated, employed, inOrigin, inHost);
    }

    private static void assertPublishedOrWithheld(Row r, long... expected) {
        String[] columns = {
            "students", "graduated", "employed", "employed_in_origin_province", "employed_in_host_province"
        };
        for (int i = 0; i < columns.length; i++) {
            boolean withheld = r.<Boolean>getAs(columns[i] + PublishedLayer.FLAG);
            if (withheld) {
                assertThat(r.<Object>getAs(columns[i]))
                        .as("%s of %s", columns[i], r)
                        .isNull();
            } else {
                assertThat(r.<Long>getAs(columns[i]))
                        .as("%s of %s", columns[i], r)
                        .isEqualTo(expected[i]);
            }
        }
    }

    private static Row row(Map<Report, List<Row>> rows, Report report, Object... key) {
        ReportSpec spec = ReportSpec.of(report);
        return rows.get(report).stream()
                .filter(r -> spec.key(r).equals(Arrays.asList(key)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + report.table() + " row " + Arrays.toString(key)));
    }
}
