package org.crossenroll.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.crossenroll.testing.HandTables;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Issue 28, point 5: outcomes gives rates only over cohorts that can have reached them by the run date, and pools
 * complete cohorts only. Every expected value below is worked out by hand from the enrollments listed.
 */
class CohortRatesTest {
    /** One enrollment from 大理市 (云南, 532900) to a school of 江宁区 (江苏, 320000). */
    private static Row enrollment(int year, String status, String employment, String employmentProvince) {
        return RowFactory.create(
                year,
                "东西协作",
                "530000",
                "云南省",
                "532900",
                "大理白族自治州",
                "532901",
                "大理市",
                "一中",
                "320000",
                "江苏省",
                "320100",
                "南京市",
                "320115",
                "江宁区",
                "3201150001",
                "职业中学",
                "F",
                true,
                true,
                false,
                status,
                employment,
                employmentProvince);
    }

    /**
     * 2019 (complete on 2024-06-30 with 3-year programmes): 4 students, 3 graduated (employed at home, employed in
     * Jiangsu, unemployed), 1 withdrawn. 2020 (complete): 2 students, 1 graduated and employed at home, 1 still
     * enrolled. 2022 (in its second year): 3 students, 1 finished early and employed in Jiangsu, 2 enrolled.
     */
    private static Map<Object, Row> outcomes() {
        List<Row> rows = new ArrayList<>();
        rows.add(enrollment(2019, "GRADUATED", "EMPLOYED", "530000"));
        rows.add(enrollment(2019, "GRADUATED", "EMPLOYED", "320000"));
        rows.add(enrollment(2019, "GRADUATED", "UNEMPLOYED", null));
        rows.add(enrollment(2019, "WITHDRAWN", null, null));
        rows.add(enrollment(2020, "GRADUATED", "EMPLOYED", "530000"));
        rows.add(enrollment(2020, "ENROLLED", null, null));
        rows.add(enrollment(2022, "GRADUATED", "EMPLOYED", "320000"));
        rows.add(enrollment(2022, "ENROLLED", null, null));
        rows.add(enrollment(2022, "ENROLLED", null, null));
        int lastComplete = Cohorts.lastComplete(LocalDate.parse("2024-06-30"), 3);
        Map<Object, Row> byYear = new HashMap<>();
        for (Row r : Reports.outcomes(
                        Reports.fineGrain(TestSpark.session().createDataFrame(rows, HandTables.ENROLLMENT), Map.of()),
                        lastComplete)
                .collectAsList()) {
            byYear.put(r.getAs("intake_year") == null ? "pooled" : r.getAs("intake_year"), r);
        }
        return byYear;
    }

    private static List<Object> counts(Row r) {
        return Arrays.asList(
                r.getAs("students"),
                r.getAs("graduated"),
                r.getAs("withdrawn"),
                r.getAs("employed"),
                r.getAs("employed_in_origin_province"),
                r.getAs("first_cohort"),
                r.getAs("last_cohort"));
    }

    @Test
    void aCohortIsCompleteFromTheFirstSeptemberAfterItsProgrammeLength() {
        assertThat(Cohorts.lastComplete(LocalDate.parse("2024-06-30"), 3)).isEqualTo(2020);
        assertThat(Cohorts.lastComplete(LocalDate.parse("2024-08-31"), 3)).isEqualTo(2020);
        assertThat(Cohorts.lastComplete(LocalDate.parse("2024-09-01"), 3)).isEqualTo(2021);
        assertThat(Cohorts.lastComplete(LocalDate.parse("2024-12-31"), 2)).isEqualTo(2022);
    }

    @Test
    void theDataSpeaksForItsNewestUpdateWhenThatIsBeforeTheRunDate() {
        LocalDate run = LocalDate.parse("2024-06-30");
        // the bundled sample: an extract whose newest change is of 2021-10-20, run on 2024-06-30
        assertThat(Cohorts.asOf(run, LocalDate.parse("2021-10-20"))).isEqualTo("2021-10-20");
        assertThat(Cohorts.lastComplete(Cohorts.asOf(run, LocalDate.parse("2021-10-20")), 3))
                .isEqualTo(2018);
        assertThat(Cohorts.asOf(run, LocalDate.parse("2024-06-29"))).isEqualTo("2024-06-29");
        // a change dated after the run date (a clock ahead) does not move the day past the run date
        assertThat(Cohorts.asOf(run, LocalDate.parse("2024-07-02"))).isEqualTo(run);
        assertThat(Cohorts.asOf(run, null)).isEqualTo(run);
    }

    @Test
    void aCohortStillInSchoolHasCountsButNoRates() {
        Row r = outcomes().get(2022);
        // a rate of 1/3 would say two thirds failed to graduate, when they are in their second year
        assertThat(counts(r)).containsExactly(3L, 1L, 0L, 1L, 0L, null, null);
        assertThat((Object) r.getAs("graduation_rate")).isNull();
        assertThat((Object) r.getAs("employment_rate")).isNull();
        assertThat((Object) r.getAs("return_home_rate")).isNull();
    }

    @Test
    void aCompleteCohortHasItsOwnRates() {
        Row r = outcomes().get(2019);
        assertThat(counts(r)).containsExactly(4L, 3L, 1L, 2L, 1L, 2019, 2019);
        assertThat((Double) r.getAs("graduation_rate")).isEqualTo(0.75); // 3 / 4
        assertThat((Double) r.getAs("employment_rate")).isCloseTo(2.0 / 3, within(1e-12)); // 2 of 3 graduates
        assertThat((Double) r.getAs("return_home_rate")).isEqualTo(0.5); // 1 of 2 employed

        Row r2020 = outcomes().get(2020);
        assertThat(counts(r2020)).containsExactly(2L, 1L, 0L, 1L, 1L, 2020, 2020);
        assertThat((Double) r2020.getAs("graduation_rate")).isEqualTo(0.5);
    }

    @Test
    void thePooledRowCoversTheTwoCompleteCohortsAndNotTheOneInSchool() {
        Map<Object, Row> rows = outcomes();
        assertThat(rows).hasSize(4);
        Row pooled = rows.get("pooled");
        // 2019 + 2020 only: 4 + 2 students, 3 + 1 graduated, 1 + 0 withdrawn, 2 + 1 employed, 1 + 1 at home
        assertThat(counts(pooled)).containsExactly(6L, 4L, 1L, 3L, 2L, 2019, 2020);
        // over every cohort it would be 5 / 9 = 0.56, the figure issue 28 found misleading
        assertThat((Double) pooled.getAs("graduation_rate")).isCloseTo(4.0 / 6, within(1e-12));
        assertThat((Double) pooled.getAs("employment_rate")).isEqualTo(0.75); // 3 / 4
        assertThat((Double) pooled.getAs("return_home_rate")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat((String) pooled.getAs("origin_prefecture_code")).isEqualTo("532900");
        assertThat((String) pooled.getAs("host_province_code")).isEqualTo("320000");
    }

    @Test
    void noPooledRowWithoutACompleteCohort() {
        List<Row> rows = List.of(enrollment(2023, "ENROLLED", null, null));
        List<Row> out = Reports.outcomes(
                        Reports.fineGrain(TestSpark.session().createDataFrame(rows, HandTables.ENROLLMENT), Map.of()),
                        Cohorts.lastComplete(LocalDate.parse("2024-06-30"), 3))
                .collectAsList();
        assertThat(out).hasSize(1);
        assertThat((Object) out.get(0).getAs("intake_year")).isEqualTo(2023);
    }
}
