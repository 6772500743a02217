package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Runs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hand-made CSV that exercises every rule of the input contract. The expected outcome of each row is written
 * next to it below, worked out by hand from the contract.
 */
class IntakeTest {
    @TempDir
    static Path tmp;

    static Path output;
    static Runs.Result result;
    static Map<String, Map<String, Object>> clean;
    static Map<String, Map<String, Object>> quarantine;

    static Map<String, String> r(String recordId, String studentId, String... overrides) {
        return Fixtures.row(recordId, studentId.isEmpty() ? "" : "PII" + studentId, overrides);
    }

    @BeforeAll
    static void runOnce() throws IOException {
        List<Object> rows = new ArrayList<>();
        rows.add(r("V1", "S01")); // line 2: accepted
        rows.add("MAL1,PIIS02,x"); // 3: MALFORMED (3 fields), record_id kept (issue 13)
        rows.add(r("MIS1", "", "gender", "X")); // 4: MISSING_FIELD beats INVALID
        rows.add(r("INV1", "S04", "gender", "X", "origin_county_code", "999999")); // 5: INVALID beats UNKNOWN
        rows.add(r("UNK1", "S05", "origin_county_code", "999999", "status_date", "2019-08-01")); // 6: UNKNOWN beats INC
        rows.add(r("INC1", "S06", "status_date", "2019-08-01")); // 7: INCONSISTENT status_date
        rows.add(r("INC2", "S07", "employment_status", "EMPLOYED")); // 8: employment on ENROLLED
        rows.add(r(
                "INC3",
                "S08",
                "status",
                "GRADUATED",
                "status_date",
                "2022-06-30",
                "employment_status",
                "FURTHER_STUDY",
                "employment_county_code",
                "532901")); // 9: county without EMPLOYED
        rows.add(r("FUT", "S09", "intake_date", "2024-07-01")); // 10: after the run date
        rows.add(r("OLD", "S10", "intake_date", "2009-12-31")); // 11: before 2010-01-01
        rows.add(r("EDGE", "S11", "intake_date", "2024-06-30", "updated_at", "2024-06-30 12:00:00")); // 12: accepted
        rows.add(r("FIVE", "S12", "origin_county_code", "53290")); // 13: 5-digit code
        rows.add(r("FEB30", "S13", "birth_date", "2019-02-30")); // 14: impossible date
        rows.add(r("STAT", "S14", "status", "SUSPENDED")); // 15: unknown enum
        rows.add("QUOTE,PIIS15,\"名字\"x,M,2003-01-02,01,532901,,4132000001,,320115,,,,2019-09-01,true,,ENROLLED,,,,"
                + "2019-09-15 10:00:00"); // 16: MALFORMED quoting
        rows.add(r("NOUPD", "S16", "updated_at", "")); // 17: MISSING updated_at
        rows.add(r("BADTS", "S17", "updated_at", "2019-09-15 25:00:00")); // 18: INVALID updated_at
        rows.add(r(
                "EMPUNK",
                "S18",
                "status",
                "GRADUATED",
                "status_date",
                "2022-06-30",
                "employment_status",
                "EMPLOYED",
                "employment_county_code",
                "999999")); // 19: UNKNOWN employment
        rows.add(r(
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
                "2019-09-15T10:00:00.123")); // 20: accepted
        rows.add(r(
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
                "2022-07-01 08:30:00")); // 21: accepted
        rows.add(r(
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
                "")); // 22: accepted
        rows.add(r("HUBEI", "S23", "origin_county_code", "429004")); // 23: accepted, 429000
        rows.add(r("SUP-1", "s30x")); // 24: superseded (oldest)
        rows.add(r("SUP-2", "S30X ", "updated_at", "2020-01-01 10:00:00")); // 25: superseded (tie, "2"<"3A")
        rows.add(r("SUP-3A", "S30X", "updated_at", "2020-01-01 10:00:00")); // 26: accepted
        rows.add(r("SUP-Y2", "S30X", "intake_date", "2020-09-01")); // 27: accepted (other year)
        rows.add(r("SUP-BAD", "S30X", "gender", "X", "updated_at", "2021-01-01 10:00:00")); // 28: INVALID, never wins
        rows.add(""); // 29: blank line, no row
        rows.add(r("TIE-A", "S31")); // 30: superseded
        rows.add(r("TIE-B", "S31")); // 31: accepted
        rows.add(r("ML", "S32", "origin_school", "第一\n中学, \"实验\"")); // 32-33: accepted
        rows.add(r("AFTERML", "S34", "gender", "X")); // 34: INVALID at line 34
        Path input = tmp.resolve("in");
        Fixtures.csv(input.resolve("rules.csv"), rows);
        output = tmp.resolve("out");
        result = Runs.run(input, output);
        clean = byRecordId(Runs.table(output, "enrollments_clean"));
        quarantine = byRecordId(Runs.table(output, "quarantine"));
    }

