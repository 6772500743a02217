package org.crossenroll.privacy;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.btrim;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * A row's own student name or student id typed into another of its fields (a name pasted into host_school_name, the
 * id used as record_id). {@link PersonalData} recognises an ID number by its shape; a name has no shape, but the row
 * itself says what its student is called, so any other field holding exactly that is the same leak.
 *
 * <p>Compared after the job's own normalisation: both sides trimmed of {@link #WHITESPACE} (as every value is, the
 * full-width space included); a name then compared exactly, an id ignoring the case of ASCII letters (ID-card
 * numbers end in {@code x} or {@code X} alike; the pseudonymizer upper-cases the id for the same reason). A blank
 * name or id compares to nothing. Plain comparisons, no regular expressions: this runs on every field of every row,
 * in the readers, the only place where {@code student_name} still exists. Defined twice, for the text readers (Java)
 * and the Parquet reader (Spark expressions), side by side here; {@code OwnIdentityTest} holds them to one answer.
 */
public final class OwnIdentity {
    /**
     * What the job trims from both ends of every value: spaces, tabs, line breaks, the full-width space Chinese input
     * methods type and a stray byte-order mark.
     */
    public static final String WHITESPACE = " \t\r\n\u000B\f\u3000\uFEFF";

    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final String name;
    private final String id;

    private OwnIdentity(String name, String id) {
        this.name = name;
        this.id = id;
    }

    /** A row's own name and id as read (either may be null or blank), normalised once for the row's fields. */
    public static OwnIdentity of(String studentName, String studentId) {
        String n = trim(studentName);
        String i = trim(studentId);
        return new OwnIdentity(n, i == null ? null : asciiUpper(i));
    }

    /** Whether there is anything to compare with: a row without a name and id holds neither anywhere. */
    public boolean isBlank() {
        return name == null && id == null;
    }

    /** Whether the value, trimmed, is the row's own name, or its own id in any case of ASCII letters. */
    public boolean isIn(String value) {
        if (value == null || isBlank()) {
            return false;
        }
        int start = trimmedStart(value);
        int length = trimmedEnd(value, start) - start;
        return (name != null && length == name.length() && value.startsWith(name, start))
                || (id != null && length == id.length() && sameIgnoringAsciiCase(value, start, id));
    }

    private static boolean sameIgnoringAsciiCase(String value, int start, String upper) {
        for (int i = 0; i < upper.length(); i++) {
            char c = value.charAt(start + i);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 'a' + 'A');
            }
            if (c != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The value without {@link #WHITESPACE} at either end; null when nothing is left. */
    public static String trim(String value) {
        if (value == null) {
            return null;
        }
        int start = trimmedStart(value);
        int end = trimmedEnd(value, start);
        return start == end ? null : value.substring(start, end);
    }

    private static String asciiUpper(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return b.toString();
    }

    /** The trimmed text of a Spark value, as {@link #trim}; "" when blank. */
    public static Column trimmed(Column value) {
        // btrim, not trim(col, chars): Spark 4.2 warns on every run that two-parameter TRIM is deprecated.
        return btrim(value, lit(WHITESPACE));
    }

    /**
     * The first of {@code fields} (names of {@code values}, in the same order) whose value is the row's own name or id,
     * as a Spark expression; null when none is. {@link #isIn} over every value, written as two array searches so that
     * the generated code stays small: the Parquet reader's stage also types and validates every field, and its
     * generated method is near the JVM's 64 KB limit.
     */
    public static Column firstFieldHolding(
            List<Column> values, List<String> fields, Column studentName, Column studentId) {
        Column trimmedValues = array(values.stream().map(OwnIdentity::trimmed).toArray(Column[]::new));
        Column n = trimmed(studentName);
        Column i = translate(trimmed(studentId), LOWER, UPPER);
        Column nameAt = when(n.notEqual(lit("")), array_position(trimmedValues, n));
        Column idAt =
                when(i.notEqual(lit("")), array_position(transform(trimmedValues, v -> translate(v, LOWER, UPPER)), i));
        // least() skips nulls; a position of 0 (not found) is made null first
        Column first = least(nullif(nameAt, lit(0L)), nullif(idAt, lit(0L)));
        // guarded: element_at over an array of literals gave its last element for a null position (Spark 4.2)
        return when(
                first.isNotNull(),
                element_at(
                        array(fields.stream().map(f -> lit(f)).toArray(Column[]::new)),
                        first.cast(DataTypes.IntegerType)));
    }

    /**
     * {@link #isIn} as a Spark expression over the row's own name and id columns: true when the value is one of them,
     * false or null otherwise. ASCII case mapping by translate, as {@link #isIn} does (Spark's upper() would load ICU's
     * case tables on first use, seconds per JVM).
     */
    public static Column isIn(Column value, Column studentName, Column studentId) {
        Column v = trimmed(value);
        Column n = trimmed(studentName);
        Column i = translate(trimmed(studentId), LOWER, UPPER);
        Column sameName = when(n.notEqual(lit("")), v.equalTo(n));
        Column sameId = when(i.notEqual(lit("")), translate(v, LOWER, UPPER).equalTo(i));
        return sameName.or(sameId);
    }

    /** Where the value starts without {@link #WHITESPACE}: bounds rather than a substring, per field of every row. */
    private static int trimmedStart(String value) {
        int start = 0;
        while (start < value.length() && WHITESPACE.indexOf(value.charAt(start)) >= 0) {
            start++;
        }
        return start;
    }

    private static int trimmedEnd(String value, int start) {
        int end = value.length();
        while (end > start && WHITESPACE.indexOf(value.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }
}
