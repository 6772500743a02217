package org.crossenroll.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The bundled pairings are ../shared/reference/pairings.csv: 35 pairings from public sources, none of which
 * publishes a target, so none carries one.
 */
class BundledPairingsTest {
    @Test
    void thirtyFivePublicPairingsWithoutTargets() {
        List<Row> pairings = Pairings.load(
                Pairings.BUNDLED, Regions.load(Regions.BUNDLED, new Configuration()), new Configuration());
        assertThat(pairings).hasSize(35);
        assertThat(Pairings.withTarget(pairings)).isZero();
        // 珠海市 <- 怒江傈僳族自治州: prefecture <- prefecture, names from the region reference
        Row zhuhai = pairings.stream()
                .filter(r -> r.getString(0).equals("440400"))
                .findFirst()
                .orElseThrow();
        assertThat(zhuhai.getString(1)).isEqualTo("珠海市");
        assertThat(zhuhai.getString(3)).isEqualTo("533300");
        assertThat(zhuhai.getString(5)).isEqualTo("prefecture");
    }
}
