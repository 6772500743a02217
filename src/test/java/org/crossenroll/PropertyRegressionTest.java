package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossenroll.report.Report;
import org.crossenroll.testing.NightGenerator;
import org.crossenroll.testing.NightGenerator.Enrollment;
import org.crossenroll.testing.NightGenerator.Night;
import org.crossenroll.testing.NightGenerator.School;
import org.crossenroll.testing.PropertyNights;
import org.junit.jupiter.api.Test;

/**
 * Minimal nights the property suite ({@link PropertyNightsTest}) found failing, shrunk by its shrinker, kept as they
 * were printed so that each can be checked by hand.
 */
class PropertyRegressionTest {
    /** One enrollment line as the shrinker prints it (the student keys are made up here). */
    private static Enrollment e(
            int n,
            int year,
            String scheme,
            String origin,
            String school,
            String hostCounty,
            String gender,
            boolean minority,
            boolean poor,
            boolean lhs,
            String status,
            String employment,
            String employedIn) {
        NightGenerator.Place employmentPlace = employedIn == null ? null : NightGenerator.place(employedIn);
        return new Enrollment(
                "S" + n,
                year,
                "R" + n,
                NightGenerator.place(origin),
                null,
                new School(school, null, NightGenerator.place(hostCounty)),
                scheme,
                gender,
                minority,
                poor,
                lhs,
                status,
                employment,
                employmentPlace,
                List.of());
    }

    /**
     * Night seed 3 of the first run (2026-12-06), before the lead's fix of the employment provinces within one
     * province: exit 1 at k = 3 and 10, "a point of protection takes employed_elsewhere of origin_summary [county,
     * 230281, null] students below 0". Ten enrollments, all at one school of 尚志市 (230184, 黑龙江), from 黑龙江
     * (讷河市 230281, 依兰县 230124), 内蒙古 (150303), 河南 (410821) and 和县 (341424, a retired code that
     * resolves to 安徽省 only); one student (the last) from 黑龙江 employed in 黑龙江: in his origin province and in
     * his host province at once. Shrinking stopped at ten: every smaller night it tried failed otherwise or not at all.
     */
    static Night withinOneProvinceEmployed() {
        String school = "2301849509";
        List<Enrollment> es = new ArrayList<>(List.of(
                e(1, 2014, "沪滇联盟", "230281", school, "230184", "M", true, true, true, "ENROLLED", null, null),
                e(2, 2015, "东西协作", "150303", school, "230184", "F", false, false, true, "ENROLLED", null, null),
                e(
                        3,
                        2014,
                        "对口支援",
                        "150303",
                        school,
                        "230184",
                        "M",
                        true,
                        false,
                        false,
                        "GRADUATED",
                        "FURTHER_STUDY",
                        null),
                e(4, 2013, "其他", "230281", school, "230184", "M", false, false, false, "ENROLLED", null, null),
                e(5, 2015, "兜底招生", "341424", school, "230184", "F", false, true, false, "WITHDRAWN", null, null),
                e(6, 2013, "其他", "230281", school, "230184", "F", true, false, false, "TRANSFERRED", null, null),
                e(7, 2014, "兜底招生", "230124", school, "230184", "M", false, true, true, "ENROLLED", null, null),
                e(8, 2013, "沪滇联盟", "410821", school, "230184", "M", true, true, true, "WITHDRAWN", null, null),
                e(9, 2014, "对口支援", "410821", school, "230184", "F", false, true, true, "TRANSFERRED", null, null),
                e(
                        10,
                        2015,
                        "沪滇联盟",
                        "230281",
                        school,
                        "230184",
                        "F",
                        true,
                        true,
                        true,
                        "GRADUATED",
                        "EMPLOYED",
                        "230184")));
        return new Night(3, "regression: employed within one province", es, List.of(), null, List.of("csv-utf8"), 0);
    }

    @Test
    void aStudentEmployedInTheProvinceHeStudiedAndWasBornIn() throws Exception {
        Night night = withinOneProvinceEmployed();
        PropertyNights.Built built = PropertyNights.build(List.of(night)).get(0);
        // by hand: the flow 讷河 (齐齐哈尔 230200) -> 哈尔滨 (230100), 2015, 沪滇联盟 is the employed student alone
        Map<String, Object> flow = PropertyNights.maps(
                        built.tables().get(Report.FLOWS).rows())
                .stream()
                .filter(r -> r.get("intake_year").equals(2015) && "沪滇联盟".equals(r.get("scheme")))
                .findFirst()
                .orElseThrow();
        assertThat(flow)
                .containsEntry("origin_prefecture_code", "230200")
                .containsEntry("host_prefecture_code", "230100")
                .containsEntry("students", 1L)
                .containsEntry("graduated", 1L)
                .containsEntry("employed", 1L)
                .containsEntry("employed_in_origin_province", 1L)
                .containsEntry("employed_in_host_province", 1L);
        // 黑龙江 sends 5 (lines 1, 4, 6, 7, 10) and hosts all 10; 和县 counts for 安徽 with its prefecture undetermined
        List<Map<String, Object>> origin =
                PropertyNights.maps(built.tables().get(Report.ORIGIN_SUMMARY).rows());
        assertThat(origin)
                .filteredOn(r -> r.get("intake_year") == null
                        && "province".equals(r.get("level"))
                        && "230000".equals(r.get("region_code")))
                .singleElement()
                .satisfies(r -> assertThat(r).containsEntry("students", 5L));
        assertThat(origin)
                .filteredOn(r -> r.get("intake_year") == null
                        && "prefecture".equals(r.get("level"))
                        && "34xxxx".equals(r.get("region_code")))
                .singleElement()
                .satisfies(r -> assertThat(r).containsEntry("students", 1L));
        List<Map<String, Object>> host =
                PropertyNights.maps(built.tables().get(Report.HOST_SUMMARY).rows());
        assertThat(host)
                .filteredOn(r -> r.get("intake_year") == null
                        && "province".equals(r.get("level"))
                        && "230000".equals(r.get("region_code")))
                .singleElement()
                .satisfies(r -> assertThat(r)
                        .containsEntry("students", 10L)
                        .containsEntry("employed_in_origin_province", 1L)
                        .containsEntry("employed_in_host_province", 1L));
        // and the properties: the reports add up, the layer builds at k = 3 and 10 with its audit passed and no
        // count of 1..k-1 shown, and the attacker narrows nothing below k
        Path dir = PropertyNightsTest.dir("regression");
        assertThat(PropertyNights.evaluate(List.of(night), dir, true).get(0)).isEmpty();
    }
}
