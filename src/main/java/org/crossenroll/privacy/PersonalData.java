package org.crossenroll.privacy;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.when;

import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * What a student's identity looks like in a field where it does not belong, and how to describe a value without
 * repeating it.
 *
 * <p>An <b>ID-shaped value</b> is a run of characters, not inside a longer run of digits, of one of these forms
 * (full-width digits and Ｘ count as their ASCII forms):
 * <ul>
 *   <li>a resident ID-card number of 18 characters: 6 digits, a birth date {@code 19YYMMDD} or {@code 20YYMMDD}
 *       (month 01-12, day 01-31), 3 digits and a check digit or {@code X};
 *   <li>a first-generation ID-card number of 15 digits: 6 digits, a birth date {@code YYMMDD}, 3 digits;
 *   <li>a national student number: {@code G} or {@code L} followed by the 18 characters of an ID-card number;
 *   <li>any run of exactly 19 digits (another spelling of the student number that some systems export).
 * </ul>
 * The birth-date part keeps long numbers that are not ID numbers (an 18-digit order number, say) from matching
 * most of the time; the check digit is not verified, so a mistyped ID number still counts. A person's name cannot be
 * recognised this way; the closed vocabularies and the shapes in quarantine details are what keep names out there.
 */
public final class PersonalData {
    private static final String FULL_WIDTH = "０１２３４５６７８９Ｘｘ";
    private static final String ASCII = "0123456789Xx";
    private static final String DAY = "(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])";
    private static final String ID18 = "[0-9]{6}(?:19|20)[0-9]{2}" + DAY + "[0-9]{3}[0-9Xx]";
    private static final String ID15 = "[0-9]{6}[0-9]{2}" + DAY + "[0-9]{3}";
    /** The ID forms above, as a Java (and so Spark {@code rlike}) regular expression over ASCII-folded text. */
    public static final String ID_REGEX = "(?<![0-9])(?:" + ID18 + "|" + ID15 + "|[0-9]{19})(?![0-9])";

    private static final Pattern ID = Pattern.compile(ID_REGEX);

    private PersonalData() {}

    /** Full-width digits and Ｘ as ASCII, so that an ID typed with a Chinese input method is still seen. */
    static String fold(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            int i = FULL_WIDTH.indexOf(c);
            b.append(i >= 0 ? ASCII.charAt(i) : c);
        }
        return b.toString();
    }

    /** Whether the text holds an ID-shaped value anywhere (see the class comment). */
    public static boolean holdsId(String value) {
        return value != null && ID.matcher(fold(value)).find();
    }

    /** The same test as a Spark expression: true when the (non-null) value holds an ID-shaped value. */
    public static Column holdsId(Column value) {
        return length(value).geq(15).and(translate(value, FULL_WIDTH, ASCII).rlike(ID_REGEX));
    }

    /**
     * A value's shape, never its content: its length and the kinds of characters in it, e.g. "18 characters: digits,
     * Latin letters" or "3 characters: Chinese characters". Lets a quarantine detail say what was wrong without
     * repeating what may be a student's ID number or name; the file and line find the value itself.
     */
    public static Column shape(Column value) {
        Column kinds = concat_ws(
                ", ",
                when(value.rlike("[0-9]"), lit("digits")),
                when(value.rlike("[A-Za-z]"), lit("Latin letters")),
                when(value.rlike("\\p{IsHan}"), lit("Chinese characters")),
                when(value.rlike("\\s"), lit("spaces")),
                when(value.rlike("[^0-9A-Za-z\\p{IsHan}\\s]"), lit("other characters")));
        return concat(
                length(value).cast(DataTypes.StringType),
                when(length(value).equalTo(1), lit(" character: ")).otherwise(lit(" characters: ")),
                kinds);
    }

    /**
     * {@link #holdsId(String)} without a regular expression, for code that runs on every field of every row: each
     * maximal run of digits (full-width ones included) is an ID when it is 19 digits, 15 digits with a birth date, 18
     * digits with a birth date, or 17 digits with a birth date followed by an {@code X} that no digit follows.
     */
    public static boolean holdsIdFast(String value) {
        if (value == null || value.length() < 15) {
            return false;
        }
        int n = value.length();
        int i = 0;
        while (i < n) {
            if (digit(value.charAt(i)) < 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && digit(value.charAt(i)) >= 0) {
                i++;
            }
            int run = i - start;
            if (run == 19
                    || (run == 15 && monthDay(value, start + 8))
                    || (run == 18 && century(value, start + 6) && monthDay(value, start + 10))
                    || (run == 17
                            && i < n
                            && isX(value.charAt(i))
                            && (i + 1 == n || digit(value.charAt(i + 1)) < 0)
                            && century(value, start + 6)
                            && monthDay(value, start + 10))) {
                return true;
            }
        }
        return false;
    }

    /** An ASCII or full-width digit's value, else -1. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= '\uFF10' && c <= '\uFF19' ? c - '\uFF10' : -1;
    }

    private static boolean isX(char c) {
        return c == 'X' || c == 'x' || c == '\uFF38' || c == '\uFF58';
    }

    /** 19 or 20 at {@code at}. */
    private static boolean century(String v, int at) {
        int a = digit(v.charAt(at));
        int b = digit(v.charAt(at + 1));
        return (a == 1 && b == 9) || (a == 2 && b == 0);
    }

    /** MMDD at {@code at}: month 01-12, day 01-31. */
    private static boolean monthDay(String v, int at) {
        int month = digit(v.charAt(at)) * 10 + digit(v.charAt(at + 1));
        int day = digit(v.charAt(at + 2)) * 10 + digit(v.charAt(at + 3));
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    /**
     * {@link #shape(Column)} in plain Java: the same text for the same (non-null) value. Length in code points, as
     * Spark's length(); digits and Latin letters ASCII; Chinese characters the Han script; spaces
     * {@code [ \t\n\x0B\f\r]}, as Java's {@code \s}.
     */
    public static String shape(String value) {
        boolean digits = false;
        boolean latin = false;
        boolean han = false;
        boolean spaces = false;
        boolean other = false;
        int length = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            length++;
            if (cp >= '0' && cp <= '9') {
                digits = true;
            } else if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) {
                latin = true;
            } else if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r') {
                spaces = true;
            } else if (cp >= 0x2E80 && Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                han = true;
            } else {
                other = true;
            }
        }
        StringBuilder b = new StringBuilder().append(length).append(length == 1 ? " character: " : " characters: ");
        String sep = "";
        for (Object[] kind : new Object[][] {
            {digits, "digits"},
            {latin, "Latin letters"},
            {han, "Chinese characters"},
            {spaces, "spaces"},
            {other, "other characters"}
        }) {
            if ((Boolean) kind[0]) {
                b.append(sep).append(kind[1]);
                sep = ", ";
            }
        }
        return b.toString();
    }
}
