package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cooperation ledger through one whole run beside one enrollment: a GB18030 CSV with traditional Chinese headers,
 * a JSON Lines file re-sending a record, a Parquet file of numbers; MALFORMED, INVALID_VALUE and INCONSISTENT rows;
 * the row identity; the report's Ningbo-Qianxinan figures. Expected values worked by hand from the files below.
 */
class CooperationJobTest {
    static final Charset GB18030 = Charset.forName("GB18030");
    static final String[] TRADITIONAL = {"記錄編號", "幫扶方地區代碼", "受援方地區代碼", "年度", "指標", "數值", "更新時間"};

    @TempDir
    static Path tmp;

    static Runs.Result result;
    static Path output;

    @BeforeAll
    static void runOnce() throws IOException {
        Path input = tmp.resolve("in");
        Fixtures.csv(input.resolve("enrollments.csv"), List.of(Fixtures.row("E1", "S1")));
        String stamp = "2020-01-01 08:00:00";
        Fixtures.csv(
                input.resolve("cooperation/宁波.csv"),
                TRADITIONAL,
                GB18030,
                false,
                List.of(
                        "N1,330200,522300,2019,帮扶资金,2000000," + stamp, // re-sent below, 2,598,000
                        "N2,330200,522300,2019,派出挂职干部,9," + stamp,
                        "N3,330200,522300,2019,派出教师,58," + stamp,
                        "N4,330200,522300,2019,接收挂职干部,18," + stamp,
                        "N5,330200,522300,2019,接收教师,42," + stamp,
                        "N6,330200,522300,2019,培训教师,213," + stamp,
                        "N7,330200,522300,2030,培训教师,1," + stamp, // INVALID_VALUE: after the run date's year
                        "N8,330200,522300,2019,培训教师," + stamp)); // MALFORMED: 6 fields
        Files.writeString(
                input.resolve("cooperation/updates.jsonl"),
                String.join(
                                "\n",
                                "{\"record_id\":\"N1\",\"host_region_code\":\"330200\",\"origin_region_code\":522300,"
                                        + "\"year\":2019,\"indicator\":\"funds_cny\",\"value\":2598000.00,"
                                        + "\"updated_at\":\"2020-02-01 08:00:00\"}",
                                "not json",
                                // 泸水县 533321, retired in 2016: 泸水市 533301
                                "{\"record_id\":\"Z1\",\"host_region_code\":\"440400\",\"origin_region_code\":\"533321\","
                                        + "\"year\":2018,\"indicator\":\"funds_cny\",\"value\":100,\"note\":\"x\","
                                        + "\"updated_at\":\"2019-03-01 08:00:00\"}")
                        + "\n",
                StandardCharsets.UTF_8);
        StructType schema = new StructType()
                .add("record_id", DataTypes.StringType)
                .add("host_region_code", DataTypes.IntegerType)
                .add("origin_region_code", DataTypes.IntegerType)
                .add("year", DataTypes.IntegerType)
                .add("indicator", DataTypes.StringType)
                .add("value", DataTypes.LongType)
                .add("updated_at", DataTypes.StringType);
        TestSpark.session()
                .createDataFrame(
                        List.of(
                                // a pairing reported at county level: 鄞州区 with 兴义市
                                RowFactory.create("P1", 330212, 522301, 2018, "共建实训基地", 2L, stamp),
                                // INCONSISTENT: the same region on both sides
                                RowFactory.create("P2", 522301, 522301, 2018, "共建实训基地", 1L, stamp)),
                        schema)
                .coalesce(1)
                .write()
                .parquet(input.resolve("cooperation/bases.parquet").toString());
        output = tmp.resolve("out");
        result = Runs.run(
                input,
                output,
                "--json",
                "--metrics-file",
                tmp.resolve("crossenroll.prom").toString());
    }

