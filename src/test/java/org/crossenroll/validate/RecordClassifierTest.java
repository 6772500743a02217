package org.crossenroll.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.RawRecords;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordClassifier} rule by rule, without Spark: the cases of IntakeTest, ExcelDateFormsTest,
 * PersonalDataRulesTest, OwnIdentityInFieldTest and CodeHistoryJobTest, with their expected verdicts, at the
 * classifier. Expected values written by hand from the contract (docs/input-contract.md).
 */
class RecordClassifierTest {
    static final String KEY = "k".repeat(PseudonymKey.MIN_BYTES);
    static final String ID = "53292319990101123X";
    static RecordClassifier classifier;

    @BeforeAll
    static void build() {
        RegionResolution resolution = new RegionResolution(
                Regions.load(Regions.BUNDLED, new Configuration()), Validation.EARLIEST_INTAKE.getYear());
        classifier = new RecordClassifier(
                resolution.table(),
                LocalDate.parse("2024-06-30"),
                List.of("东西协作", "沪滇联盟"),
                Pseudonymizer.hasher(PseudonymKey.of(KEY.getBytes(StandardCharsets.UTF_8), "t")));
    }

    static String[] fields(Map<String, String> row) {
        String[] f = new String[RawRecords.FIELDS.size()];
        for (int i = 0; i < f.length; i++) {
            String v = row.get(RawRecords.FIELDS.get(i).column());
            f[i] = v == null || v.isEmpty() ? null : v;
        }
        return f;
    }

    static RecordClassifier.Classified classify(String recordId, String studentId, String... overrides) {
        return classifier.classify("t.csv", 7, null, fields(Fixtures.row(recordId, studentId, overrides)), null);
    }

    static String verdict(String recordId, String studentId, String... overrides) {
        return verdict(classify(recordId, studentId, overrides));
    }

    static String verdict(RecordClassifier.Classified c) {
        return c.reasonCode() == null ? "accepted" : c.reasonCode() + "/" + c.reasonField();
    }

