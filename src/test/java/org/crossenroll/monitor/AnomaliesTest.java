package org.crossenroll.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.crossenroll.monitor.Anomalies.Anomaly;
import org.crossenroll.monitor.Anomalies.Severity;
import org.crossenroll.monitor.Anomalies.Strategy;
import org.crossenroll.monitor.Metrics.EntityKind;
import org.junit.jupiter.api.Test;

/** Each strategy on hand-made nights, without Spark; every expected number is worked out in the comments. */
class AnomaliesTest {
    static final LocalDate D = LocalDate.parse("2024-06-30");

    static History.Point point(int daysBack, EntityKind kind, String code, String metric, long value) {
        return new History.Point(D.minusDays(daysBack), kind, code, null, metric, value, null);
    }

    /** Nights daysBack.. as history, each with the given value of one metric. */
    static History history(EntityKind kind, String code, String metric, long... valuesOldestFirst) {
        List<LocalDate> nights = new ArrayList<>();
        List<History.Point> points = new ArrayList<>();
        for (int i = 0; i < valuesOldestFirst.length; i++) {
            int back = valuesOldestFirst.length - i;
            nights.add(D.minusDays(back));
            points.add(point(back, kind, code, metric, valuesOldestFirst[i]));
        }
        return new History(nights, points);
    }

    @Test
    void firstNightHasNothingToCompareWith() {
        assertThat(Anomalies.detect(
                        D,
                        List.of(point(0, EntityKind.FILE, "a.csv", "rows_read", 100)),
                        new History(List.of(), List.of())))
                .isEmpty();
    }

    @Test
    void aSchoolThatStopsSubmittingIsSevere() {
        // 100 rows last night, none tonight (no point at all): 0 / 100 - 1 = -100%, beyond the severe 50%
        List<Anomaly> found =
                Anomalies.detect(D, List.of(), history(EntityKind.HOST_SCHOOL, "4310000001", "rows_read", 100));
        assertThat(found).singleElement().satisfies(a -> {
            assertThat(a.strategy()).isEqualTo(Strategy.RELATIVE_RATE_OF_CHANGE);
            assertThat(a.severity()).isEqualTo(Severity.SEVERE);
            assertThat(a.tonight()).isZero();
            assertThat(a.baseline()).isEqualTo(100);
            assertThat(a.change()).isEqualTo(-1.0);
            assertThat(a.threshold()).isEqualTo(0.5);
            assertThat(a.baselineTo()).isEqualTo(D.minusDays(1));
        });
        // a small school (19 < MIN_BASELINE 20) stopping raises nothing here; completeness shows it missing
        assertThat(Anomalies.detect(D, List.of(), history(EntityKind.HOST_SCHOOL, "4310000001", "rows_read", 19)))
                .isEmpty();
    }

