package org.crossenroll.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ID shapes of {@link PersonalData}, by hand. No Spark: the same regex runs in Spark's rlike. */
class PersonalDataTest {
    @Test
    void residentIdCardNumbers() {
        assertThat(PersonalData.holdsId("53292319990101123X")).isTrue(); // 532923 1999-01-01 123 X
        assertThat(PersonalData.holdsId("53292319990101123x")).isTrue();
        assertThat(PersonalData.holdsId("532923200512311234")).isTrue(); // born 2005-12-31
        assertThat(PersonalData.holdsId("532923990101123")).isTrue(); // 15 digits, born (19)99-01-01
        assertThat(PersonalData.holdsId("张小明 53292319990101123X"))
                .as("inside text")
                .isTrue();
        assertThat(PersonalData.holdsId("５３２９２３１９９９０１０１１２３Ｘ")).as("full-width").isTrue();
    }

    @Test
    void studentNumbers() {
        assertThat(PersonalData.holdsId("G53292319990101123X")).isTrue();
        assertThat(PersonalData.holdsId("L532923199901011234")).isTrue();
        assertThat(PersonalData.holdsId("1234567890123456789")).as("19 digits").isTrue();
    }

    @Test
    void otherNumbersAreNotIds() {
        assertThat(PersonalData.holdsId("4132000001")).as("a school code").isFalse();
        assertThat(PersonalData.holdsId("532901")).isFalse();
        assertThat(PersonalData.holdsId("2019-09-15 10:00:00")).isFalse();
        assertThat(PersonalData.holdsId("123456789012345678"))
                .as("18 digits, no birth date at 7-14")
                .isFalse();
        assertThat(PersonalData.holdsId("53292319991301123X")).as("month 13").isFalse();
        assertThat(PersonalData.holdsId("5329231999010112345")).as("19 digits").isTrue();
        assertThat(PersonalData.holdsId("53292319990101123456"))
                .as("20 digits: no form")
                .isFalse();
        assertThat(PersonalData.holdsId("5329231999010112")).as("16 digits").isFalse();
        assertThat(PersonalData.holdsId("G2019-000123")).isFalse();
        assertThat(PersonalData.holdsId((String) null)).isFalse();
    }
}
