package org.crossenroll.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The display-name rule on the bundled reference (data/regions). Every expected name is read off the CSV files by
 * hand: 110100, 120100, 310100 and 500100 are all 市辖区 in prefectures.csv; 朝阳区 is both 110105 (prefecture 110100)
 * and 220104 (prefecture 220100, 长春市) in counties.csv; 桥西区 is 130104 (石家庄市) and 130703 (张家口市).
 */
class DisplayNamesTest {
    private static final Regions BUNDLED = Regions.load(Regions.BUNDLED, new Configuration());

    @Test
    void theFourMunicipalitiesPseudoPrefecturesAreQualifiedWithTheirProvince() {
        Map<String, String> d = BUNDLED.displayNames();
        assertThat(d.get("110100")).isEqualTo("北京市 市辖区");
        assertThat(d.get("120100")).isEqualTo("天津市 市辖区");
        assertThat(d.get("310100")).isEqualTo("上海市 市辖区");
        assertThat(d.get("500100")).isEqualTo("重庆市 市辖区");
        assertThat(d.get("500200")).isEqualTo("重庆市 县");
        assertThat(d.get("429000")).isEqualTo("湖北省 省直辖县级行政区划");
        assertThat(d.get("659000")).isEqualTo("新疆维吾尔自治区 自治区直辖县级行政区划");
    }

    @Test
    void aPlainPrefectureAndAProvinceKeepTheirName() {
        assertThat(BUNDLED.display("220100")).isEqualTo("长春市");
        assertThat(BUNDLED.display("110000")).isEqualTo("北京市");
    }

    @Test
    void aCountyNameTwoCountiesShareIsQualifiedWithItsPrefectureOrElseItsProvince() {
        Map<String, String> d = BUNDLED.displayNames();
        assertThat(d.get("110105")).isEqualTo("北京市 朝阳区"); // its prefecture is a pseudo-prefecture
        assertThat(d.get("220104")).isEqualTo("长春市 朝阳区");
        assertThat(d.get("130104")).isEqualTo("石家庄市 桥西区");
        assertThat(d.get("130703")).isEqualTo("张家口市 桥西区");
        assertThat(d.get("110108")).isEqualTo("海淀区"); // no other county is called so
    }

    @Test
    void noTwoUnitsOfALevelShareADisplayName() {
        for (Map<String, Regions.Region> level : java.util.List.of(BUNDLED.provinces(), BUNDLED.prefectures())) {
            Map<String, String> seen = new HashMap<>();
            level.keySet()
                    .forEach(code -> assertThat(seen.put(BUNDLED.display(code), code))
                            .as("display name %s of %s", BUNDLED.display(code), code)
                            .isNull());
        }
        Map<String, String> seen = new HashMap<>();
        for (String code : BUNDLED.counties().keySet()) {
            assertThat(seen.put(BUNDLED.display(code), code))
                    .as("display name of county %s", code)
                    .isNull();
        }
        for (String code : BUNDLED.zones().keySet()) {
            assertThat(seen.put(BUNDLED.display(code), code))
                    .as("display name of zone %s", code)
                    .isNull();
        }
    }

    @Test
    void onlyTheQualifiedNamesAreLookedUp() {
        Map<String, String> q = BUNDLED.qualifiedDisplayNames();
        assertThat(q)
                .containsEntry("310100", "上海市 市辖区")
                .containsEntry("220104", "长春市 朝阳区")
                .doesNotContainKeys("220100", "110108", "110000");
    }
}
