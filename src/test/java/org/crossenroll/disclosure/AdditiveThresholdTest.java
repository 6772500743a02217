package org.crossenroll.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToLongFunction;
import org.crossenroll.disclosure.AdditiveThreshold.Rule;
import org.crossenroll.privacy.PseudonymKey;
import org.junit.jupiter.api.Test;

/**
 * The additive threshold method's pieces against values worked out by hand (the fine values, bounds) or by another
 * implementation (thresholds: Python's hmac).
 */
class AdditiveThresholdTest {
    private static final Rule K10 = new Rule(10);
    private static final PseudonymKey KEY =
            PseudonymKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "test");

    @Test
    void thresholdsAreOnePlusTheKeyedHashModuloK() {
        // python3: h = int.from_bytes(hmac.new(b"0123456789abcdef0123456789abcdef",
        //   b"crossenroll.threshold.v1|2019|530800|310100|true|not_graduated", hashlib.sha256).digest()[:8], "big")
        // -> 3234650844650909007, 1 + h % 10 = 8; ...|2019|530100|310100|true|employed_elsewhere
        // -> 14629151281631175371 (above 2^63: read unsigned), 1 + h % 10 = 2
        assertThat(KEY.keyedHash64(AdditiveThreshold.THRESHOLD_LABEL)
                        .applyAsLong("2019|530800|310100|true|not_graduated"))
                .isEqualTo(3234650844650909007L);
        ToLongFunction<String> h = AdditiveThreshold.hashes(KEY);
        assertThat(K10.threshold(
                        h.applyAsLong(AdditiveThreshold.coordinates(2019, "530800", "310100", true, "not_graduated"))))
                .isEqualTo(8);
        assertThat(K10.threshold(h.applyAsLong(
                        AdditiveThreshold.coordinates(2019, "530100", "310100", true, "employed_elsewhere"))))
                .isEqualTo(2);
        // a hash of k - 1 gives k, of k gives 1; a negative long is read unsigned: 2^64 - 1 = 18446744073709551615,
        // 18446744073709551615 mod 10 = 5, so t = 6
        assertThat(List.of(K10.threshold(9), K10.threshold(10), K10.threshold(-1)))
                .containsExactly(10L, 1L, 6L);
        // another key, another threshold table: the thresholds are the key's secret
        PseudonymKey other = PseudonymKey.of("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8), "t");
        assertThat(other.keyedHash64(AdditiveThreshold.THRESHOLD_LABEL)
                        .applyAsLong("2019|530800|310100|true|not_graduated"))
                .isNotEqualTo(3234650844650909007L);
    }

    @Test
    void theFineValuesWorkedByHand() {
        // n = 0 stays 0 whatever the threshold
        assertThat(K10.value(0, 1)).isZero();
        assertThat(K10.value(0, 10)).isZero();
        // 1 <= n <= 9: 10 when n >= t, else 0
        assertThat(K10.value(3, 3)).isEqualTo(10);
        assertThat(K10.value(3, 4)).isZero();
        assertThat(K10.value(1, 1)).isEqualTo(10);
        assertThat(K10.value(1, 2)).isZero();
        assertThat(K10.value(9, 9)).isEqualTo(10);
        assertThat(K10.value(9, 10)).isZero();
        // n >= 10: n exactly, whatever the threshold
        assertThat(K10.value(10, 10)).isEqualTo(10);
        assertThat(K10.value(11, 1)).isEqualTo(11);
        assertThat(K10.value(20, 7)).isEqualTo(20);
        assertThatThrownBy(() -> K10.value(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> K10.value(3, 11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFineValueIsZeroKOrItsCountNeverFallsAsItsCountGrowsAndIsKForNOfTheKThresholds() {
        for (long t = 1; t <= 10; t++) {
            long previous = 0;
            for (long n = 0; n <= 60; n++) {
                long v = K10.value(n, t);
                assertThat(v == 0 || v == 10 || v == n)
                        .as("n=%d t=%d v=%d", n, t, v)
                        .isTrue();
                assertThat(n).as("n=%d t=%d v=%d", n, t, v).isBetween(K10.lowestTrue(v), K10.highestTrue(v));
                // what makes a growing cell safe across nights: its value never falls
                assertThat(v).as("n=%d t=%d", n, t).isGreaterThanOrEqualTo(previous);
                previous = v;
            }
        }
        for (long n = 1; n <= 9; n++) { // shown as 10 for thresholds 1..n: n of the 10, expected value n
            long shown = 0;
            for (long t = 1; t <= 10; t++) {
                shown += K10.value(n, t) == 10 ? 1 : 0;
            }
            assertThat(shown).as("n=%d", n).isEqualTo(n);
        }
    }

    @Test
    void theBoundsAReaderIsToldWorkedByHand() {
        // 0: a true 0..9; 10: 1..10 (a small count shown as 10, or exactly 10); 11: exactly 11; 23: exactly 23
        assertThat(List.of(K10.lowestTrue(0), K10.highestTrue(0))).containsExactly(0L, 9L);
        assertThat(List.of(K10.lowestTrue(10), K10.highestTrue(10))).containsExactly(1L, 10L);
        assertThat(List.of(K10.lowestTrue(11), K10.highestTrue(11))).containsExactly(11L, 11L);
        assertThat(List.of(K10.lowestTrue(23), K10.highestTrue(23))).containsExactly(23L, 23L);
    }

    @Test
    void theFooterNamesTheMethodAndItsParameters() {
        assertThat(K10.footer())
                .containsEntry("crossenroll.protection", "additive_threshold")
                .containsKey("crossenroll.additive_threshold.threshold")
                .doesNotContainKey("crossenroll.cell_key.max_deviation");
        assertThat(K10.footer().get("crossenroll.additive_threshold.fine_cells"))
                .contains("intake_year", "registered_poor", "employed_at_home");
        assertThatThrownBy(() -> new Rule(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
