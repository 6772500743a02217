package org.crossenroll.disclosure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * The additive cell key (method 2 of issue 26; the contract is docs/published-layer.md, "How each value is made"):
 * every enrollment has a record key that never changes; every enrollment falls in exactly one fine cell (intake year,
 * origin prefecture, host prefecture, registered poor or not, outcome class), whose key is the sum of its
 * contributors' record keys modulo {@link #MODULUS}; a fine cell's value is looked up in the perturbation table
 * ({@link PTable}) by its count and key; and every published count is the <em>sum</em> of the fine values it selects.
 * So everything published is a function of the fine values, the tables add up, and the same contributors give the
 * same fine value in every table and on every night.
 */
public final class CellKey {
    /** Record and cell keys lie in 0..255 (8 bits): a small count's probability of k is drawn with resolution 1/256. */
    public static final int MODULUS = 256;

    /** Footer key naming the method (beside {@code crossenroll.min_cell_count}). */
    public static final String KEY_METHOD = "crossenroll.protection";

    public static final String METHOD = "additive_cell_key";
    public static final String KEY_MODULUS = "crossenroll.cell_key.modulus";
    public static final String KEY_FINE_CELLS = "crossenroll.cell_key.fine_cells";
    public static final String KEY_PTABLE = "crossenroll.cell_key.ptable";
    public static final String KEY_RECORD_KEY = "crossenroll.cell_key.record_key";

    /** The fine cells' description, as the footer gives it. */
    public static final String FINE_CELLS = "intake_year x origin prefecture x host prefecture x registered_poor x"
            + " outcome class (not_graduated, graduated_not_employed, employed_elsewhere, employed_at_home); every"
            + " published count is the sum of the fine values of the fine cells it selects";

    private CellKey() {}

    /**
     * An enrollment's record key: the first byte of SHA-256 of {@code pseudonym|record_id}. The pseudonym is a keyed
     * HMAC of the student id, so a reader without the pseudonym key cannot compute any record key, and neither the
     * pseudonym nor the record id of an enrollment changes from night to night, so neither does its key.
     */
    public static int recordKey(String pseudonym, String recordId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((pseudonym + "|" + recordId).getBytes(StandardCharsets.UTF_8));
            return hash[0] & 0xff;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** {@link #recordKey} as a Spark column over enrollments_clean (the first two hex digits of the same hash). */
    public static Column recordKeyColumn() {
        return conv(substring(sha2(concat_ws("|", col("student_pseudonym"), col("record_id")), 256), 1, 2), 16, 10)
                .cast("long");
    }

    /** A cell's key from the sum of its contributors' record keys. */
    public static int cellKey(long recordKeySum) {
        return (int) Math.floorMod(recordKeySum, (long) MODULUS);
    }

    /**
     * The perturbation table of a fine cell, published with every file (its parameters in the footer). For a fine
     * cell of n enrollments and cell key c:
     *
     * <ul>
     *   <li>n = 0: 0;
     *   <li>1 &lt;= n &lt;= k-1: k when c &lt; floor(256 n / k), else 0 (k with probability about n/k, so its
     *       expected value is about n, and it is never shown as 1..k-1);
     *   <li>n &gt;= k: n exactly.
     * </ul>
     *
     * There is no other perturbation: a published count is the sum of such values.
     *
     * @param k the threshold ({@code --min-cell-count})
     */
    public record PTable(long k) {
        public PTable {
            if (k < 1) {
                throw new IllegalArgumentException("a ptable needs k >= 1, not " + k);
            }
        }

        /** The fine value of a fine cell of {@code n} enrollments and cell key {@code cellKey}. */
        public long value(long n, int cellKey) {
            if (n <= 0) {
                return 0;
            }
            if (n < k) {
                return cellKey < (MODULUS * n) / k ? k : 0;
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
            m.put(KEY_MODULUS, String.valueOf(MODULUS));
            m.put(KEY_FINE_CELLS, FINE_CELLS);
            m.put(
                    KEY_PTABLE,
                    "fine value: n=0: 0; 1<=n<=k-1: k if c < floor(" + MODULUS + "*n/k) else 0; n>=k: n; c = sum of"
                            + " record keys of the fine cell mod " + MODULUS);
            m.put(KEY_RECORD_KEY, "first byte of SHA-256(student_pseudonym|record_id)");
            return m;
        }
    }
}
