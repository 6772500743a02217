package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.SampleRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled sample, run as bin/crossenroll runs it, shows the programme's published figures in its reports. The
 * expected numbers are the programme's (and, for the smaller flows, the sample's story), not read from the code.
 */
class SampleShowsPublishedFiguresTest {
    static Path output;
    static Runs.Result result;

    @BeforeAll
    static void runSample() {
        result = SampleRun.result();
        output = SampleRun.output();
    }

    private static long scalar(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql.replace("{out}", output.toString()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String hostProvince(String code, String column) {
        return "select " + column + " from read_parquet('{out}/host_summary/*/*.parquet') where level = 'province' "
                + "and region_code = '" + code + "' and intake_year is null";
    }

    @Test
    void jiangsuElevenSchoolsTwoThousandSevenHundredPlusFromDaliAndPuer() throws SQLException {
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(scalar(hostProvince("320000", "students"))).isEqualTo(2_718);
        assertThat(scalar(hostProvince("320000", "registered_poor"))).isEqualTo(2_718);
        assertThat(scalar(hostProvince("320000", "liang_hou_sheng"))).isEqualTo(2_718);
        assertThat(scalar("select count(*) from read_parquet('{out}/host_summary/*/*.parquet') where level = 'school' "
                        + "and province_code = '320000' and intake_year is null"))
                .isEqualTo(11);
        assertThat(scalar("select count(distinct origin_prefecture_code) from read_parquet('{out}/flows/*/*.parquet') "
                        + "where host_province_code = '320000' and origin_prefecture_code in ('532900', '530800')"))
                .isEqualTo(2);
        assertThat(
                        scalar(
                                "select count(*) from read_parquet('{out}/flows/*/*.parquet') where host_province_code = "
                                        + "'320000' and (origin_prefecture_code not in ('532900', '530800') or intake_year not between 2018 and 2020)"))
                .isZero();
    }

    @Test
    void shanghaiYunnanAlliance5794RegisteredPoorFrom300PlusSchools() throws SQLException {
        assertThat(scalar(hostProvince("310000", "students"))).isEqualTo(5_794);
        assertThat(scalar(hostProvince("310000", "registered_poor"))).isEqualTo(5_794);
        assertThat(scalar(hostProvince("310000", "origin_provinces"))).isEqualTo(1);
        assertThat(scalar(hostProvince("310000", "origin_schools"))).isGreaterThanOrEqualTo(300);
        assertThat(scalar("select students from read_parquet('{out}/pairing_progress/*/*.parquet') where "
                        + "host_region_code = '310000' and origin_region_code = '530000' and intake_year is null"))
                .isEqualTo(5_794);
    }

    @Test
    void theMunicipalitiesPrefecturesAreToldApartByTheirDisplayNames() throws SQLException {
        // data/regions/prefectures.csv names 120100 and 310100 both 市辖区; their provinces are 天津市 and 上海市
        assertThat(scalar("select count(distinct host_prefecture_name) from read_parquet('{out}/flows/*/*.parquet') "
                        + "where host_prefecture_code in ('120100', '310100')"))
                .isEqualTo(1);
        assertThat(scalar("select count(*) from read_parquet('{out}/flows/*/*.parquet') where "
                        + "(host_prefecture_code = '120100' and host_prefecture_display <> '天津市 市辖区') or "
                        + "(host_prefecture_code = '310100' and host_prefecture_display <> '上海市 市辖区')"))
                .isZero();
        assertThat(scalar("select count(*) from read_parquet('{out}/host_summary/*/*.parquet') where level = "
                        + "'prefecture' and region_display in ('天津市 市辖区', '上海市 市辖区') and intake_year is null"))
                .isEqualTo(2);
    }

    @Test
    void guangdong5000FromPoorFamilies() throws SQLException {
        assertThat(scalar(hostProvince("440000", "students"))).isEqualTo(5_000);
        assertThat(scalar(hostProvince("440000", "registered_poor"))).isEqualTo(5_000);
    }

    @Test
    void smallerFlowsArePresent() throws SQLException {
        for (List<String> pair : List.of(
                List.of("330200", "522300"),
                List.of("330100", "522600"),
                List.of("350000", "640000"),
                List.of("440400", "533300"),
                List.of("350200", "622900"),
                List.of("440600", "513400"),
                List.of("120000", "620000"))) {
            assertThat(scalar("select students from read_parquet('{out}/pairing_progress/*/*.parquet') where "
                            + "host_region_code = '" + pair.get(0) + "' and origin_region_code = '" + pair.get(1)
                            + "' and intake_year is null"))
                    .as("%s <- %s", pair.get(0), pair.get(1))
                    .isPositive();
        }
    }

    /**
     * The published layer (additive cell key) shows the same figures within its bound: (k-1) x the fine cells of 1..k-1
     * under the count (counted here in SQL from enrollments_clean), exact when there is none (docs/published-layer.md,
     * "The guarantee"). On the sample: 广东 5,000 has no small fine cell (exact); 上海 5,794 has one (of 8 students:
     * within 9); 江苏 2,718 has 37 (252 students: within 333; published 2,756 on 2026-12-07).
     */
    @Test
    void thePublishedLayerShowsTheProgrammesFiguresWithinTheirBound() throws SQLException {
        assertThat(result.exitCode()).as(result.err()).isZero();
        for (List<Object> figure : List.<List<Object>>of(
                List.of("320000", 2_718L), List.of("310000", 5_794L), List.of("440000", 5_000L))) {
            String row = "from read_parquet('{out}/published/students_by_host/*/*.parquet') where level = 'province' "
                    + "and region_code = '" + figure.get(0) + "' and intake_year is null";
            long truth = (Long) figure.get(1);
            long small = scalar("select count(*) from (select count(*) as n from"
                    + " read_parquet('{out}/enrollments_clean/*/*.parquet') where host_province_code = '"
                    + figure.get(0) + "' group by intake_year, origin_prefecture_code, host_prefecture_code,"
                    + " registered_poor, case when status <> 'GRADUATED' then 0 when employment_status is distinct"
                    + " from 'EMPLOYED' then 1 when employment_province_code = origin_province_code then 3 else 2 end)"
                    + " where n < 10");
            assertThat(scalar("select students " + row))
                    .as("%s students (%d small fine cells)", figure, small)
                    .isBetween(truth - 9 * small, truth + 9 * small);
            assertThat(scalar("select registered_poor " + row))
                    .as("%s registered_poor (%d small fine cells)", figure, small)
                    .isBetween(truth - 9 * small, truth + 9 * small);
            if (figure.get(0).equals("440000")) {
                assertThat(small).as("广东's fine cells all hold 10 or more").isZero();
            }
        }
        // 上海's students all come from 云南: the same fine cells, the same value in the pairing and the flow
        long shanghai = scalar("select students from read_parquet('{out}/published/students_by_host/*/*.parquet')"
                + " where level = 'province' and region_code = '310000' and intake_year is null");
        assertThat(scalar("select students from read_parquet('{out}/published/pairing_students/*/*.parquet') where "
                        + "host_region_code = '310000' and origin_region_code = '530000' and intake_year is null"))
                .isEqualTo(shanghai)
                .isBetween(5_794L - 9, 5_794L + 9);
        assertThat(scalar("select students from read_parquet('{out}/published/province_flows/*/*.parquet') where "
                        + "host_province_code = '310000' and origin_province_code = '530000' and intake_year is null"))
                .isEqualTo(shanghai);
    }

    @Test
    void everyStoryStudentAcceptedAndBadRowsOfFiveReasonsQuarantined() throws SQLException {
        // the sixth reason, PERSONAL_DATA_IN_FIELD, is not in the sample: validate.PersonalDataRulesTest, NoLeakTest
        // 2,718 + 5,794 + 5,000 + Ningbo 360 + Hangzhou 420 + Fujian 300 + Xiamen 240 + Tianjin 480
        assertThat(scalar("select count(*) from read_parquet('{out}/enrollments_clean/*/*.parquet')"))
                .isEqualTo(2_718 + 5_794 + 5_000 + 360 + 420 + 300 + 240 + 480);
        assertThat(scalar("select count(distinct reason_code) from read_parquet('{out}/quarantine/*/*.parquet')"))
                .as("bad rows of the five reasons the sample holds")
                .isEqualTo(5);
        assertThat(scalar("select sum(superseded) from read_parquet('{out}/data_quality/*/*.parquet')"))
                .isPositive();
    }

    private static long cooperation(String where) throws SQLException {
        return scalar("select cast(value as bigint) from read_parquet('{out}/cooperation/*/*.parquet') where year is "
                + "null and " + where);
    }

    private static long ningbo(String indicator) throws SQLException {
        return cooperation("level = 'pairing' and host_region_code = '330200' and origin_region_code = '522300' and "
                + "indicator = '" + indicator + "'");
    }

    private static long national(String indicator) throws SQLException {
        return cooperation("level = 'programme' and indicator = '" + indicator + "'");
    }

    @Test
    void theSecondLedgerShowsNingboQianxinanAndTheNationalTotals() throws SQLException {
        // Ningbo with Qianxinan, as the programme published it (its 2019 funds re-sent with the right amount)
        assertThat(ningbo("funds_cny")).isEqualTo(2_598_000);
        assertThat(ningbo("cadres_sent")).isEqualTo(9);
        assertThat(ningbo("teachers_sent")).isEqualTo(58);
        assertThat(ningbo("cadres_received")).isEqualTo(18);
        assertThat(ningbo("teachers_received")).isEqualTo(42);
        assertThat(ningbo("teachers_trained")).isEqualTo(213);
        assertThat(ningbo("schools_paired")).isEqualTo(9);
        // nationally, 2016-2020
        assertThat(national("programmes_cobuilt")).isEqualTo(683);
        assertThat(national("training_bases")).isEqualTo(338);
        assertThat(national("branch_schools")).isEqualTo(63);
        assertThat(national("vocational_groups")).isEqualTo(99);
        assertThat(national("funds_cny") + national("equipment_cny")).isGreaterThan(1_800_000_000L);
        assertThat(national("employment_training")).isGreaterThan(140_000);
        assertThat(national("skills_upgrading")).isGreaterThan(160_000);
        assertThat(national("entrepreneurship_training")).isGreaterThan(23_000);
        // Fujian's colleges' 60 co-built programme plans with Ningxia
        assertThat(cooperation("level = 'pairing' and host_region_code = '350000' and origin_region_code = '640000' "
                        + "and indicator = 'programmes_cobuilt'"))
                .isEqualTo(60);
        assertThat(result.err())
                .contains("cooperation 3 files, 372 rows read, 371 accepted, 1 superseded, 0 quarantined");
        // both ledgers side by side: the pairing's students as pairing_progress counts them, its funds as above
        assertThat(scalar("select cast(funds_cny as bigint) from read_parquet('{out}/pairing_ledgers/*/*.parquet') "
                        + "where host_region_code = '330200' and origin_region_code = '522300' and year is null"))
                .isEqualTo(2_598_000);
        assertThat(scalar("select students from read_parquet('{out}/pairing_ledgers/*/*.parquet') where "
                        + "host_region_code = '330200' and origin_region_code = '522300' and year is null"))
                .isEqualTo(scalar("select students from read_parquet('{out}/pairing_progress/*/*.parquet') where "
                        + "host_region_code = '330200' and origin_region_code = '522300' and intake_year is null"))
                .isPositive();
    }
}
