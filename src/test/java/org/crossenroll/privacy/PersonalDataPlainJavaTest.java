package org.crossenroll.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PersonalData#holdsIdFast} and {@link PersonalData#shape(String)}: the plain-Java twins, without Spark. */
class PersonalDataPlainJavaTest {
    @Test
    void idShapesByHand() {
        assertThat(PersonalData.holdsIdFast("53292319990101123X")).isTrue();
        assertThat(PersonalData.holdsIdFast("53292319990101123x")).isTrue();
        assertThat(PersonalData.holdsIdFast("532923199901011234")).isTrue();
        assertThat(PersonalData.holdsIdFast("G53292319990101123X"))
                .as("student number")
                .isTrue();
        assertThat(PersonalData.holdsIdFast("５３２９２３１９９９０１０１１２３Ｘ"))
                .as("full width")
                .isTrue();
        assertThat(PersonalData.holdsIdFast("数控 532923990101123"))
                .as("15 digits, first generation")
                .isTrue();
        assertThat(PersonalData.holdsIdFast("1234567890123456789"))
                .as("19 digits")
                .isTrue();
        assertThat(PersonalData.holdsIdFast("12345678901234567890"))
                .as("20 digits")
                .isFalse();
        assertThat(PersonalData.holdsIdFast("订单 123456789012345678"))
                .as("no birth date")
                .isFalse();
        assertThat(PersonalData.holdsIdFast("53292318990101123X"))
                .as("century 18")
                .isFalse();
        assertThat(PersonalData.holdsIdFast("53292319991301123X"))
                .as("month 13")
                .isFalse();
        assertThat(PersonalData.holdsIdFast("53292319990132123X")).as("day 32").isFalse();
        assertThat(PersonalData.holdsIdFast("53292319990101123X5"))
                .as("a digit after the X")
                .isFalse();
        assertThat(PersonalData.holdsIdFast("5329231999010112345"))
                .as("19 digits count anyway")
                .isTrue();
        assertThat(PersonalData.holdsIdFast("5329239901011234")).as("16 digits").isFalse();
        assertThat(PersonalData.holdsIdFast(null)).isFalse();
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomText() {
        Random rnd = new Random(42);
        char[] alphabet = "0123456789012345678901234567890123456789Xx０１９Ｘｘ -/a张".toCharArray();
        String[] seeds = {"53292319990101123X", "532923990101123", "1234567890123456789", "G53292320000229001x"};
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            if (rnd.nextInt(3) == 0) {
                b.append(seeds[rnd.nextInt(seeds.length)]);
                b.insert(rnd.nextInt(b.length() + 1), alphabet[rnd.nextInt(alphabet.length)]);
                if (rnd.nextBoolean()) {
                    b.deleteCharAt(rnd.nextInt(b.length()));
                }
            }
            int n = rnd.nextInt(25);
            for (int j = 0; j < n; j++) {
                b.insert(rnd.nextInt(b.length() + 1), alphabet[rnd.nextInt(alphabet.length)]);
            }
            String s = b.toString();
            assertThat(PersonalData.holdsIdFast(s)).as(s).isEqualTo(PersonalData.holdsId(s));
        }
    }

    @Test
    void shapesByHand() {
        assertThat(PersonalData.shape("x")).isEqualTo("1 character: Latin letters");
        assertThat(PersonalData.shape("2019-02-30")).isEqualTo("10 characters: digits, other characters");
        assertThat(PersonalData.shape("数控 53292319990101123X"))
                .isEqualTo("21 characters: digits, Latin letters, Chinese characters, spaces");
        assertThat(PersonalData.shape("张小明")).isEqualTo("3 characters: Chinese characters");
        assertThat(PersonalData.shape("a😀b"))
                .as("code points, as Spark's length()")
                .isEqualTo("3 characters: Latin letters, other characters");
        assertThat(PersonalData.shape("学校\u00A0名"))
                .as("a no-break space is no \\s")
                .isEqualTo("4 characters: Chinese characters, other characters");
        assertThat(PersonalData.shape("ｘ１")).isEqualTo("2 characters: other characters");
        assertThat(PersonalData.shape("x\ty")).isEqualTo("3 characters: Latin letters, spaces");
    }
}
