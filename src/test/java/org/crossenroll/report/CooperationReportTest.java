package org.crossenroll.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.crossenroll.ingest.CooperationFiles;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.validate.CooperationClassifier;
import org.crossenroll.validate.Validation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cooperation report from five records, without Spark: pairings as reported (two at county level), rolled up to
 * province x province and to the programme, per year and for all years. Every expected figure worked by hand.
 */
class CooperationReportTest {
    static List<Row> rows;

    @BeforeAll
    static void build() {
        Regions regions = Regions.load(Regions.BUNDLED, new Configuration());
        CooperationClassifier classifier = new CooperationClassifier(
                regions,
                new RegionResolution(regions, Validation.EARLIEST_INTAKE.getYear()),
                LocalDate.parse("2024-06-30"));
        List<CooperationFiles.RawRow> raw = List.of(
                raw(1, "R1", "330212", "522301", "2018", "funds_cny", "1000000"),
                raw(2, "R2", "330281", "522301", "2018", "帮扶资金", "598000.50"),
                raw(3, "R3", "330200", "522300", "2019", "funds_cny", "1000000"),
                raw(4, "R4", "310000", "530000", "2019", "programmes_cobuilt", "5"),
                raw(5, "R5", "330212", "522301", "2019", "共建专业点", "2"));
        CooperationClassifier.Outcome o = classifier.classify(raw);
        assertThat(o.accepted()).hasSize(5);
        rows = CooperationReport.rows(o.accepted());
    }

    static CooperationFiles.RawRow raw(
            long line, String id, String host, String origin, String year, String i, String v) {
        return new CooperationFiles.RawRow("cooperation/a.csv", line, null, new String[] {
            id, host, origin, null, null, year, i, v, "2020-01-01 08:00:00"
        });
    }

    /** value and records of the row with this level, host and origin region, year (null = all) and indicator. */
    static List<Object> cell(String level, String host, String origin, Integer year, String indicator) {
        List<Row> found = rows.stream()
                .filter(r -> r.getString(0).equals(level)
                        && Objects.equals(r.getString(1), host)
                        && Objects.equals(r.getString(8), origin)
                        && Objects.equals(r.isNullAt(15) ? null : r.getInt(15), year)
                        && r.getString(16).equals(indicator))
                .toList();
        assertThat(found)
                .as("%s %s %s %s %s", level, host, origin, year, indicator)
                .hasSize(1);
        return List.of(found.get(0).getDecimal(18), found.get(0).getLong(19));
    }

    static List<Object> is(String value, long records) {
        return List.of(new BigDecimal(value), records);
    }

    @Test
    void pairingsAsReportedWithTheirPrefectureAndProvince() {
        assertThat(cell("pairing", "330212", "522301", 2018, "funds_cny")).isEqualTo(is("1000000.00", 1));
        assertThat(cell("pairing", "330281", "522301", null, "funds_cny")).isEqualTo(is("598000.50", 1));
        assertThat(cell("pairing", "330212", "522301", null, "programmes_cobuilt"))
                .isEqualTo(is("2.00", 1));
        Row county = rows.stream()
                .filter(r -> r.getString(0).equals("pairing") && r.getString(1).equals("330212"))
                .findFirst()
                .orElseThrow();
        assertThat(List.of(
                        county.getString(2),
                        county.getString(3),
                        county.getString(4),
                        county.getString(6),
                        county.getString(7),
                        county.getString(9),
                        county.getString(10),
                        county.getString(11),
                        county.getString(13),
                        county.getString(17)))
                .containsExactly(
                        "鄞州区", "county", "330200", "330000", "浙江省", "兴义市", "county", "522300", "520000", "yuan");
    }

    @Test
    void countyPairingsRollUpToProvinces() {
        // 鄞州区 and 余姚市 (宁波) with 兴义市, and 宁波 with 黔西南: all 浙江省 x 贵州省
        assertThat(cell("province", "330000", "520000", 2018, "funds_cny")).isEqualTo(is("1598000.50", 2));
        assertThat(cell("province", "330000", "520000", 2019, "funds_cny")).isEqualTo(is("1000000.00", 1));
        assertThat(cell("province", "330000", "520000", null, "funds_cny")).isEqualTo(is("2598000.50", 3));
        assertThat(cell("province", "330000", "520000", null, "programmes_cobuilt"))
                .isEqualTo(is("2.00", 1));
        assertThat(cell("province", "310000", "530000", 2019, "programmes_cobuilt"))
                .isEqualTo(is("5.00", 1));
    }

    @Test
    void theWholeProgramme() {
        assertThat(cell("programme", null, null, 2018, "funds_cny")).isEqualTo(is("1598000.50", 2));
        assertThat(cell("programme", null, null, null, "funds_cny")).isEqualTo(is("2598000.50", 3));
        assertThat(cell("programme", null, null, 2019, "programmes_cobuilt")).isEqualTo(is("7.00", 2));
        assertThat(cell("programme", null, null, null, "programmes_cobuilt")).isEqualTo(is("7.00", 2));
    }

    @Test
    void oneRowPerLevelRegionsYearAndIndicatorInOrder() {
        // pairing: 4 (鄞州区) + 2 + 2 + 2; province: 5 + 2; programme: 5
        assertThat(rows).hasSize(22);
        assertThat(rows.stream().map(r -> r.getString(0)).distinct().toList())
                .containsExactly("pairing", "province", "programme");
        assertThat(rows.get(0).size()).isEqualTo(CooperationReport.SCHEMA.size());
    }
}
