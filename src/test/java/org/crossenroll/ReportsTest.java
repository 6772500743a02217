package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.crossenroll.testing.DuckDbRows;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Runs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six hand-made enrollments whose reports were worked out by hand (see the comments): every rollup level,
 * all-years rows, a county directly under a province (429004), distinct counts, zero denominators, and pairings at
 * province and prefecture level.
 */
class ReportsTest {
    @TempDir
    static Path tmp;

    static Path output;
    static Runs.Result result;

    @BeforeAll
    static void runOnce() throws IOException {
        List<Object> rows = List.of(
                // A: Dali city -> Jiangning school 甲 (001), 2019, F, Bai, poor, 两后生, enrolled, from 一中.
                Fixtures.row(
                        "A",
                        "SA",
                        "gender",
                        "F",
                        "ethnicity",
                        "白族",
                        "liang_hou_sheng",
                        "1",
                        "host_school_code",
                        "4320115001",
                        "host_school_name",
                        "甲校",
                        "origin_school",
                        "一中",
                        "scheme",
                        "S1"),
                // B: Yangbi (Dali) -> 甲, 2019, M, Han, poor, graduated and employed back home in Yunnan.
                Fixtures.row(
                        "B",
                        "SB",
                        "origin_county_code",
                        "532922",
                        "host_school_code",
                        "4320115001",
                        "host_school_name",
                        "甲校",
                        "origin_school",
                        "一中",
                        "scheme",
                        "S1",
                        "status",
                        "GRADUATED",
                        "status_date",
                        "2022-06-30",
                        "employment_status",
                        "EMPLOYED",
                        "employment_county_code",
                        "532901"),
                // C: Simao (Pu'er) -> Xuhui (Shanghai) school 乙, 2020, F, Han, not poor, graduated, employed in
                // Shanghai.
                Fixtures.row(
                        "C",
                        "SC",
                        "gender",
                        "F",
                        "origin_county_code",
                        "530802",
                        "host_county_code",
                        "310104",
                        "host_school_code",
                        "4310104001",
                        "host_school_name",
                        "乙校",
                        "origin_school",
                        "思茅中学",
                        "scheme",
                        "S1",
                        "intake_date",
                        "2020-09-01",
                        "registered_poor",
                        "false",
                        "status",
                        "GRADUATED",
                        "status_date",
                        "2023-06-30",
                        "employment_status",
                        "EMPLOYED",
                        "employment_county_code",
                        "310104"),
                // D: Xiantao (429004, under Hubei directly) -> Kunshan school 丙, 2019, M, poor, 两后生, withdrawn, no
                // school.
                Fixtures.row(
                        "D",
                        "SD",
                        "origin_county_code",
                        "429004",
                        "host_county_code",
                        "320583",
                        "host_school_code",
                        "4320583001",
                        "host_school_name",
                        "丙校",
                        "origin_school",
                        "",
                        "scheme",
                        "S1",
                        "liang_hou_sheng",
                        "是",
                        "status",
                        "WITHDRAWN",
                        "status_date",
                        "2020-01-15"),
                // E: Dali city -> Jiangning school 丁 (002), 2020, F, Han, poor, graduated, further study, scheme S2.
                Fixtures.row(
                        "E",
                        "SE",
                        "gender",
                        "F",
                        "host_school_code",
                        "4320115002",
                        "host_school_name",
                        "丁校",
                        "origin_school",
                        "一中",
                        "scheme",
                        "S2",
                        "intake_date",
                        "2020-09-01",
                        "status",
                        "GRADUATED",
                        "status_date",
                        "2023-06-30",
                        "employment_status",
                        "FURTHER_STUDY"),
                // F: Dali city -> 甲, 2020, M, poor, transferred, from 二中.
                Fixtures.row(
                        "F",
                        "SF",
                        "host_school_code",
                        "4320115001",
                        "host_school_name",
                        "甲校",
                        "origin_school",
                        "二中",
                        "scheme",
                        "S1",
                        "intake_date",
                        "2020-09-01",
                        "status",
                        "TRANSFERRED",
                        "status_date",
                        "2021-03-01"));
        // a current night: its newest change just before the run date 2024-06-30, so that the 2019 and 2020 cohorts
        // have finished (docs/reports.md, "Rates over complete cohorts") and outcomes has rates and pooled rows
        for (Object row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, String> fields = (Map<String, String>) row;
            fields.put("updated_at", "2024-06-01 10:00:00");
        }
        Path input = tmp.resolve("in");
        Fixtures.csv(input.resolve("six.csv"), rows);
        Path pairings = tmp.resolve("pairings.csv");
        Files.writeString(
                pairings,
                String.join(
                                "\n",
                                "host_region_code,origin_region_code,target_students,note",
                                "320000,532900,10,province <- prefecture",
                                "310000,530000,,province <- province without target",
                                "320500,420000,0,prefecture <- province with target 0",
                                "120000,620000,5,no students yet")
                        + "\n");
        // The schemes S1 and S2 of these rows are a vocabulary of their own (--schemes); elsewhere they would be 其他.
        Path schemes = tmp.resolve("schemes.csv");
        Files.writeString(schemes, "scheme,note\nS1,first\nS2,second\n");
        output = tmp.resolve("out");
        result = Runs.run(input, output, "--pairings", pairings.toString(), "--schemes", schemes.toString());
    }