    static Map<String, Object> reportRow(String level, String host, Integer year, String indicator) {
        List<Map<String, Object>> rows = Runs.table(output, "cooperation").stream()
                .filter(r -> r.get("level").equals(level)
                        && Objects.equals(r.get("host_region_code"), host)
                        && Objects.equals(r.get("year"), year)
                        && r.get("indicator").equals(indicator))
                .toList();
        assertThat(rows).as("%s %s %s %s", level, host, year, indicator).hasSize(1);
        return rows.get(0);
    }

    @Test
    void everyRowEndsInOnePlaceAndEnrollmentsAreUntouched() {
        assertThat(result.exitCode()).as(result.err()).isZero();
        // 8 CSV rows + 3 JSON lines + 2 Parquet rows = 13 = 8 accepted + 1 superseded + 4 quarantined
        assertThat(result.err())
                .contains("cooperation 3 files, 13 rows read, 8 accepted, 1 superseded, 4 quarantined "
                        + "(MALFORMED 2, INVALID_VALUE 1, INCONSISTENT 1)")
                .contains("cooperation/updates.jsonl: ignored columns [note]");
        assertThat(Runs.table(output, "cooperation_clean")).hasSize(8);
        assertThat(Runs.table(output, "cooperation_quarantine").stream()
                        .map(r -> r.get("source_file") + ":" + r.get("line_number") + ":" + r.get("reason_code") + ":"
                                + r.get("field"))
                        .sorted()
                        .toList())
                .hasSize(4)
                .contains(
                        "cooperation/updates.jsonl:2:MALFORMED:null",
                        "cooperation/宁波.csv:8:INVALID_VALUE:year",
                        "cooperation/宁波.csv:9:MALFORMED:null")
                .filteredOn(s -> s.startsWith("cooperation/bases.parquet/"))
                .singleElement()
                .satisfies(s -> assertThat(s).endsWith(":2:INCONSISTENT:origin_region_code"));
        assertThat(Runs.table(output, "enrollments_clean")).hasSize(1);
        assertThat(Runs.table(output, "quarantine")).isEmpty();
    }

    @Test
    void theResultTheManifestAndTheMetricsFileCountEveryCooperationRow() throws IOException {
        // the same 13 rows as above, by hand: 8 accepted (N1 re-sent, N2-N6, Z1, P1), 1 superseded (N1's first
        // version), 4 quarantined: MALFORMED 2 (N8, "not json"), INVALID_VALUE 1 (N7), INCONSISTENT 1 (P2)
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode printed = json.readTree(result.out());
        com.fasterxml.jackson.databind.JsonNode manifest = json.readTree(
                output.resolve("_runs/" + Runs.RUN_DATE + "/manifest.json").toFile());
        for (com.fasterxml.jackson.databind.JsonNode c :
                List.of(printed.path("cooperation_counts"), manifest.path("cooperation"))) {
            assertThat(List.of(
                            c.path("rows_read").asLong(),
                            c.path("accepted").asLong(),
                            c.path("superseded").asLong(),
                            c.path("quarantined").asLong()))
                    .as(c.toString())
                    .containsExactly(13L, 8L, 1L, 4L);
            com.fasterxml.jackson.databind.JsonNode reasons = c.path("quarantined_by_reason");
            assertThat(List.of(
                            reasons.path("MALFORMED").asLong(),
                            reasons.path("INVALID_VALUE").asLong(),
                            reasons.path("INCONSISTENT").asLong(),
                            reasons.path("MISSING_FIELD").asLong()))
                    .as(c.toString())
                    .containsExactly(2L, 1L, 1L, 0L);
        }
        // the enrollment counts stay the enrollments' own: the one enrollment row
        assertThat(printed.path("counts").path("rows_read").asLong()).isEqualTo(1);
        // a first night: nothing expected, so no pairing is missing
        assertThat(printed.path("missing_pairings")).isEmpty();
        Map<String, Double> prom =
                org.crossenroll.testing.PrometheusText.parse(Files.readString(tmp.resolve("crossenroll.prom")));
        assertThat(prom)
                .containsEntry("crossenroll_cooperation_rows_read", 13.0)
                .containsEntry("crossenroll_cooperation_rows_accepted", 8.0)
                .containsEntry("crossenroll_cooperation_rows_superseded", 1.0)
                .containsEntry("crossenroll_cooperation_rows_quarantined{reason=\"MALFORMED\"}", 2.0)
                .containsEntry("crossenroll_cooperation_rows_quarantined{reason=\"INCONSISTENT\"}", 1.0)
                .containsEntry("crossenroll_missing_pairings", 0.0);
        // the pairings tonight, in the metrics: 宁波 x 黔西南 6 accepted (N1-N6) and 1 superseded, 鄞州区 x 兴义市 (P1)
        // and 珠海 x 泸水市 (Z1) 1 each
        assertThat(Runs.table(output, "metrics").stream()
                        .filter(r -> r.get("entity_kind").equals("pairing"))
                        .map(r -> r.get("entity_code") + " " + r.get("metric") + " " + r.get("value"))
                        .sorted()
                        .toList())
                .containsExactly(
                        "330200-522300 accepted 6",
                        "330200-522300 superseded 1",
                        "330212-522301 accepted 1",
                        "330212-522301 superseded 0",
                        "440400-533301 accepted 1",
                        "440400-533301 superseded 0");
    }