    @Test
    void aProvinceWhoseCountDrops() {
        History h = history(EntityKind.HOST_PROVINCE, "310000", "accepted", 100);
        // 60 / 100 - 1 = -40%: at least 25%, below 50%: a warning
        assertThat(Anomalies.detect(D, List.of(point(0, EntityKind.HOST_PROVINCE, "310000", "accepted", 60)), h))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Severity.WARNING);
                    assertThat(a.change()).isCloseTo(-0.4, within(1e-12));
                    assertThat(a.threshold()).isEqualTo(0.25);
                });
        // 45 / 100 - 1 = -55%: severe; 76 / 100 - 1 = -24%: nothing; 125 / 100 - 1 = +25%: a warning (either way)
        assertThat(Anomalies.detect(D, List.of(point(0, EntityKind.HOST_PROVINCE, "310000", "accepted", 45)), h))
                .extracting(Anomaly::severity)
                .containsExactly(Severity.SEVERE);
        assertThat(Anomalies.detect(D, List.of(point(0, EntityKind.HOST_PROVINCE, "310000", "accepted", 76)), h))
                .isEmpty();
        assertThat(Anomalies.detect(D, List.of(point(0, EntityKind.HOST_PROVINCE, "310000", "accepted", 125)), h))
                .extracting(Anomaly::severity)
                .containsExactly(Severity.WARNING);
    }

    @Test
    void aFileWhoseQuarantineShareJumps() {
        List<History.Point> last = List.of(
                point(1, EntityKind.FILE, "a.csv", "rows_read", 100),
                point(1, EntityKind.FILE, "a.csv", "quarantined", 2));
        History h = new History(List.of(D.minusDays(1)), last);
        // 30 / 100 - 2 / 100 = +0.28: at least 0.25, severe. rows_read 100 -> 100 is no change.
        List<Anomaly> found = Anomalies.detect(
                D,
                List.of(
                        point(0, EntityKind.FILE, "a.csv", "rows_read", 100),
                        point(0, EntityKind.FILE, "a.csv", "quarantined", 30)),
                h);
        assertThat(found).singleElement().satisfies(a -> {
            assertThat(a.metric()).isEqualTo("quarantined_share");
            assertThat(a.strategy()).isEqualTo(Strategy.ABSOLUTE_CHANGE);
            assertThat(a.tonight()).isEqualTo(0.30);
            assertThat(a.baseline()).isEqualTo(0.02);
            assertThat(a.change()).isCloseTo(0.28, within(1e-12));
            assertThat(a.severity()).isEqualTo(Severity.SEVERE);
        });
        // 14 / 100 - 0.02 = +0.12: a warning; a fall (0 / 100) is good news, nothing
        assertThat(Anomalies.detect(
                        D,
                        List.of(
                                point(0, EntityKind.FILE, "a.csv", "rows_read", 100),
                                point(0, EntityKind.FILE, "a.csv", "quarantined", 14)),
                        h))
                .extracting(Anomaly::severity)
                .containsExactly(Severity.WARNING);
        assertThat(Anomalies.detect(D, List.of(point(0, EntityKind.FILE, "a.csv", "rows_read", 100)), h))
                .isEmpty();
        // 19 rows read tonight (< MIN_ROWS_FOR_SHARE), 10 quarantined: not judged on so few rows (rows_read -81% is)
        assertThat(Anomalies.detect(
                        D,
                        List.of(
                                point(0, EntityKind.FILE, "a.csv", "rows_read", 19),
                                point(0, EntityKind.FILE, "a.csv", "quarantined", 10)),
                        h))
                .extracting(Anomaly::metric)
                .containsExactly("rows_read");
    }

    @Test
    void onlineNormalNeedsFiveNightsAndFloorsTheDeviation() {
        // nights 100, 102, 98, 100, 100: mean 100, deviation sqrt((0 + 4 + 4 + 0 + 0) / 5) = 1.26, floored to 5% of
        // the mean = 5; 3 deviations = 15. Tonight 84: (84 - 100) / 5 = -3.2, a warning; 86: -2.8, nothing.
        // (Relative change against the last night, 100: -16% and -14%, below 25%.)
        History five = history(EntityKind.ORIGIN_PROVINCE, "530000", "accepted", 100, 102, 98, 100, 100);
        assertThat(Anomalies.detect(D, List.of(point(0, EntityKind.ORIGIN_PROVINCE, "530000", "accepted", 84)), five))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.strategy()).isEqualTo(Strategy.ONLINE_NORMAL);
                    assertThat(a.baseline()).isEqualTo(100.0);
                    assertThat(a.change()).isCloseTo(-3.2, within(1e-12));
                    assertThat(a.threshold()).isEqualTo(3.0);
                    assertThat(a.severity()).isEqualTo(Severity.WARNING);
                    assertThat(a.baselineNights()).isEqualTo(5);
                    assertThat(a.baselineFrom()).isEqualTo(D.minusDays(5));
                });
        assertThat(Anomalies.detect(D, List.of(point(0, EntityKind.ORIGIN_PROVINCE, "530000", "accepted", 86)), five))
                .isEmpty();
        // four nights are not enough for a mean: the same 84 raises nothing
        History four = history(EntityKind.ORIGIN_PROVINCE, "530000", "accepted", 102, 98, 100, 100);
        assertThat(Anomalies.detect(D, List.of(point(0, EntityKind.ORIGIN_PROVINCE, "530000", "accepted", 84)), four))
                .isEmpty();
    }

    @Test
    void theProgressLineNamesCodesAndCountsOnly() {
        Anomaly a = Anomalies.detect(
                        D,
                        List.of(new History.Point(D, EntityKind.HOST_PROVINCE, "310000", "上海市", "accepted", 60, null)),
                        history(EntityKind.HOST_PROVINCE, "310000", "accepted", 100))
                .get(0);
        assertThat(a.describe())
                .isEqualTo("warning host_province 310000 上海市: accepted 60, baseline 100, "
                        + "relative_rate_of_change: -40% against 2024-06-29 (threshold 25%)");
    }
}
