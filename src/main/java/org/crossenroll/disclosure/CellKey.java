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
 * The cell-key method (ABS TableBuilder, ONS Census 2021, Destatis Zensus 2022; sdcTools {@code cellKey}): every
 * enrollment has a record key that never changes, a cell's key is the sum of its contributors' record keys modulo
 * {@link #MODULUS}, and the published value is looked up in the perturbation table ({@link PTable}) by the cell's
 * true count and key. So the same contributors give the same published value in every table and on every night: a
 * reader who keeps earlier nights sees the same value again, not a fresh draw to average. See
 * docs/published-layer.md, "The published layer (cell key)".
 */
public final class CellKey {
    /**
     * Record and cell keys lie in 0..255 (8 bits, as sdcTools' small ptables): enough that the 2D+1 deviations and the
     * k probabilities of a small count are drawn with a resolution of 1/256.
     */
    public static final int MODULUS = 256;

    /** The default maximum deviation D of a count of at least k: 3 (seven possible deviations, -3..+3). */
    public static final int DEFAULT_MAX_DEVIATION = 3;

    /** Footer keys of the designed layer (beside {@code crossenroll.min_cell_count}). */
    public static final String KEY_METHOD = "crossenroll.protection";

    public static final String METHOD = "cell_key";
    public static final String KEY_MODULUS = "crossenroll.cell_key.modulus";
    public static final String KEY_MAX_DEVIATION = "crossenroll.cell_key.max_deviation";
    public static final String KEY_PTABLE = "crossenroll.cell_key.ptable";

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
     * The perturbation table, published with every file (its parameters in the footer). For a cell of true count n and
     * cell key c:
     *
     * <ul>
     *   <li>n = 0: 0 (an empty cell stays empty);
     *   <li>1 &lt;= n &lt; k: k when c &lt; floor(256 n / k), else 0 (so its expected value is about n, and it is
     *       never shown as 1..k-1);
     *   <li>n &gt;= k: max(k, n + (c mod (2D+1)) - D) (a deviation of -D..+D, never below k).
     * </ul>
     *
     * @param k the threshold ({@code --min-cell-count})
     * @param maxDeviation D
     */
    public record PTable(long k, int maxDeviation) {
        public PTable {
            if (k < 1 || maxDeviation < 0) {
                throw new IllegalArgumentException("a ptable needs k >= 1 and D >= 0, not " + k + ", " + maxDeviation);
            }
        }

        /** The published value of a cell of true count {@code n} and cell key {@code cellKey}. */
        public long value(long n, int cellKey) {
            if (n <= 0) {
                return 0;
            }
            if (n < k) {
                return cellKey < (MODULUS * n) / k ? k : 0;
            }
            return Math.max(k, n + (cellKey % (2 * maxDeviation + 1)) - maxDeviation);
        }

        /** The lowest true count that can be published as {@code v} (the bound a reader can use). */
        public long lowestTrue(long v) {
            if (v == 0) {
                return 0;
            }
            return v == k ? 1 : Math.max(k, v - maxDeviation);
        }

        /** The highest true count that can be published as {@code v} ({@code v = 0}: k-1). */
        public long highestTrue(long v) {
            return v == 0 ? k - 1 : v + maxDeviation;
        }

        /** The footer's description of the method and its parameters. */
        public Map<String, String> footer() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(KEY_METHOD, METHOD);
            m.put(KEY_MODULUS, String.valueOf(MODULUS));
            m.put(KEY_MAX_DEVIATION, String.valueOf(maxDeviation));
            m.put(
                    KEY_PTABLE,
                    "n=0: 0; 1<=n<k: k if c < floor(" + MODULUS + "*n/k) else 0; n>=k: max(k, n + (c mod "
                            + (2 * maxDeviation + 1) + ") - " + maxDeviation + "); c = sum of record keys mod "
                            + MODULUS + ", record key = first byte of SHA-256(student_pseudonym|record_id)");
            return m;
        }
    }
}
