package org.crossenroll.disclosure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.crossenroll.privacy.PseudonymKey;

/**
 * The additive threshold method of the published layer (issue 26; the contract is docs/published-layer.md, "How each
 * value is made"): every enrollment falls in exactly one fine cell (intake year, origin prefecture, host prefecture,
 * registered poor or not, outcome class); a fine cell of 1..k-1 enrollments is shown as k when its count reaches its
 * secret threshold t in 1..k, else as 0, and a fine cell of k or more as its count; every published count is the
 * <em>sum</em> of the fine values it selects.
 *
 * <p>Why a threshold fixed per cell rather than a cell key drawn from the contributors (method 2): a cell's value is
 * then a non-decreasing function of its count alone. A cell that gains an enrollment can go from 0 to k but never from
 * k back to 0, so a reader who keeps every night and knows that enrollments only accumulate cannot catch a cell shown
 * k one night and 0 the next (the independent attacker's finding against method 2); and a cell whose count did not
 * change shows the same value on every night.
 */
public final class AdditiveThreshold {
    /** Footer key naming the method (beside {@code crossenroll.min_cell_count}). */
    public static final String KEY_METHOD = "crossenroll.protection";

    public static final String METHOD = "additive_threshold";
    public static final String KEY_FINE_CELLS = "crossenroll.additive_threshold.fine_cells";
    public static final String KEY_RULE = "crossenroll.additive_threshold.rule";
    public static final String KEY_THRESHOLD = "crossenroll.additive_threshold.threshold";

    /** The fine cells' description, as the footer gives it. */
    public static final String FINE_CELLS = "intake_year x origin prefecture x host prefecture x registered_poor x"
            + " outcome class (not_graduated, graduated_not_employed, employed_elsewhere, employed_at_home); every"
            + " published count is the sum of the fine values of the fine cells it selects";

    /** The label of the keyed hash the thresholds are drawn from ({@link PseudonymKey#keyedHash64}). */
    public static final String THRESHOLD_LABEL = "crossenroll.threshold.v1";

    private AdditiveThreshold() {}

    /**
     * The text a fine cell's threshold is drawn from: {@code year|origin prefecture|host prefecture|registered
     * poor|outcome class}, e.g. {@code 2019|530800|310100|true|not_graduated}.
     */
    public static String coordinates(
            int year, String originPrefecture, String hostPrefecture, boolean registeredPoor, String outcomeClass) {
        return year + "|" + originPrefecture + "|" + hostPrefecture + "|" + registeredPoor + "|" + outcomeClass;
    }

    /**
     * The keyed hashes h a fine cell's threshold comes from ({@link Rule#threshold}): of the cell's
     * {@link #coordinates} under the pseudonym key. They depend on the key and the cell only, never on the data;
     * without the key a reader cannot compute any of them. On the driver only (one Mac).
     */
    public static ToLongFunction<String> hashes(PseudonymKey key) {
        return key.keyedHash64(THRESHOLD_LABEL);
    }

    /**
     * The rule of a fine cell, published with every file (its parameters in the footer). For a fine cell of n
     * enrollments and threshold t:
     *
     * <ul>
     *   <li>n = 0: 0;
     *   <li>1 &lt;= n &lt;= k-1: k when n &gt;= t, else 0 (k with probability exactly n/k over t, so its expected
     *       value is n, and it is never shown as 1..k-1);
     *   <li>n &gt;= k: n exactly.
     * </ul>
     *
     * There is no other perturbation: a published count is the sum of such values.
     *
     * @param k the threshold ({@code --min-cell-count})
     */
    public record Rule(long k) {
        public Rule {
            if (k < 1) {
                throw new IllegalArgumentException("the rule needs k >= 1, not " + k);
            }
        }

        /** A fine cell's threshold t = 1 + (h mod k), h read as an unsigned 64-bit number: uniform on 1..k. */
        public long threshold(long h) {
            return 1 + Long.remainderUnsigned(h, k);
        }

        /** The fine value of a fine cell of {@code n} enrollments whose keyed hash is {@code h}. */
        public long fineValue(long n, long h) {
            return value(n, threshold(h));
        }

        /** The fine value of a fine cell of {@code n} enrollments and threshold {@code t} (1..k). */
        public long value(long n, long t) {
            if (t < 1 || t > k) {
                throw new IllegalArgumentException("a threshold lies in 1.." + k + ", not " + t);
            }
            if (n <= 0) {
                return 0;
            }
            if (n < k) {
                return n >= t ? k : 0;
            }
            return n;
        }

        /** The lowest true count a fine value {@code v} stands for: 0 for 0, 1 for k, else v. */
        public long lowestTrue(long v) {
            if (v == 0) {
                return 0;
            }
            return v == k ? 1 : v;
        }

        /** The highest true count a fine value {@code v} stands for: k-1 for 0, else v. */
        public long highestTrue(long v) {
            return v == 0 ? k - 1 : v;
        }

        /** The footer's description of the method and its parameters. */
        public Map<String, String> footer() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(KEY_METHOD, METHOD);
            m.put(KEY_FINE_CELLS, FINE_CELLS);
            m.put(KEY_RULE, "fine value: n=0: 0; 1<=n<=k-1: k if n >= t else 0; n>=k: n");
            m.put(
                    KEY_THRESHOLD,
                    "t = 1 + (h mod k), h = first 8 bytes (unsigned, big-endian) of HMAC-SHA256(pseudonym key, \""
                            + THRESHOLD_LABEL
                            + "|year|origin_prefecture|host_prefecture|registered_poor|outcome_class\");"
                            + " fixed per fine cell, secret");
            return m;
        }
    }
}
