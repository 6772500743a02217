package org.crossenroll.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Replaces {@code student_id} with {@code student_pseudonym} = hex(HMAC-SHA256(key, normalized id)). The id is
 * normalized (trimmed, upper case) so that "53290119990101123x" and "53290119990101123X " are one student, as
 * ID-card numbers are. Spark has no HMAC expression, hence the one UDF of the pipeline.
 */
public final class Pseudonymizer {
    public static final String STUDENT_ID = "student_id";
    public static final String PSEUDONYM = "student_pseudonym";

    private Pseudonymizer() {}

    static String normalize(String studentId) {
        if (studentId == null) {
            return null;
        }
        String s = studentId.strip().toUpperCase(Locale.ROOT);
        return s.isEmpty() ? null : s;
    }

    /** Drops the raw id: the returned dataset holds {@value #PSEUDONYM} in its place, and no raw id at all. */
    public static Dataset<Row> apply(Dataset<Row> raw, PseudonymKey key) {
        UserDefinedFunction hmac = udf(new HmacUdf(key.secret()), DataTypes.StringType);
        return raw.withColumn(PSEUDONYM, hmac.apply(col(STUDENT_ID))).drop(STUDENT_ID);
    }

    /** Keeps one Mac per executor thread: creating it costs more than hashing one id. */
    private static final class HmacUdf implements UDF1<String, String> {
        private final Hasher hasher;

        HmacUdf(byte[] secret) {
            this.hasher = new Hasher(secret);
        }

        @Override
        public String call(String studentId) {
            return hasher.pseudonym(studentId);
        }
    }

    /** A hasher for plain Java code running in Spark tasks (the intake's classifier): the UDF's pseudonym. */
    public static Hasher hasher(PseudonymKey key) {
        return new Hasher(key.secret());
    }

    /**
     * hex(HMAC-SHA256(key, normalized id)), null for a blank id: the pseudonym of {@link #apply}, in plain Java. One
     * {@link Mac} per thread (creating it costs more than hashing one id); serializable, the key travels with it.
     */
    public static final class Hasher implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] secret;
        private transient ThreadLocal<Mac> mac;

        Hasher(byte[] secret) {
            this.secret = secret.clone();
        }

        public String pseudonym(String studentId) {
            String normalized = normalize(studentId);
            if (normalized == null) {
                return null;
            }
            if (mac == null) {
                mac = ThreadLocal.withInitial(this::newMac);
            }
            return HexFormat.of().formatHex(mac.get().doFinal(normalized.getBytes(StandardCharsets.UTF_8)));
        }

        private Mac newMac() {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(secret, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