    static String hmac(String normalizedId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(normalizedId.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aValidRowIsTypedAndResolved() throws Exception {
        RecordClassifier.Classified v = classify(" V1 ", "PIIS01");
        assertThat(v.reasonCode()).isNull();
        assertThat(v.reasonField()).isNull();
        assertThat(v.reasonDetail()).isNull();
        assertThat(v.get("source_file")).isEqualTo("t.csv");
        assertThat(v.get("line_number")).isEqualTo(7L);
        assertThat(v.get("student_pseudonym")).isEqualTo(hmac("PIIS01"));
        assertThat(v.get("_raw_record_id")).isEqualTo("V1");
        assertThat(v.get("record_id")).isEqualTo("V1");
        assertThat(v.get("gender")).isEqualTo("M");
        assertThat(v.get("birth_date")).isEqualTo(LocalDate.of(2003, 1, 2));
        assertThat(v.get("ethnicity")).isEqualTo("01");
        assertThat(v.get("ethnic_minority")).isEqualTo(false);
        assertThat(v.get("origin_county_code_submitted")).isEqualTo("532901");
        assertThat(v.get("host_school_code")).isEqualTo("4132000001");
        assertThat(v.get("program_code")).isEqualTo("660103");
        assertThat(v.get("scheme")).isEqualTo("东西协作");
        assertThat(v.get("scheme_other")).isEqualTo(false);
        assertThat(v.get("intake_date")).isEqualTo(LocalDate.of(2019, 9, 1));
        assertThat(v.get("intake_year")).isEqualTo(2019);
        assertThat(v.get("registered_poor")).isEqualTo(true);
        assertThat(v.get("liang_hou_sheng")).as("blank = false").isEqualTo(false);
        assertThat(v.get("status")).isEqualTo("ENROLLED");
        assertThat(v.get("status_date")).isNull();
        assertThat(v.get("employment_status")).isNull();
        assertThat(v.get("updated_at")).isEqualTo(LocalDateTime.of(2019, 9, 15, 10, 0));
        assertThat(v.get("origin_county_code")).isEqualTo("532901");
        assertThat(v.get("origin_prefecture_code")).isEqualTo("532900");
        assertThat(v.get("origin_prefecture_name")).isEqualTo("大理白族自治州");
        assertThat(v.get("origin_province_name")).isEqualTo("云南省");
        assertThat(v.get("origin_county_resolution")).isNull();
        assertThat(v.get("host_prefecture_code")).isEqualTo("320100");
        assertThat(v.get("host_province_code")).isEqualTo("320000");
        assertThat(v.get("employment_county_code")).isNull();
        assertThat(v.get("employment_province_code")).isNull();
        assertThat(v.values()).hasSize(RecordClassifier.SCHEMA.size());
    }

    /** IntakeTest's rules.csv, row by row, with its expected reason and field. */
    @Test
    void eachReasonCodeInPrecedenceWithField() {
        assertThat(verdict("MIS1", "", "gender", "X")).isEqualTo("MISSING_FIELD/student_id");
        assertThat(verdict("INV1", "S04", "gender", "X", "origin_county_code", "999999"))
                .isEqualTo("INVALID_VALUE/gender");
        assertThat(verdict("UNK1", "S05", "origin_county_code", "999999", "status_date", "2019-08-01"))
                .isEqualTo("UNKNOWN_REGION/origin_county_code");
        assertThat(verdict("INC1", "S06", "status_date", "2019-08-01")).isEqualTo("INCONSISTENT/status_date");
        assertThat(verdict("INC2", "S07", "employment_status", "EMPLOYED")).isEqualTo("INCONSISTENT/employment_status");
        assertThat(verdict(
                        "INC3",
                        "S08",
                        "status",
                        "GRADUATED",
                        "status_date",
                        "2022-06-30",
                        "employment_status",
                        "FURTHER_STUDY",
                        "employment_county_code",
                        "532901"))
                .isEqualTo("INCONSISTENT/employment_county_code");
        assertThat(verdict("FUT", "S09", "intake_date", "2024-07-01")).isEqualTo("INVALID_VALUE/intake_date");
        assertThat(verdict("OLD", "S10", "intake_date", "2009-12-31")).isEqualTo("INVALID_VALUE/intake_date");
        assertThat(verdict("EDGE", "S11", "intake_date", "2024-06-30", "updated_at", "2024-06-30 12:00:00"))
                .isEqualTo("accepted");
        assertThat(verdict("FIVE", "S12", "origin_county_code", "53290")).isEqualTo("INVALID_VALUE/origin_county_code");
        assertThat(verdict("FEB30", "S13", "birth_date", "2019-02-30")).isEqualTo("INVALID_VALUE/birth_date");
        assertThat(verdict("STAT", "S14", "status", "SUSPENDED")).isEqualTo("INVALID_VALUE/status");
        assertThat(verdict("NOUPD", "S16", "updated_at", "")).isEqualTo("MISSING_FIELD/updated_at");
        assertThat(verdict("BADTS", "S17", "updated_at", "2019-09-15 25:00:00")).isEqualTo("INVALID_VALUE/updated_at");
        assertThat(verdict(
                        "EMPUNK",
                        "S18",
                        "status",
                        "GRADUATED",
                        "status_date",
                        "2022-06-30",
                        "employment_status",
                        "EMPLOYED",
                        "employment_county_code",
                        "999999"))
                .isEqualTo("UNKNOWN_REGION/employment_county_code");
        assertThat(verdict("HUBEI", "S23", "origin_county_code", "429004")).isEqualTo("accepted");
        assertThat(verdict("SUP-BAD", "S30X", "gender", "X", "updated_at", "2021-01-01 10:00:00"))
                .isEqualTo("INVALID_VALUE/gender");
        assertThat(verdict("ML", "S32", "origin_school", "第一\n中学, \"实验\"")).isEqualTo("accepted");
    }

    @Test
    void malformedComesFirstWithNoField() {
        RecordClassifier.Classified m = classifier.classify(
                "t.csv", 3, "3 fields, expected 22", fields(Fixtures.row(ID, "", "gender", "X")), "host_school_name");
        assertThat(verdict(m)).isEqualTo("MALFORMED/null");
        assertThat(m.reasonDetail()).isEqualTo("3 fields, expected 22");
    }

    @Test
    void detailsGiveTheShapeNeverTheValue() {
        assertThat(classify("FEB30", "S13", "birth_date", "2019-02-30").reasonDetail())
                .isEqualTo("birth_date is not a date (yyyy-MM-dd, yyyy/MM/dd or yyyyMMdd); the value is 10 characters: "
                        + "digits, other characters");
        assertThat(classify("STAT", "S14", "status", "SUSPENDED").reasonDetail())
                .isEqualTo("status is not a status "
                        + "(ENROLLED, GRADUATED, WITHDRAWN, TRANSFERRED or 在读, 毕业, 退学, 转学); the value is 9 characters: Latin "
                        + "letters");
        assertThat(classify("FUT", "S09", "intake_date", "2024-07-01").reasonDetail())
                .isEqualTo("intake_date is outside 2010-01-01 to the run date 2024-06-30");
        assertThat(classify("B", "S1", "gender", "x").reasonDetail())
                .isEqualTo("gender is not M/F, 男/女 or 1/2; the value is 1 character: Latin letters");
        assertThat(classify("B", "S1", "registered_poor", "也许 maybe").reasonDetail())
                .isEqualTo("registered_poor is "
                        + "not a boolean (true/false, 1/0, Y/N, yes/no, 是/否); the value is 8 characters: Latin letters, Chinese "
                        + "characters, spaces");
        assertThat(classify("B", "S1", "updated_at", "2019-09-15").reasonDetail())
                .isEqualTo(
                        "updated_at is not a timestamp (yyyy-MM-dd HH:mm:ss); the value is 10 characters: digits, other "
                                + "characters");
        assertThat(classify("B", "S1", "host_school_code", "413200000").reasonDetail())
                .isEqualTo("host_school_code is "
                        + "not a 10-digit school identification code; the value is 9 characters: digits");
        assertThat(classify("B", "S1", "origin_county_code", "999999").reasonDetail())
                .isEqualTo(
                        "origin_county_code 999999 is not in the region reference, nor does its code history lead it "
                                + "there");
        assertThat(classify("B", "S1", "employment_status", "EMPLOYED").reasonDetail())
                .isEqualTo("employment_status EMPLOYED on a student whose status is ENROLLED");
        assertThat(classify("B", "S1", "employment_county_code", "532901").reasonDetail())
                .isEqualTo("employment_county_code on a student whose employment_status is blank");
        assertThat(classify("B", "S1", "status_date", "2019-08-01").reasonDetail())
                .isEqualTo("status_date is before intake_date");
        assertThat(classify("B", "", "gender", "").reasonDetail()).isEqualTo("student_id is blank");
    }

    @Test
    void everyValueFormIsTyped() {
        RecordClassifier.Classified f1 = classify(
                "FORMS1",
                "S20",
                "gender",
                "女",
                "birth_date",
                "2003/01/02",
                "ethnicity",
                "1",
                "registered_poor",
                "是",
                "liang_hou_sheng",
                "Y",
                "status",
                "在讀",
                "intake_date",
                "20190901",
                "updated_at",
                "2019-09-15T10:00:00.123");
        assertThat(verdict(f1)).isEqualTo("accepted");
        assertThat(f1.get("gender")).isEqualTo("F");
        assertThat(f1.get("birth_date")).isEqualTo(LocalDate.of(2003, 1, 2));
        assertThat(f1.get("ethnicity")).isEqualTo("01");
        assertThat(f1.get("ethnic_minority")).isEqualTo(false);
        assertThat(f1.get("registered_poor")).isEqualTo(true);
        assertThat(f1.get("liang_hou_sheng")).isEqualTo(true);
        assertThat(f1.get("status")).isEqualTo("ENROLLED");
        assertThat(f1.get("intake_date")).isEqualTo(LocalDate.of(2019, 9, 1));
        assertThat(f1.get("updated_at")).isEqualTo(LocalDateTime.parse("2019-09-15T10:00:00.123"));

        RecordClassifier.Classified f2 = classify(
                "FORMS2",
                "S21",
                "gender",
                "2",
                "ethnicity",
                "白族",
                "registered_poor",
                "no",
                "status",
                "毕业",
                "status_date",
                "2022/06/30",
                "employment_status",
                "就业",
                "employment_county_code",
                "530802",
                "updated_at",
                "2022-07-01 08:30:00");
        assertThat(verdict(f2)).isEqualTo("accepted");
        assertThat(f2.get("gender")).isEqualTo("F");
        assertThat(f2.get("ethnic_minority")).isEqualTo(true);
        assertThat(f2.get("registered_poor")).isEqualTo(false);
        assertThat(f2.get("liang_hou_sheng")).isEqualTo(false);
        assertThat(f2.get("status")).isEqualTo("GRADUATED");
        assertThat(f2.get("status_date")).isEqualTo(LocalDate.of(2022, 6, 30));
        assertThat(f2.get("employment_status")).isEqualTo("EMPLOYED");
        assertThat(f2.get("employment_province_code")).isEqualTo("530000");
        assertThat(f2.get("employment_prefecture_code")).isEqualTo("530800");

        RecordClassifier.Classified f3 = classify(
                "FORMS3",
                "S22",
                "gender",
                "m",
                "ethnicity",
                "",
                "registered_poor",
                "Yes",
                "status",
                " withdrawn ",
                "status_date",
                "20200315",
                "scheme",
                "");
        assertThat(verdict(f3)).isEqualTo("accepted");
        assertThat(f3.get("gender")).isEqualTo("M");
        assertThat(f3.get("registered_poor")).isEqualTo(true);
        assertThat(f3.get("status")).isEqualTo("WITHDRAWN");
        assertThat(f3.get("_raw_status")).isEqualTo("withdrawn");
        assertThat(f3.get("status_date")).isEqualTo(LocalDate.of(2020, 3, 15));
        assertThat(f3.get("ethnicity")).isNull();
        assertThat(f3.get("ethnic_minority")).as("unknown, not Han").isNull();
        assertThat(f3.get("scheme")).as("blank = unspecified").isNull();
        assertThat(f3.get("scheme_other")).isEqualTo(false);

        assertThat(classify("T", "S1", "liang_hou_sheng", "maybe").get("liang_hou_sheng"))
                .isNull();
        assertThat(classify("T", "S1", "status", "在籍").get("status")).isEqualTo("ENROLLED");
        assertThat(classify("T", "S1", "status", "輟學").get("status")).isEqualTo("WITHDRAWN");
        assertThat(classify("T", "S1", "status", "轉學").get("status")).isEqualTo("TRANSFERRED");
        assertThat(classify("T", "S1", "status", "GRADUATED", "employment_status", "待業")
                        .get("employment_status"))
                .isEqualTo("UNEMPLOYED");
        assertThat(classify("T", "S1", "ethnicity", "漢族").get("ethnic_minority"))
                .isEqualTo(false);
        assertThat(classify("T", "S1", "ethnicity", "汉族").get("ethnic_minority"))
                .isEqualTo(false);
        assertThat(classify("T", "S1", "ethnicity", "7").get("ethnicity")).isEqualTo("07");
        assertThat(classify("T", "S1", "gender", "\u3000F\uFEFF").get("gender"))
                .as("the job's trim set")
                .isEqualTo("F");
        assertThat(classify("T", "S1", "gender", "ｍ").get("gender"))
                .as("ASCII case only")
                .isNull();
    }

    @Test
    void pseudonymsOfOneStudentAgree() throws Exception {
        Object a = classify("SUP-1", "s30x").get("student_pseudonym");
        assertThat(classify("SUP-2", "S30X ").get("student_pseudonym")).isEqualTo(a);
        assertThat(classify("SUP-3A", "S30X").get("student_pseudonym"))
                .isEqualTo(a)
                .isEqualTo(hmac("S30X"));
        assertThat(classify("B", "\u3000").get("student_pseudonym"))
                .as("blank after strip()")
                .isNull();
    }

    /** ExcelDateFormsTest's dates and timestamps. */
    @Test
    void unpaddedMonthAndDayInEveryDateForm() {
        LocalDate sept9 = LocalDate.of(2003, 9, 9);
        for (String s :
                List.of("2003/9/9", "2003-9-9", "2003-09-9", "2003/9/09", "2003-09-09", "2003/09/09", "20030909")) {
            assertThat(RecordClassifier.date(s)).as(s).isEqualTo(sept9);
        }
        assertThat(RecordClassifier.date("2003-12-1")).isEqualTo(LocalDate.of(2003, 12, 1));
        assertThat(RecordClassifier.date("2020/2/29")).isEqualTo(LocalDate.of(2020, 2, 29));
        for (String bad : List.of(
                "2019-2-30",
                "2019/2/29",
                "2003/13/1",
                "2003-9/9",
                "2003/9-9",
                "2003-9-",
                "03-9-9",
                "2003-009-9",
                "2003-9-123",
                "200399",
                "2003--9",
                "2003-9-9 ",
                "20031301",
                "２００３0909")) {
            assertThat(RecordClassifier.date(bad)).as(bad).isNull();
        }
    }

    @Test
    void unpaddedMonthAndDayInEveryTimestampForm() {
        LocalDateTime morning = LocalDateTime.of(2019, 9, 1, 8, 30);
        assertThat(RecordClassifier.timestamp("2019-9-1 08:30:00")).isEqualTo(morning);
        assertThat(RecordClassifier.timestamp("2019-9-1T08:30:00")).isEqualTo(morning);
        assertThat(RecordClassifier.timestamp("2019-09-1 08:30:00.25")).isEqualTo(morning.plusNanos(250_000_000));
        assertThat(RecordClassifier.timestamp("2019-09-01 08:30:00.123456789"))
                .as("to the microsecond, as Spark")
                .isEqualTo(morning.plusNanos(123_456_000));
        for (String bad : List.of(
                "2019-2-30 08:30:00",
                "2019-9-1 8:30:00",
                "2019/9/1 08:30:00",
                "2019-09-01 08:30:00.",
                "2019-09-01 08:30:00.1234567890",
                "2019-09-01 24:00:00",
                "2019-09-01 08:60:00",
                "2019-09-01t08:30:00",
                "2019-09-01  08:30:00",
                "2019-09-01 08:30",
                "2019-09-01")) {
            assertThat(RecordClassifier.timestamp(bad)).as(bad).isNull();
        }
    }

    /** PersonalDataRulesTest's rows at the classifier. */
    @Test
    void anIdInAnyFieldButStudentIdQuarantinesTheRowAsALeak() {
        List<String> planted = new ArrayList<>();
        for (Field f : RawRecords.FIELDS) {
            if (f != Field.STUDENT_ID) {
                planted.add(f.column());
                assertThat(verdict("R1", "S1", f.column(), ID))
                        .as(f.column())
                        .isEqualTo("PERSONAL_DATA_IN_FIELD/" + f.column());
            }
        }
        assertThat(planted).hasSize(20);
        assertThat(verdict("G" + ID, "S100")).isEqualTo("PERSONAL_DATA_IN_FIELD/record_id");
        assertThat(verdict("R-BOTH", "S102", "gender", "X", "birth_date", ID))
                .as("before INVALID_VALUE of gender")
                .isEqualTo("PERSONAL_DATA_IN_FIELD/birth_date");
        assertThat(verdict("R-BLANK", "", "program_name", "数控 " + ID))
                .as("before MISSING_FIELD student_id")
                .isEqualTo("PERSONAL_DATA_IN_FIELD/program_name");
        assertThat(verdict("R-LONG", "S107", "program_name", "订单 123456789012345678"))
                .as("18 digits that are no ID")
                .isEqualTo("accepted");
        assertThat(classify("R1", "S1", "birth_date", ID).reasonDetail())
                .isEqualTo("birth_date holds a value shaped "
                        + "like an ID-card or student number (18 characters: digits, Latin letters); it was not kept, see the file "
                        + "at this line");
        assertThat(classify("R-BLANK", "", "program_name", "数控 " + ID).reasonDetail())
                .contains("(21 characters: digits, Latin letters, Chinese characters, spaces)");
        assertThat(classify("R-NAME", "S101", "status", "张小明").reasonDetail())
                .isEqualTo("status is not a status "
                        + "(ENROLLED, GRADUATED, WITHDRAWN, TRANSFERRED or 在读, 毕业, 退学, 转学); the value is 3 characters: Chinese "
                        + "characters");
    }

    @Test
    void schemesOutsideTheVocabularyArePublishedAsOther() {
        assertThat(classify("R-OK", "S104", "scheme", "沪滇联盟").get("scheme")).isEqualTo("沪滇联盟");
        RecordClassifier.Classified other = classify("R-OTHER", "S105", "scheme", "张小明");
        assertThat(other.get("scheme")).isEqualTo("其他");
        assertThat(other.get("scheme_other")).isEqualTo(true);
        assertThat(other.get("_raw_scheme")).isEqualTo("张小明");
        assertThat(classify("R-NONE", "S106", "scheme", "").get("scheme")).isNull();
    }

    /** OwnIdentityInFieldTest: the readers name the field; the classifier ranks it. */
    @Test
    void theRowsOwnNameOrIdNamedByTheReader() {
        RecordClassifier.Classified own =
                classifier.classify("t.csv", 9, null, fields(Fixtures.row("R-TWO", "T1", "gender", "X")), "ethnicity");
        assertThat(verdict(own)).as("before every rule about values").isEqualTo("PERSONAL_DATA_IN_FIELD/ethnicity");
        assertThat(own.reasonDetail())
                .isEqualTo("ethnicity holds the row's own student_name or student_id; it was not "
                        + "kept, see the file at this line");
        RecordClassifier.Classified both = classifier.classify(
                "t.csv", 9, null, fields(Fixtures.row("R-3", "T1", "program_name", ID)), "ethnicity");
        assertThat(verdict(both))
                .as("an ID-shaped value is named first")
                .isEqualTo("PERSONAL_DATA_IN_FIELD/program_name");
        RecordClassifier.Classified missing =
                classifier.classify("t.csv", 9, null, fields(Fixtures.row("R-4", "")), "record_id");
        assertThat(verdict(missing)).as("before MISSING_FIELD").isEqualTo("PERSONAL_DATA_IN_FIELD/record_id");
    }

    /** CodeHistoryJobTest's codes, resolved through the code history. */
    @Test
    void codesOfOtherVintagesResolveThroughTheHistory() {
        RecordClassifier.Classified cj = classify("H-CJ", "SCJ", "origin_county_code", "530422");
        assertThat(verdict(cj)).isEqualTo("accepted");
        assertThat(cj.get("origin_county_code_submitted")).isEqualTo("530422");
        assertThat(cj.get("origin_county_code")).isEqualTo("530481");
        assertThat(cj.get("origin_county_name")).isEqualTo("澄江市");
        assertThat(cj.get("origin_prefecture_code")).isEqualTo("530400");
        assertThat(cj.get("origin_province_code")).isEqualTo("530000");
        assertThat(cj.get("origin_county_resolution")).isEqualTo("FORWARD");
        RecordClassifier.Classified hd = classify("H-HD", "SHD", "origin_county_code", "130421");
        assertThat(hd.get("origin_county_code")).isNull();
        assertThat(hd.get("origin_county_name")).isNull();
        assertThat(hd.get("origin_prefecture_code")).isEqualTo("130400");
        assertThat(hd.get("origin_prefecture_name")).isEqualTo("邯郸市");
        assertThat(hd.get("origin_county_resolution")).isEqualTo("TO_PREFECTURE");
        RecordClassifier.Classified hx = classify("H-HX", "SHX", "origin_county_code", "341424");
        assertThat(verdict(hx)).isEqualTo("accepted");
        assertThat(hx.get("origin_county_code")).isNull();
        assertThat(hx.get("origin_prefecture_code")).isNull();
        assertThat(hx.get("origin_province_name")).isEqualTo("安徽省");
        assertThat(hx.get("origin_county_resolution")).isEqualTo("TO_PROVINCE");
        RecordClassifier.Classified ls = classify(
                "H-LS",
                "SLS",
                "origin_county_code",
                "533321",
                "status",
                "GRADUATED",
                "status_date",
                "2022-06-30",
                "employment_status",
                "EMPLOYED",
                "employment_county_code",
                "533321");
        assertThat(verdict(ls)).isEqualTo("accepted");
        assertThat(ls.get("employment_county_code_submitted")).isEqualTo("533321");
        assertThat(ls.get("employment_county_code")).isEqualTo("533301");
        assertThat(ls.get("employment_prefecture_code")).isEqualTo("533300");
        assertThat(ls.get("employment_province_code")).isEqualTo("530000");
        assertThat(classify("H-PS", "SPS", "origin_county_code", "511422").get("origin_county_code"))
                .isEqualTo("511403");
        RecordClassifier.Classified hm = classify("H-HM", "SHM", "origin_county_code", "320614");
        assertThat(hm.get("origin_county_code")).isEqualTo("320684");
        assertThat(hm.get("origin_county_resolution")).isEqualTo("BACKWARD");
        RecordClassifier.Classified cb = classify(
                "H-CB",
                "SCB",
                "host_county_code",
                "320613",
                "host_school_code",
                "4320613001",
                "host_school_name",
                "崇川职校");
        assertThat(verdict(cb)).isEqualTo("accepted");
        assertThat(cb.get("host_county_code")).isNull();
        assertThat(cb.get("host_prefecture_code")).isEqualTo("320600");
        assertThat(verdict("H-UNK", "SUNK", "origin_county_code", "999999"))
                .isEqualTo("UNKNOWN_REGION/origin_county_code");
        RecordClassifier.Classified hubei = classify("HUBEI", "S23", "origin_county_code", "429004");
        assertThat(hubei.get("origin_county_name")).isEqualTo("仙桃市");
        assertThat(hubei.get("origin_prefecture_code"))
                .as("the reference says so, not the digits")
                .isEqualTo("429000");
        assertThat(hubei.get("origin_prefecture_name")).isEqualTo("省直辖县级行政区划");
        assertThat(hubei.get("origin_province_code")).isEqualTo("420000");
    }

    @Test
    void codesAreExactlyTheirDigits() {
        assertThat(verdict("C", "S1", "origin_county_code", "５３２９０１"))
                .as("full-width digits")
                .isEqualTo("INVALID_VALUE/origin_county_code");
        assertThat(verdict("C", "S1", "program_code", "66010")).isEqualTo("INVALID_VALUE/program_code");
        assertThat(verdict("C", "S1", "host_school_code", "41320000010")).isEqualTo("INVALID_VALUE/host_school_code");
        assertThat(verdict("C", "S1", "origin_county_code", "532901\u2028"))
                .as("no line terminator after the $")
                .isEqualTo("INVALID_VALUE/origin_county_code");
    }
}
