package org.crossenroll.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.crossenroll.ingest.CooperationField;
import org.crossenroll.ingest.CooperationFiles;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cooperation rows one by one against the bundled reference, without Spark: every indicator, every reason code and
 * its precedence, a re-sent record, codes of another vintage. Expected values worked out by hand from the contract
 * and data/regions.
 */
class CooperationClassifierTest {
    static CooperationClassifier classifier;

    @BeforeAll
    static void build() {
        Regions regions = Regions.load(Regions.BUNDLED, new Configuration());
        classifier = new CooperationClassifier(
                regions,
                new RegionResolution(regions, Validation.EARLIEST_INTAKE.getYear()),
                LocalDate.parse("2024-06-30"));
    }

    private static long line = 1;

    /** A row of record_id, host, origin, host school, origin school, year, indicator, value, updated_at. */
    static CooperationFiles.RawRow in(String file, String... values) {
        return new CooperationFiles.RawRow(file, ++line, null, values);
    }

    static CooperationFiles.RawRow row(String... values) {
        return in("coop.csv", values);
    }

    static CooperationFiles.RawRow ningbo(String id, String indicator, String value) {
        return row(id, "330200", "522300", null, null, "2019", indicator, value, "2020-01-02 08:00:00");
    }

    static Object one(CooperationFiles.RawRow r) {
        return classifier.classify(r);
    }

    static CooperationClassifier.Quarantined quarantined(CooperationFiles.RawRow r) {
        Object v = one(r);
        assertThat(v).as("quarantined").isInstanceOf(CooperationClassifier.Quarantined.class);
        return (CooperationClassifier.Quarantined) v;
    }

    static CooperationClassifier.Record accepted(CooperationFiles.RawRow r) {
        Object v = one(r);
        assertThat(v).as("valid: %s", v).isInstanceOf(CooperationClassifier.Record.class);
        return (CooperationClassifier.Record) v;
    }

    @Test
    void everyIndicatorByItsCanonicalOrChineseNameWithItsUnit() {
        String[][] cases = {
            // submitted name, value, canonical, unit, value kept
            {"funds_cny", "2598000", "funds_cny", "yuan", "2598000.00"},
            {"捐赠设备", "120000.5", "equipment_cny", "yuan", "120000.50"},
            {"派出挂职干部", "9", "cadres_sent", "persons", "9.00"},
            {"派出教师（专业带头人、骨干教师、支教教师）", "58", "teachers_sent", "persons", "58.00"},
            {"CADRES_RECEIVED", "18", "cadres_received", "persons", "18.00"},
            {"接收教师", "42", "teachers_received", "persons", "42.00"},
            {"培训教师", "213", "teachers_trained", "person-times", "213.00"},
            {"共建专业点", "3", "programmes_cobuilt", "count", "3.00"},
            {"共建实训基地", "2", "training_bases", "count", "2.00"},
            {"共建分校 (教学点)", "1", "branch_schools", "count", "1.00"},
            {"共建职教集团", "1", "vocational_groups", "count", "1.00"},
            {"结对学校", "9", "schools_paired", "count", "9.00"},
            {"就业技能培训", "1400", "employment_training", "persons", "1400.00"},
            {"skills_upgrading", "1600.0", "skills_upgrading", "persons", "1600.00"},
            {"创业培训", "230", "entrepreneurship_training", "persons", "230.00"},
        };
        assertThat(cases.length).isEqualTo(CooperationIndicator.values().length);
        for (String[] c : cases) {
            CooperationClassifier.Record r = accepted(ningbo("N-" + c[2], c[0], c[1]));
            assertThat(r.indicator().canonical()).as(c[0]).isEqualTo(c[2]);
            assertThat(r.indicator().unit()).as(c[0]).isEqualTo(c[3]);
            assertThat(r.value()).as(c[0]).isEqualTo(new BigDecimal(c[4]));
        }
    }

    @Test
    void placesAPairingAsReportedWithItsPrefectureAndProvince() {
        CooperationClassifier.Record r = accepted(ningbo("N1", "funds_cny", "2598000"));
        assertThat(r.host())
                .isEqualTo(new CooperationClassifier.Place(
                        "330200", "宁波市", "prefecture", "330200", "宁波市", "330000", "浙江省"));
        assertThat(r.origin())
                .isEqualTo(new CooperationClassifier.Place(
                        "522300", "黔西南布依族苗族自治州", "prefecture", "522300", "黔西南布依族苗族自治州", "520000", "贵州省"));
        assertThat(r.updatedAt()).isEqualTo(LocalDateTime.parse("2020-01-02T08:00:00"));
        CooperationClassifier.Record county = accepted(
                row("C1", " 330212 ", "522301", "3302000001", "5223000001", "2018", "结对学校", "1", "2019-1-5 10:00:00"));
        assertThat(county.host())
                .isEqualTo(
                        new CooperationClassifier.Place("330212", "鄞州区", "county", "330200", "宁波市", "330000", "浙江省"));
        assertThat(county.origin().level()).isEqualTo("county");
        assertThat(county.origin().provinceCode()).isEqualTo("520000");
        CooperationClassifier.Record provinces =
                accepted(row("P1", "310000", "530000", null, null, "2020", "funds_cny", "1.5", "2021-01-01 00:00:00"));
        assertThat(provinces.host())
                .isEqualTo(new CooperationClassifier.Place("310000", "上海市", "province", null, null, "310000", "上海市"));
    }