    @Test
    void theReportShowsNingboQianxinanAndTheReSentAmount() {
        Map<String, Object> funds = reportRow("pairing", "330200", null, "funds_cny");
        assertThat(funds.get("value")).isEqualTo(new BigDecimal("2598000.00"));
        assertThat(funds.get("records")).isEqualTo(1L);
        assertThat(funds.get("origin_region_name")).isEqualTo("黔西南布依族苗族自治州");
        String[][] persons = {
            {"cadres_sent", "9"},
            {"teachers_sent", "58"},
            {"cadres_received", "18"},
            {"teachers_received", "42"},
            {"teachers_trained", "213"}
        };
        for (String[] p : persons) {
            assertThat(reportRow("pairing", "330200", 2019, p[0]).get("value"))
                    .as(p[0])
                    .isEqualTo(new BigDecimal(p[1] + ".00"));
        }
        // the county pairing rolled up: 浙江省 x 贵州省 training bases
        Map<String, Object> bases = reportRow("province", "330000", null, "training_bases");
        assertThat(List.of(bases.get("origin_region_code"), bases.get("value"), bases.get("records")))
                .containsExactly("520000", new BigDecimal("2.00"), 1L);
        // the retired county code resolved: 珠海 x 泸水市
        Map<String, Object> nujiang = reportRow("pairing", "440400", 2018, "funds_cny");
        assertThat(List.of(nujiang.get("origin_region_code"), nujiang.get("origin_region_name")))
                .containsExactly("533301", "泸水市");
        // the programme: 2,598,000 + 100
        assertThat(reportRow("programme", null, null, "funds_cny").get("value"))
                .isEqualTo(new BigDecimal("2598100.00"));

        // both ledgers: Ningbo-Qianxinan is a pairing of the bundled pairings with inputs and, tonight, no student; its
        // records are N1 (re-sent), N2-N6 and P1 (鄞州区 x 兴义市, inside 宁波 x 黔西南): 7
        Map<String, Object> ledger = Runs.table(output, "pairing_ledgers").stream()
                .filter(r -> r.get("host_region_code").equals("330200")
                        && r.get("origin_region_code").equals("522300")
                        && r.get("year") == null)
                .findFirst()
                .orElseThrow();
        assertThat(List.of(
                        ledger.get("students"),
                        ledger.get("funds_cny"),
                        ledger.get("teachers_sent"),
                        ledger.get("cooperation_records"),
                        ledger.get("inputs_without_students"),
                        ledger.get("students_without_inputs")))
                .containsExactly(0L, new BigDecimal("2598000.00"), 58L, 7L, true, false);
        assertThat(ledger.get("students_per_million_yuan")).isEqualTo(0.0);
    }
}