    private static Map<String, Map<String, Object>> byRecordId(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> m = new HashMap<>();
        for (Map<String, Object> row : rows) {
            m.put(String.valueOf(row.get("record_id")), row);
        }
        return m;
    }

    @Test
    void runSucceedsWithSummary() {
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("31 rows read, 10 accepted, 3 superseded, 18 quarantined")
                .contains("MALFORMED 2, MISSING_FIELD 2, INVALID_VALUE 9, UNKNOWN_REGION 2, INCONSISTENT 3");
    }

    @Test
    void acceptedRowsAreTheHandPickedWinners() {
        assertThat(clean.keySet())
                .containsExactlyInAnyOrder(
                        "V1", "EDGE", "FORMS1", "FORMS2", "FORMS3", "HUBEI", "SUP-3A", "SUP-Y2", "TIE-B", "ML");
    }

    @Test
    void eachReasonCodeInPrecedenceWithField() {
        Map<String, String> expected = new HashMap<>();
        expected.put("MAL1", "MALFORMED/null"); // the first column: no separator can have shifted it
        expected.put("MIS1", "MISSING_FIELD/student_id");
        expected.put("INV1", "INVALID_VALUE/gender");
        expected.put("UNK1", "UNKNOWN_REGION/origin_county_code");
        expected.put("INC1", "INCONSISTENT/status_date");
        expected.put("INC2", "INCONSISTENT/employment_status");
        expected.put("INC3", "INCONSISTENT/employment_county_code");
        expected.put("FUT", "INVALID_VALUE/intake_date");
        expected.put("OLD", "INVALID_VALUE/intake_date");
        expected.put("FIVE", "INVALID_VALUE/origin_county_code");
        expected.put("FEB30", "INVALID_VALUE/birth_date");
        expected.put("STAT", "INVALID_VALUE/status");
        expected.put("NOUPD", "MISSING_FIELD/updated_at");
        expected.put("BADTS", "INVALID_VALUE/updated_at");
        expected.put("EMPUNK", "UNKNOWN_REGION/employment_county_code");
        expected.put("SUP-BAD", "INVALID_VALUE/gender");
        expected.put("AFTERML", "INVALID_VALUE/gender");
        Map<String, String> actual = quarantine.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().get("reason_code") + "/"
                                + e.getValue().get("field")));
        // Two MALFORMED rows: MAL1 keeps its record_id; QUOTE's quoting is broken, so it has none: counted apart.
        assertThat(Runs.table(output, "quarantine")).hasSize(18);
        assertThat(Runs.table(output, "quarantine").stream().filter(q -> "MALFORMED".equals(q.get("reason_code"))))
                .extracting(q -> q.get("line_number"))
                .containsExactlyInAnyOrder(3L, 16L);
        actual.remove("null");
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void quarantineNamesFileLineAndDetail() {
        Map<String, Object> feb30 = quarantine.get("FEB30");
        assertThat(feb30.get("source_file")).isEqualTo("rules.csv");
        assertThat(feb30.get("line_number")).isEqualTo(14L);
        // The value's shape, never the value: what fails to type may be a name or an ID number in the wrong column.
        assertThat((String) feb30.get("detail"))
                .isEqualTo("birth_date is not a date (yyyy-MM-dd, yyyy/MM/dd or yyyyMMdd); the value is 10 characters: "
                        + "digits, other characters")
                .doesNotContain("2019-02-30");
        assertThat((String) quarantine.get("STAT").get("detail"))
                .doesNotContain("SUSPENDED")
                .endsWith("the value is 9 characters: Latin letters");
        assertThat(quarantine.get("AFTERML").get("line_number"))
                .as("line after a two-line record")
                .isEqualTo(34L);
        assertThat((String) quarantine.get("FUT").get("detail"))
                .isEqualTo("intake_date is outside 2010-01-01 to the run date 2024-06-30");
    }

    @Test
    void everyValueFormIsTyped() {
        Map<String, Object> f1 = clean.get("FORMS1");
        assertThat(f1.get("gender")).isEqualTo("F");
        assertThat(f1.get("birth_date")).isEqualTo(Date.valueOf("2003-01-02"));
        assertThat(f1.get("ethnicity")).isEqualTo("01");
        assertThat(f1.get("ethnic_minority")).isEqualTo(false);
        assertThat(f1.get("registered_poor")).isEqualTo(true);
        assertThat(f1.get("liang_hou_sheng")).isEqualTo(true);
        assertThat(f1.get("status")).isEqualTo("ENROLLED");
        assertThat(f1.get("intake_date")).isEqualTo(Date.valueOf("2019-09-01"));
        assertThat(f1.get("intake_year")).isEqualTo(2019);
        assertThat(f1.get("updated_at")).isEqualTo(LocalDateTime.parse("2019-09-15T10:00:00.123"));

        Map<String, Object> f2 = clean.get("FORMS2");
        assertThat(f2.get("gender")).isEqualTo("F");
        assertThat(f2.get("ethnic_minority")).isEqualTo(true);
        assertThat(f2.get("registered_poor")).isEqualTo(false);
        assertThat(f2.get("liang_hou_sheng")).as("blank = false").isEqualTo(false);
        assertThat(f2.get("status")).isEqualTo("GRADUATED");
        assertThat(f2.get("status_date")).isEqualTo(Date.valueOf("2022-06-30"));
        assertThat(f2.get("employment_status")).isEqualTo("EMPLOYED");
        assertThat(f2.get("employment_province_code")).isEqualTo("530000");
        assertThat(f2.get("employment_prefecture_code")).isEqualTo("530800");

        Map<String, Object> f3 = clean.get("FORMS3");
        assertThat(f3.get("gender")).isEqualTo("M");
        assertThat(f3.get("registered_poor")).isEqualTo(true);
        assertThat(f3.get("status")).isEqualTo("WITHDRAWN");
        assertThat(f3.get("status_date")).isEqualTo(Date.valueOf("2020-03-15"));
        assertThat(f3.get("ethnicity")).isNull();
        assertThat(f3.get("ethnic_minority")).as("unknown, not Han").isNull();
        assertThat(f3.get("scheme")).as("blank = unspecified").isNull();
    }

    @Test
    void noColumnDeclaredNotNullHoldsANull() throws Exception {
        // these rows leave optional fields blank (an unknown ethnicity makes ethnic_minority null)
        assertThat(DeclaredNullabilityTest.assertDeclaredNullability(output)).contains("enrollments_clean.record_id");
    }

    @Test
    void regionsResolveThroughTheReference() {
        Map<String, Object> v1 = clean.get("V1");
        assertThat(v1.get("origin_prefecture_code")).isEqualTo("532900");
        assertThat(v1.get("origin_prefecture_name")).isEqualTo("大理白族自治州");
        assertThat(v1.get("origin_province_name")).isEqualTo("云南省");
        assertThat(v1.get("host_prefecture_code")).isEqualTo("320100");
        assertThat(v1.get("host_province_code")).isEqualTo("320000");
        Map<String, Object> hubei = clean.get("HUBEI");
        assertThat(hubei.get("origin_county_name")).isEqualTo("仙桃市");
        assertThat(hubei.get("origin_prefecture_code"))
                .as("not 429000 by digits: the reference says so")
                .isEqualTo("429000");
        assertThat(hubei.get("origin_prefecture_name")).isEqualTo("省直辖县级行政区划");
        assertThat(hubei.get("origin_province_code")).isEqualTo("420000");
    }

    @Test
    void quotedFieldWithLineBreakSurvives() {
        assertThat(clean.get("ML").get("origin_school")).isEqualTo("第一\n中学, \"实验\"");
        assertThat(clean.get("ML").get("line_number")).isEqualTo(32L);
    }

    @Test
    void supersessionKeysOnNormalizedIdAndIntakeYear() {
        assertThat(clean.get("SUP-3A").get("student_pseudonym"))
                .as("'s30x', 'S30X ' and 'S30X' are one student")
                .isEqualTo(clean.get("SUP-Y2").get("student_pseudonym"));
        List<Map<String, Object>> dq = Runs.table(output, "data_quality");
        assertThat(dq).hasSize(1);
        assertThat(dq.get(0))
                .containsEntry("rows_read", 31L)
                .containsEntry("accepted", 10L)
                .containsEntry("superseded", 3L)
                .containsEntry("quarantined", 18L)
                .containsEntry("malformed", 2L)
                .containsEntry("missing_field", 2L)
                .containsEntry("invalid_value", 9L)
                .containsEntry("unknown_region", 2L)
                .containsEntry("inconsistent", 3L);
    }

    @Test
    void pseudonymIsHmacSha256OfTheNormalizedId() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(Runs.TEST_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal("PIIS01".getBytes(StandardCharsets.UTF_8)));
        assertThat(clean.get("V1").get("student_pseudonym")).isEqualTo(expected);
    }

    @Test
    void manifestHoldsCountsAndFingerprintNotKey() throws Exception {
        String manifest = Files.readString(output.resolve("_runs/" + Runs.RUN_DATE + "/manifest.json"));
        com.fasterxml.jackson.databind.JsonNode m =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest);
        assertThat(m.get("run_date").asText()).isEqualTo(Runs.RUN_DATE);
        assertThat(m.get("rows_read").asLong()).isEqualTo(31);
        assertThat(m.get("accepted").asLong()).isEqualTo(10);
        assertThat(m.get("superseded").asLong()).isEqualTo(3);
        assertThat(m.get("quarantined").asLong()).isEqualTo(18);
        assertThat(m.get("quarantined_by_reason").get("INVALID_VALUE").asLong()).isEqualTo(9);
        assertThat(m.get("input_files").get(0).get("size_bytes").asLong())
                .isEqualTo(Files.size(tmp.resolve("in/rules.csv")));
        // HMAC-SHA256 of the fixed label under the key, not a plain hash of the key: worked out here independently.
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(Runs.TEST_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String label = java.util.HexFormat.of()
                .formatHex(mac.doFinal("crossenroll pseudonym key fingerprint v2".getBytes(StandardCharsets.UTF_8)));
        assertThat(m.get("pseudonym_key_fingerprint").asText()).isEqualTo("hmac-sha256:" + label.substring(0, 16));
        assertThat(m.get("code_version").asText()).isNotBlank();
        assertThat(m.has("started_at") && m.has("finished_at")).isTrue();
        assertThat(manifest).doesNotContain(Runs.TEST_KEY);
        assertThat(Files.readString(output.resolve("_runs/latest")).strip()).isEqualTo(Runs.RUN_DATE);
    }
}
