package org.crossenroll.privacy;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.when;

import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

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
  public static final String ID_REGEX =
      "(?<![0-9])(?:" + ID18 + "|" + ID15 + "|[0-9]{19})(?![0-9])";
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
    Column kinds = concat_ws(", ",
        when(value.rlike("[0-9]"), lit("digits")),
        when(value.rlike("[A-Za-z]"), lit("Latin letters")),
        when(value.rlike("\\p{IsHan}"), lit("Chinese characters")),
        when(value.rlike("\\s"), lit("spaces")),
        when(value.rlike("[^0-9A-Za-z\\p{IsHan}\\s]"), lit("other characters")));
    return concat(length(value).cast("string"),
        when(length(value).equalTo(1), lit(" character: ")).otherwise(lit(" characters: ")), kinds);
  }
}