    private static Connection duckdb() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    private static List<Map<String, Object>> query(String sql) throws SQLException {
        return DuckDbRows.query(sql);
    }

    private static String report(String name) {
        return "read_parquet('" + output.resolve(name) + "/*/*.parquet')";
    }

    /** The counts of one row as a compact string: students,female,minority,poor,lhs,enr,grad,wd,tr,emp,fs,eo,eh. */
    private static String counts(Map<String, Object> r) {
        List<String> names = List.of(
                "students",
                "female",
                "ethnic_minority",
                "registered_poor",
                "liang_hou_sheng",
                "enrolled",
                "graduated",
                "withdrawn",
                "transferred",
                "employed",
                "further_study",
                "employed_in_origin_province",
                "employed_in_host_province");
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append(b.length() == 0 ? "" : ",").append(r.get(n));
        }
        return b.toString();
    }

    @Test
    void flowsByYearSchemeAndPrefectures() throws SQLException {
        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, String> actual = new HashMap<>();
        for (Map<String, Object> r : query("select * from " + report("flows"))) {
            actual.put(
                    r.get("intake_year") + "/" + r.get("scheme") + "/" + r.get("origin_prefecture_code") + "->"
                            + r.get("host_prefecture_code"),
                    counts(r));
        }
        assertThat(actual)
                .isEqualTo(Map.of(
                        "2019/S1/532900->320100", "2,1,1,2,1,1,1,0,0,1,0,1,0",
                        "2020/S1/530800->310100", "1,1,0,0,0,0,1,0,0,1,0,0,1",
                        "2019/S1/429000->320500", "1,0,0,1,1,0,0,1,0,0,0,0,0",
                        "2020/S2/532900->320100", "1,1,0,1,0,0,1,0,0,0,1,0,0",
                        "2020/S1/532900->320100", "1,0,0,1,0,0,0,0,1,0,0,0,0"));
        Map<String, Object> dali = query("select * from " + report("flows")
                        + " where intake_year = 2019 and origin_prefecture_code = '532900'")
                .get(0);
        assertThat(dali)
                .containsEntry("origin_prefecture_name", "大理白族自治州")
                .containsEntry("origin_province_name", "云南省")
                .containsEntry("host_province_name", "江苏省")
                .containsEntry("host_prefecture_name", "南京市")
                .containsEntry("origin_prefecture_display", "大理白族自治州")
                .containsEntry("host_prefecture_display", "南京市");
        // data/regions/prefectures.csv: 310100 is 市辖区 of 310000 上海市, 429000 省直辖县级行政区划 of 420000 湖北省
        Map<String, Object> shanghai = query(
                        "select * from " + report("flows") + " where host_prefecture_code = '310100'")
                .get(0);
        assertThat(shanghai)
                .containsEntry("host_prefecture_name", "市辖区")
                .containsEntry("host_prefecture_display", "上海市 市辖区");
        Map<String, Object> hubei = query(
                        "select * from " + report("flows") + " where origin_prefecture_code = '429000'")
                .get(0);
        assertThat(hubei).containsEntry("origin_prefecture_display", "湖北省 省直辖县级行政区划");
    }

    @Test
    void originSummaryAtEveryLevelWithDistinctCounts() throws SQLException {
        List<Map<String, Object>> rows = query("select * from " + report("origin_summary"));
        assertThat(rows).hasSize(21); // provinces 5, prefectures 7, counties 9 (per year + all years)
        Map<String, String> distinct = new HashMap<>();
        Map<String, Object> students = new HashMap<>();
        for (Map<String, Object> r : rows) {
            String key = r.get("level") + ":" + r.get("region_code") + ":" + r.get("intake_year");
            distinct.put(key, r.get("host_provinces") + "," + r.get("host_schools") + "," + r.get("origin_schools"));
            students.put(key, r.get("students"));
        }
        assertThat(distinct)
                .containsEntry("province:530000:null", "2,3,4")
                .containsEntry("province:530000:2019", "1,1,2")
                .containsEntry("province:530000:2020", "2,3,3")
                .containsEntry("province:420000:null", "1,1,0")
                .containsEntry("prefecture:532900:null", "1,2,3");
        assertThat(students)
                .containsEntry("province:530000:null", 5L)
                .containsEntry("province:420000:2019", 1L)
                .containsEntry("county:532901:null", 3L)
                .containsEntry("county:532901:2019", 1L)
                .containsEntry("county:532901:2020", 2L)
                .containsEntry("prefecture:530800:2020", 1L);
        Map<String, Object> xiantao = rows.stream()
                .filter(r -> "429004".equals(r.get("region_code")) && r.get("intake_year") == null)
                .findFirst()
                .orElseThrow();
        assertThat(xiantao)
                .containsEntry("level", "county")
                .containsEntry("region_name", "仙桃市")
                .containsEntry("province_code", "420000")
                .containsEntry("prefecture_code", "429000");
        Map<String, Object> pseudo = rows.stream()
                .filter(r -> "429000".equals(r.get("region_code")) && r.get("intake_year") == null)
                .findFirst()
                .orElseThrow();
        assertThat(pseudo)
                .containsEntry("level", "prefecture")
                .containsEntry("region_name", "省直辖县级行政区划")
                .containsEntry("region_display", "湖北省 省直辖县级行政区划");
        assertThat(xiantao).containsEntry("region_display", "仙桃市"); // no other county is called so
        Map<String, Object> yunnan = rows.stream()
                .filter(r -> "530000".equals(r.get("region_code")) && r.get("intake_year") == null)
                .findFirst()
                .orElseThrow();
        assertThat(yunnan).containsEntry("province_code", "530000").containsEntry("region_name", "云南省");
        assertThat(yunnan.get("prefecture_code")).isNull();
    }

    @Test
    void hostSummaryDownToSchools() throws SQLException {
        List<Map<String, Object>> rows = query("select * from " + report("host_summary"));
        assertThat(rows).hasSize(28); // provinces 5, prefectures 7, counties 7, schools 9
        Map<String, String> byKey = new HashMap<>();
        for (Map<String, Object> r : rows) {
            byKey.put(
                    r.get("level") + ":" + r.get("region_code") + ":" + r.get("intake_year"),
                    r.get("students") + "|" + r.get("origin_provinces") + "," + r.get("origin_prefectures") + ","
                            + r.get("origin_counties") + "," + r.get("origin_schools"));
        }
        assertThat(byKey)
                .containsEntry("province:320000:null", "5|2,2,3,3")
                .containsEntry("province:320000:2019", "3|2,2,3,2")
                .containsEntry("province:320000:2020", "2|1,1,1,2")
                .containsEntry("province:310000:null", "1|1,1,1,1")
                .containsEntry("school:4320115001:null", "3|1,1,2,3")
                .containsEntry("school:4320115002:2020", "1|1,1,1,1")
                .containsEntry("county:320583:null", "1|1,1,1,0");
        Map<String, Object> school = rows.stream()
                .filter(r -> "4320115001".equals(r.get("region_code")) && r.get("intake_year") == null)
                .findFirst()
                .orElseThrow();
        assertThat(school)
                .containsEntry("region_name", "甲校")
                .containsEntry("region_display", "甲校")
                .containsEntry("county_code", "320115")
                .containsEntry("prefecture_code", "320100")
                .containsEntry("province_code", "320000");
    }

    @Test
    void pairingProgressAtProvinceAndPrefectureLevel() throws SQLException {
        Map<String, String> actual = new HashMap<>();
        for (Map<String, Object> r : query("select * from " + report("pairing_progress"))) {
            actual.put(
                    r.get("host_region_code") + "<-" + r.get("origin_region_code") + ":" + r.get("intake_year"),
                    r.get("students") + "," + r.get("registered_poor") + "," + r.get("target_students") + ","
                            + r.get("share_of_target"));
        }
        assertThat(actual)
                .isEqualTo(Map.of(
                        "320000<-532900:2019", "2,2,10,0.2",
                        "320000<-532900:2020", "2,2,10,0.2",
                        "320000<-532900:null", "4,4,10,0.4",
                        "310000<-530000:2020", "1,0,null,null",
                        "310000<-530000:null", "1,0,null,null",
                        "320500<-420000:2019", "1,1,0,null",
                        "320500<-420000:null", "1,1,0,null",
                        "120000<-620000:null", "0,0,5,0.0"));
        Map<String, Object> levels = query("select * from " + report("pairing_progress")
                        + " where host_region_code = '320500' and intake_year is null")
                .get(0);
        assertThat(levels)
                .containsEntry("host_region_level", "prefecture")
                .containsEntry("host_region_name", "苏州市")
                .containsEntry("origin_region_level", "province")
                .containsEntry("origin_region_name", "湖北省")
                .containsEntry("host_region_display", "苏州市")
                .containsEntry("origin_region_display", "湖北省");
    }

    @Test
    void outcomesWithNullRatesForZeroDenominators() throws SQLException {
        Map<String, String> actual = new HashMap<>();
        for (Map<String, Object> r : query("select * from " + report("outcomes"))) {
            actual.put(
                    r.get("intake_year") + ":" + r.get("origin_prefecture_code") + "->" + r.get("host_province_code"),
                    r.get("students") + "," + r.get("graduated") + "," + r.get("withdrawn") + ","
                            + r.get("graduation_rate")
                            + "," + r.get("employed") + "," + r.get("employment_rate") + ","
                            + r.get("employed_in_origin_province") + "," + r.get("return_home_rate"));
        }
        assertThat(actual)
                .isEqualTo(Map.of(
                        "2019:532900->320000", "2,1,0,0.5,1,1.0,1,1.0",
                        "2020:530800->310000", "1,1,0,1.0,1,1.0,0,0.0",
                        "2019:429000->320000", "1,0,1,0.0,0,null,0,null",
                        "2020:532900->320000", "2,1,0,0.5,0,0.0,0,null",
                        // on 2024-06-30 the 2019 and 2020 cohorts of 3-year programmes are complete: pooled
                        "null:532900->320000", "4,2,0,0.5,1,0.5,1,1.0",
                        "null:530800->310000", "1,1,0,1.0,1,1.0,0,0.0",
                        "null:429000->320000", "1,0,1,0.0,0,null,0,null"));
    }

    @Test
    void biReadyTypesMetadataAndOneFilePerReport() throws SQLException, IOException {
        for (String name : List.of("flows", "origin_summary", "host_summary", "pairing_progress", "outcomes")) {
            try (Stream<Path> files = Files.list(output.resolve(name).resolve("run_date=" + Runs.RUN_DATE))) {
                assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count())
                        .as(name)
                        .isEqualTo(1);
            }
            Map<String, String> kv = new HashMap<>();
            for (Map<String, Object> r : query("select decode(key) k, decode(value) v from parquet_kv_metadata('"
                    + output.resolve(name) + "/*/*.parquet')")) {
                kv.put((String) r.get("k"), (String) r.get("v"));
            }
            assertThat(kv)
                    .containsEntry("crossenroll.report", name)
                    .containsEntry(
                            "crossenroll.schema_version", String.valueOf(org.crossenroll.report.Report.SCHEMA_VERSION))
                    .containsEntry("crossenroll.run_date", Runs.RUN_DATE);
            for (Map<String, Object> col : query("describe select * from " + report(name))) {
                String column = (String) col.get("column_name");
                String type = (String) col.get("column_type");
                if (column.endsWith("_rate") || column.equals("share_of_target")) {
                    assertThat(type).as(name + "." + column).isEqualTo("DOUBLE");
                } else if (column.equals("run_date")) {
                    assertThat(type).as("the Hive partition column").isEqualTo("DATE");
                } else if (column.equals("intake_year") || column.endsWith("_cohort")) {
                    assertThat(type).as(name + "." + column).isEqualTo("INTEGER");
                } else if (column.endsWith("_code")
                        || column.endsWith("_name")
                        || column.endsWith("_display")
                        || column.equals("level")
                        || column.equals("scheme")
                        || column.endsWith("_level")) {
                    assertThat(type).as(name + "." + column).isEqualTo("VARCHAR");
                } else {
                    assertThat(type).as(name + "." + column).isEqualTo("BIGINT");
                }
            }
        }
        for (Map<String, Object> r :
                query("select graduation_rate g, employment_rate e, return_home_rate h from " + report("outcomes"))) {
            for (Object rate : r.values()) {
                if (rate != null) {
                    assertThat((Double) rate).isBetween(0.0, 1.0);
                }
            }
        }
    }

    @Test
    void crossReportTotalsAgree() throws SQLException {
        Map<String, Object> t = query("select (select sum(students) from " + report("flows") + ") f, "
                        + "(select sum(students) from " + report("origin_summary")
                        + " where level = 'province' and intake_year is null) o, "
                        + "(select sum(students) from " + report("host_summary")
                        + " where level = 'province' and intake_year is null) h")
                .get(0);
        assertThat(Objects.toString(t.get("f"))).isEqualTo("6");
        assertThat(Objects.toString(t.get("o"))).isEqualTo("6");
        assertThat(Objects.toString(t.get("h"))).isEqualTo("6");
    }
}