    @Test
    void codesOfAnotherVintageResolveAsEnrollmentCodesDo() {
        // 泸水县 533321 became 泸水市 533301 in 2016 (forward to one county)
        CooperationClassifier.Record forward =
                accepted(row("V1", "440400", "533321", null, null, "2018", "funds_cny", "100", "2019-01-01 00:00:00"));
        assertThat(forward.originSubmitted()).isEqualTo("533321");
        assertThat(forward.origin())
                .isEqualTo(new CooperationClassifier.Place(
                        "533301", "泸水市", "county", "533300", "怒江傈僳族自治州", "530000", "云南省"));
        // 邯郸县 130421 was split among three districts of 邯郸市: only the prefecture is determined
        CooperationClassifier.Record split =
                accepted(row("V2", "130421", "532900", null, null, "2018", "funds_cny", "100", "2019-01-01 00:00:00"));
        assertThat(split.host())
                .isEqualTo(new CooperationClassifier.Place(
                        "130400", "邯郸市", "prefecture", "130400", "邯郸市", "130000", "河北省"));
    }

    @Test
    void everyReasonCodeInTheContractsOrder() {
        CooperationFiles.RawRow malformed =
                new CooperationFiles.RawRow("coop.csv", 7, "the row has 8 fields, the header has 9", new String[] {
                    "M1", null, null, null, null, null, null, null, null
                });
        CooperationClassifier.Quarantined m = quarantined(malformed);
        assertThat(List.of(m.reason(), m.line(), m.recordId(), m.detail()))
                .containsExactly(ReasonCode.MALFORMED, 7L, "M1", "the row has 8 fields, the header has 9");
        assertThat(m.field()).isNull();

        // an ID-card number anywhere: PERSONAL_DATA_IN_FIELD before the blank indicator, and the record_id not kept
        CooperationClassifier.Quarantined pd = quarantined(
                row("R2", "330200", "522300", null, null, "2019", null, "11010519491231002X", "2020-01-02 08:00:00"));
        assertThat(List.of(pd.reason().name(), pd.field())).containsExactly("PERSONAL_DATA_IN_FIELD", "value");
        assertThat(pd.recordId()).isNull();
        assertThat(pd.detail()).doesNotContain("11010519491231002X");

        // blank indicator and a 5-digit host code: MISSING_FIELD comes first
        CooperationClassifier.Quarantined missing =
                quarantined(row("R3", "33020", "522300", null, null, "2019", " ", "5", "2020-01-02 08:00:00"));
        assertThat(List.of(missing.reason().name(), missing.field(), missing.detail()))
                .containsExactly("MISSING_FIELD", "indicator", "indicator is blank");
        assertThat(missing.recordId()).isEqualTo("R3");

        String[][] invalid = {
            // host, origin, host school, year, indicator, value, updated_at -> field
            {"33020", "522300", null, "2019", "funds_cny", "5", "2020-01-02 08:00:00", "host_region_code"},
            {"330200", "52230X", null, "2019", "funds_cny", "5", "2020-01-02 08:00:00", "origin_region_code"},
            {"330200", "522300", "123456789", "2019", "funds_cny", "5", "2020-01-02 08:00:00", "host_school_code"},
            {"330200", "522300", null, "2015", "funds_cny", "5", "2020-01-02 08:00:00", "year"},
            {"330200", "522300", null, "2025", "funds_cny", "5", "2020-01-02 08:00:00", "year"},
            {"330200", "522300", null, "19", "funds_cny", "5", "2020-01-02 08:00:00", "year"},
            {"330200", "522300", null, "2019", "students_placed", "5", "2020-01-02 08:00:00", "indicator"},
            {"330200", "522300", null, "2019", "funds_cny", "-5", "2020-01-02 08:00:00", "value"},
            {"330200", "522300", null, "2019", "funds_cny", "1,000", "2020-01-02 08:00:00", "value"},
            {"330200", "522300", null, "2019", "funds_cny", "10.005", "2020-01-02 08:00:00", "value"},
            {"330200", "522300", null, "2019", "teachers_sent", "2.5", "2020-01-02 08:00:00", "value"},
            {"330200", "522300", null, "2019", "funds_cny", "12345678901234567", "2020-01-02 08:00:00", "value"},
            {"330200", "522300", null, "2019", "funds_cny", "5", "2020/01/02 08:00:00", "updated_at"},
        };
        for (String[] c : invalid) {
            CooperationClassifier.Quarantined q = quarantined(row("I", c[0], c[1], c[2], null, c[3], c[4], c[5], c[6]));
            assertThat(List.of(q.reason().name(), q.field()))
                    .as(String.join(",", c))
                    .containsExactly("INVALID_VALUE", c[7]);
        }

        // both codes unknown: the host is named first; codes are named, they are not personal data
        CooperationClassifier.Quarantined unknown =
                quarantined(row("U", "999999", "999998", null, null, "2019", "funds_cny", "5", "2020-01-02 08:00:00"));
        assertThat(List.of(unknown.reason().name(), unknown.field(), unknown.detail()))
                .containsExactly(
                        "UNKNOWN_REGION",
                        "host_region_code",
                        "host_region_code 999999 is not in the region reference, nor does its code history lead it "
                                + "there");

        // host and origin the same region, once written in another vintage's code: INCONSISTENT
        CooperationClassifier.Quarantined same =
                quarantined(row("S", "533301", "533321", null, null, "2019", "funds_cny", "5", "2020-01-02 08:00:00"));
        assertThat(List.of(same.reason().name(), same.field())).containsExactly("INCONSISTENT", "origin_region_code");
        // a region inside its partner is not the same region
        accepted(row("S2", "330200", "330212", null, null, "2019", "funds_cny", "5", "2020-01-02 08:00:00"));
    }

