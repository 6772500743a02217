package org.crossenroll.validate;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fifteen indicators of the cooperation contract, in its order, each with its Chinese name(s) and unit. Only the
 * two amounts in yuan may have a fraction (to the fen: two decimals); every other indicator counts persons,
 * person-times or things, so its value is a whole number.
 */
public enum CooperationIndicator {
    FUNDS_CNY("yuan", true, "帮扶资金"),
    EQUIPMENT_CNY("yuan", true, "捐赠设备"),
    CADRES_SENT("persons", false, "派出挂职干部"),
    TEACHERS_SENT("persons", false, "派出教师", "派出教师(专业带头人、骨干教师、支教教师)"),
    CADRES_RECEIVED("persons", false, "接收挂职干部"),
    TEACHERS_RECEIVED("persons", false, "接收教师", "接收教师(骨干教师跟岗)"),
    TEACHERS_TRAINED("person-times", false, "培训教师"),
    PROGRAMMES_COBUILT("count", false, "共建专业点"),
    TRAINING_BASES("count", false, "共建实训基地"),
    BRANCH_SCHOOLS("count", false, "共建分校", "共建分校(教学点)"),
    VOCATIONAL_GROUPS("count", false, "共建职教集团", "共建职教集团(联盟)"),
    SCHOOLS_PAIRED("count", false, "结对学校"),
    EMPLOYMENT_TRAINING("persons", false, "就业技能培训"),
    SKILLS_UPGRADING("persons", false, "岗位技能提升培训"),
    ENTREPRENEURSHIP_TRAINING("persons", false, "创业培训");

    private static final Map<String, CooperationIndicator> BY_NAME = new HashMap<>();

    static {
        for (CooperationIndicator i : values()) {
            BY_NAME.put(normalize(i.canonical()), i);
            for (String c : i.chinese) {
                BY_NAME.put(normalize(c), i);
            }
        }
    }

    private final String unit;
    private final boolean amount;
    private final List<String> chinese;

    CooperationIndicator(String unit, boolean amount, String... chinese) {
        this.unit = unit;
        this.amount = amount;
        this.chinese = List.of(chinese);
    }

    /** The canonical name, as the tables hold it: {@code funds_cny}. */
    public String canonical() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the value counts: {@code yuan}, {@code persons}, {@code person-times} or {@code count}. */
    public String unit() {
        return unit;
    }

    /** An amount of money in yuan, which may have a fraction of up to two decimals; every other value is whole. */
    public boolean amount() {
        return amount;
    }

    /** The contract's Chinese name. */
    public String chineseName() {
        return chinese.get(0);
    }

    /**
     * The indicator a submitted value names: the canonical name ignoring case, or the Chinese name, with or without
     * the contract's parenthesis (full-width or ASCII brackets, spaces ignored).
     */
    public static Optional<CooperationIndicator> of(String submitted) {
        return submitted == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(normalize(submitted)));
    }

    private static String normalize(String s) {
        return s.replace('（', '(')
                .replace('）', ')')
                .replace(" ", "")
                .replace("\u3000", "")
                .toLowerCase(Locale.ROOT);
    }
}
