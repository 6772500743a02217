package org.crossenroll.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.crossenroll.base.UserError;
import org.crossenroll.reference.RegionResolution.Kind;
import org.crossenroll.reference.RegionResolution.Resolved;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code resolution through the bundled national reference and its code history (contract v1.1). Each expected
 * result is worked out by hand from the rows of data/regions/code_history.csv quoted beside it and the reference's
 * counties.csv and prefectures.csv; records are entered from 2010 on (the contract's earliest intake).
 */
class RegionResolutionTest {
    static Regions bundled;
    static RegionResolution national;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadBundled() {
        bundled = Regions.load(Regions.BUNDLED, new Configuration());
        national = new RegionResolution(bundled, 2010);
    }

    private static Resolved county(String county, String prefecture, String province, Kind kind) {
        return new Resolved(county, prefecture, province, kind);
    }

    @Test
    void theBundledReferenceIsTheNational2020OneWithItsZonesAndHistory() {
        assertThat(bundled.vintage()).isEqualTo("2020-06-30");
        assertThat(bundled.provinces()).hasSize(31);
        assertThat(bundled.prefectures()).hasSize(342);
        assertThat(bundled.counties()).hasSize(2_856);
        assertThat(bundled.zones()).hasSize(138);
        assertThat(bundled.history().rows()).isEqualTo(6_823);
    }

    @Test
    void codesOfTheReferenceResolveAsTheyAre() {
        // 530102,五华区,530100,530000 (Kunming): not in the sample's old 301-county reference
        assertThat(national.resolve("530102")).contains(county("530102", "530100", "530000", null));
        // counties_stats_only_zones.csv: 130171,石家庄高新技术产业开发区,130100,130000
        assertThat(national.resolve("130171")).contains(county("130171", "130100", "130000", null));
        // 511403 was 李渡区 of 涪陵 from 1995 to 1997; the reference's 511403 is 彭山区, and that is what it means
        assertThat(national.resolve("511403")).contains(county("511403", "511400", "510000", null));
    }

    @Test
    void renameRecode() {
        // 530422,云南省,玉溪市,澄江县,county,retired,1997,2019,530481 -> 530481,澄江市,530400,530000
        assertThat(national.resolve("530422")).contains(county("530481", "530400", "530000", Kind.FORWARD));
    }

    @Test
    void countyBecameCity() {
        // 533321,云南省,怒江傈僳族自治州,泸水县,county,retired,1981,2016,533301 -> 533301,泸水市,533300,530000
        assertThat(national.resolve("533321")).contains(county("533301", "533300", "530000", Kind.FORWARD));
    }

    @Test
    void splitWithinAPrefectureResolvesToThePrefecture() {
        // 130421,河北省,邯郸市,邯郸县,county,retired,1983,2016,130404[2014];130402;130403: part went to 复兴区 in 2014,
        // the rest to 邯山区 and 丛台区 in 2016, all three of 邯郸市 130400
        assertThat(national.resolve("130421")).contains(county(null, "130400", "130000", Kind.TO_PREFECTURE));
    }

    @Test
    void splitAcrossPrefecturesResolvesToTheProvince() {
        // 341424,安徽省,巢湖市,和县,county,retired,1999,2011,340207;340523: 鸠江区 of 芜湖市 340200 and 和县 of 马鞍山市
        // 340500 when 巢湖市 was dissolved
        assertThat(national.resolve("341424")).contains(county(null, null, "340000", Kind.TO_PROVINCE));
    }

    @Test
    void aReusedCodeMeansItsMeaningSinceRecordsBegan() {
        // 511422,四川省,眉山市,彭山县,county,retired,2000,2014,511403 and
        // 511422,四川省,涪陵市,丰都县,county,changed,1995,1997,500230: in 2010 and after it meant 彭山县, now 彭山区
        // 511403 of 眉山市; its 1990s meaning (now Chongqing) would leave no common province
        assertThat(national.resolve("511422")).contains(county("511403", "511400", "510000", Kind.FORWARD));
    }

    @Test
    void areaHandedOverBeforeRecordsBeganIsNotTheRecords() {
        // 430221,湖南省,株洲市,株洲县,county,retired,1981,2018,430211[1984];430211[1997];430212: the [1984] and [1997]
        // parts went to 株洲's 郊区 and 天元区 long before a record could carry 430221; in 2018 the county became
        // 渌口区 430212
        assertThat(national.resolve("430221")).contains(county("430212", "430200", "430000", Kind.FORWARD));
        // 440183,广东省,广州市,增城市,county,retired,1993,2014,440116[2005];440118 -> 440118,增城区,440100
        assertThat(national.resolve("440183")).contains(county("440118", "440100", "440000", Kind.FORWARD));
    }

    @Test
    void aCodeNewerThanTheReferenceResolvesBackThroughItsPredecessors() {
        // 320684,江苏省,南通市,海门市,county,retired,1994,2020,320614: 海门区 320614 was 海门市 320684
        assertThat(national.resolve("320614")).contains(county("320684", "320600", "320000", Kind.BACKWARD));
        // 320602 崇川区 and 320611 港闸区, both retired 2020 into 320613: the new 崇川区 is two counties of 南通市
        assertThat(national.resolve("320613")).contains(county(null, "320600", "320000", Kind.TO_PREFECTURE));
        // 659011,新疆维吾尔自治区,直辖,新星市,county,in_use,2021,,: no predecessor; its row names its province
        assertThat(national.resolve("659011")).contains(county(null, null, "650000", Kind.TO_PROVINCE));
    }

    @Test
    void aCountyThatBecameAPrefectureWithoutCountiesIsThatCounty() {
        // 442502,广东省,惠阳地区,东莞市,county,retired,1985,1988,441900; the reference has 441900 东莞市 as a prefecture
        // and as its own only county
        assertThat(national.resolve("442502")).contains(county("441900", "441900", "440000", Kind.FORWARD));
    }

    @Test
    void aCodeNeitherKnowsDoesNotResolve() {
        assertThat(national.resolve("999999")).isEmpty();
        assertThat(national.resolve("532999")).isEmpty();
    }

    @Test
    void theLookupTableHoldsNamesAndHowEachCodeGotThere() {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : national.dataset(TestSpark.session()).collectAsList()) {
            rows.put(r.getAs("submitted_code"), r);
        }
        Row chengjiang = rows.get("530422");
        assertThat((String) chengjiang.getAs("county_code")).isEqualTo("530481");
        assertThat((String) chengjiang.getAs("county_name")).isEqualTo("澄江市");
        assertThat((String) chengjiang.getAs("prefecture_name")).isEqualTo("玉溪市");
        assertThat((String) chengjiang.getAs("province_name")).isEqualTo("云南省");
        assertThat((String) chengjiang.getAs("resolution")).isEqualTo("FORWARD");
        Row handan = rows.get("130421");
        assertThat((String) handan.getAs("county_code")).isNull();
        assertThat((String) handan.getAs("county_name")).isNull();
        assertThat((String) handan.getAs("prefecture_name")).isEqualTo("邯郸市");
        assertThat((String) rows.get("530102").getAs("resolution")).isNull();
        assertThat(rows).doesNotContainKey("999999");
        assertThat(rows.keySet())
                .as("every county and zone of the reference")
                .containsAll(bundled.counties().keySet())
                .containsAll(bundled.zones().keySet());
    }

    // Small hand-made references for what the national history does not show.

    /** A reference of one province (53) with prefectures 5301, 5302 and counties 530101, 530102, 530201. */
    private Path reference(String history) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("regions"));
        Files.writeString(dir.resolve("provinces.csv"), "code,name\n530000,云南省\n510000,四川省\n");
        Files.writeString(
                dir.resolve("prefectures.csv"),
                "code,name,province_code\n530100,甲州,530000\n530200,乙州,530000\n511400,丙州,510000\n");
        Files.writeString(
                dir.resolve("counties.csv"),
                "code,name,prefecture_code,province_code\n"
                        + "530101,甲一区,530100,530000\n530102,甲二区,530100,530000\n530201,乙一县,530200,530000\n"
                        + "511401,丙一县,511400,510000\n");
        if (history != null) {
            Files.writeString(
                    dir.resolve("code_history.csv"),
                    "code,province,prefecture,name,level,status,valid_from,changed_in,new_codes\n" + history);
        }
        return dir;
    }

    private Optional<Resolved> resolve(String history, String code) throws IOException {
        return new RegionResolution(Regions.load(reference(history).toString(), new Configuration()), 2010)
                .resolve(code);
    }

    @Test
    void aSplitUndoneLaterFollowsEachPartOnceAndEnds() throws IOException {
        // 530199 split in 2012 into 530198 and back into 530101; 530198 merged back into 530199's successor 530101 in
        // 2015: the cycle 530199 -> 530198 -> 530101 ends at 530101
        String history = String.join(
                        "\n",
                        "530101,云南省,甲州,甲一区,county,in_use,2000,,",
                        "530199,云南省,甲州,旧县,county,retired,2000,2014,530198[2012];530101",
                        "530198,云南省,甲州,新镇,county,retired,2012,2015,530101")
                + "\n";
        assertThat(resolve(history, "530199")).contains(county("530101", "530100", "530000", Kind.FORWARD));
    }

    @Test
    void areaReachingTwoProvincesDoesNotResolve() throws IOException {
        String history = "530299,云南省,乙州,边县,county,retired,2000,2015,530201;511401\n";
        assertThat(resolve(history, "530299")).isEmpty();
    }

    @Test
    void aSuccessorNeitherKnowsLeavesTheCodeUnresolvedNotGuessed() throws IOException {
        // part of 530199 went to 530197, which is neither in the reference nor in the history: the rest (530101) alone
        // would be a guess
        String history = "530199,云南省,甲州,旧县,county,retired,2000,2014,530101;530197\n";
        assertThat(resolve(history, "530199")).isEmpty();
    }

    @Test
    void withoutACodeHistoryOnlyTheReferenceResolves() throws IOException {
        Regions regions = Regions.load(reference(null).toString(), new Configuration());
        assertThat(regions.history().rows()).isZero();
        assertThat(regions.vintage()).isNull();
        RegionResolution resolution = new RegionResolution(regions, 2010);
        assertThat(resolution.resolve("530101")).contains(county("530101", "530100", "530000", null));
        assertThat(resolution.resolve("530422")).isEmpty();
    }

    @Test
    void aBadHistoryRowIsAUserErrorNamingFileLineAndField() throws IOException {
        Path dir = reference("530199,云南省,甲州,旧县,county,retired,2000,2014,530101;53019X\n");
        assertThatThrownBy(() -> Regions.load(dir.toString(), new Configuration()))
                .isInstanceOf(UserError.class)
                .hasMessage(
                        "Regions file code_history.csv line 2: new_codes holds '53019X', not a 6-digit code with an "
                                + "optional [year].");
    }
}