    @Test
    void aResentRecordReplacesTheEarlierWhateverItChangedAndEveryRowEndsInOnePlace() {
        List<CooperationFiles.RawRow> rows = new ArrayList<>();
        rows.add(in(
                "a/coop.csv",
                "R1",
                "330200",
                "522300",
                null,
                null,
                "2019",
                "funds_cny",
                "1000000",
                "2020-01-01 08:00:00"));
        // the same record sent again a day later, corrected: another year and value
        rows.add(in(
                "b/coop.jsonl",
                "R1",
                "330200",
                "522300",
                null,
                null,
                "2020",
                "funds_cny",
                "1598000",
                "2020-01-02 08:00:00"));
        // an exact duplicate of R2 in two files: the greater file wins
        rows.add(in(
                "a/coop.csv", "R2", "330200", "522300", null, null, "2019", "cadres_sent", "9", "2020-01-01 08:00:00"));
        rows.add(in(
                "b/coop.jsonl",
                "R2",
                "330200",
                "522300",
                null,
                null,
                "2019",
                "cadres_sent",
                "9",
                "2020-01-01 08:00:00"));
        // two records of one pairing, year and indicator: both count
        rows.add(in(
                "a/coop.csv",
                "R3",
                "330200",
                "522300",
                null,
                null,
                "2019",
                "teachers_sent",
                "30",
                "2020-01-01 08:00:00"));
        rows.add(in(
                "a/coop.csv",
                "R4",
                "330200",
                "522300",
                null,
                null,
                "2019",
                "teachers_sent",
                "28",
                "2020-01-01 08:00:00"));
        // a quarantined version does not supersede a valid one
        rows.add(in(
                "c/coop.csv",
                "R3",
                "330200",
                "522300",
                null,
                null,
                "2019",
                "teachers_sent",
                "x",
                "2020-02-01 08:00:00"));
        CooperationClassifier.Outcome o = classifier.classify(rows);
        assertThat(o.rows()).isEqualTo(7);
        assertThat(o.accepted()).hasSize(4);
        assertThat(o.superseded()).hasSize(2);
        assertThat(o.quarantined()).hasSize(1);
        CooperationClassifier.Record r1 = o.accepted().stream()
                .filter(r -> r.recordId().equals("R1"))
                .findFirst()
                .orElseThrow();
        assertThat(List.of(r1.year(), r1.value(), r1.sourceFile()))
                .containsExactly(2020, new BigDecimal("1598000.00"), "b/coop.jsonl");
        assertThat(o.accepted().stream()
                        .filter(r -> r.recordId().equals("R2"))
                        .findFirst()
                        .orElseThrow()
                        .sourceFile())
                .isEqualTo("b/coop.jsonl");
        assertThat(o.byReason().get(ReasonCode.INVALID_VALUE)).isEqualTo(1L);
    }

    @Test
    void theFieldsAreInTheContractsOrder() {
        assertThat(CooperationField.values()).hasSize(9);
        assertThat(CooperationField.fromHeader(" 幫扶方地區代碼 ")).contains(CooperationField.HOST_REGION_CODE);
        assertThat(CooperationField.fromHeader("Indicator")).contains(CooperationField.INDICATOR);
    }
}
