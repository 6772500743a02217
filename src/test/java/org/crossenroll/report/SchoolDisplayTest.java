package org.crossenroll.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.crossenroll.testing.HandTables;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, point 4: host_summary's school rows display a name that several schools share qualified by the school's
 * county display name, as a county's is by its prefecture; any other school by its name alone.
 */
class SchoolDisplayTest {
    static Row enrollment(String county, String countyName, String school, String schoolName) {
        String province = county.substring(0, 2) + "0000";
        String prefecture = county.substring(0, 4) + "00";
        return RowFactory.create(
                2020,
                "东西协作",
                "530000",
                "云南省",
                "532900",
                "大理白族自治州",
                "532901",
                "大理市",
                "一中",
                province,
                province,
                prefecture,
                prefecture,
                county,
                countyName,
                school,
                schoolName,
                "M",
                false,
                true,
                false,
                "ENROLLED",
                null,
                null);
    }

    @Test
    void aSharedNameIsQualifiedByItsCounty() {
        List<Row> rows = List.of(
                enrollment("320115", "江宁区", "3201150001", "职业中学"),
                enrollment("310101", "黄浦区", "3101010002", "职业中学"),
                enrollment("320115", "江宁区", "3201150003", "江宁中专"),
                enrollment("320115", "江宁区", "3201150004", "电子学校"));
        // no qualified region names: a county displays as its name here
        Dataset<Row> fine =
                Reports.fineGrain(TestSpark.session().createDataFrame(rows, HandTables.ENROLLMENT), Map.of());
        // 职业中学 is shared by two codes of the night; 电子学校 (say) by the registry
        Map<String, String> display = new HashMap<>();
        Map<String, String> name = new HashMap<>();
        for (Row r : Reports.hostSummary(fine, Set.of("职业中学", "电子学校")).collectAsList()) {
            if ("school".equals(r.getAs("level")) && r.getAs("intake_year") == null) {
                display.put(r.getAs("region_code"), r.getAs("region_display"));
                name.put(r.getAs("region_code"), r.getAs("region_name"));
            }
        }
        assertThat(display)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "3201150001",
                        "江宁区 职业中学",
                        "3101010002",
                        "黄浦区 职业中学",
                        "3201150003",
                        "江宁中专",
                        "3201150004",
                        "江宁区 电子学校"));
        assertThat(name)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("3201150001", "职业中学", "3101010002", "职业中学", "3201150003", "江宁中专", "3201150004", "电子学校"));
    }
}
