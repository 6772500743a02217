package org.crossenroll.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical fields of a cooperation record (the cooperation contract v1, docs/input-contract.md, "Cooperation
 * records"), in contract order: when several fields break a rule of the same reason code, the quarantine names the
 * first. Headers match as {@link Field}'s do: canonical English or Chinese (simplified or traditional), ignoring case
 * and surrounding spaces.
 */
public enum CooperationField {
    RECORD_ID("record_id", true, "记录编号", "記錄編號"),
    HOST_REGION_CODE("host_region_code", true, "帮扶方地区代码", "幫扶方地區代碼"),
    ORIGIN_REGION_CODE("origin_region_code", true, "受援方地区代码", "受援方地區代碼"),
    HOST_SCHOOL_CODE("host_school_code", false, "帮扶学校标识码", "幫扶學校標識碼"),
    ORIGIN_SCHOOL_CODE("origin_school_code", false, "受援学校标识码", "受援學校標識碼"),
    YEAR("year", true, "年度"),
    INDICATOR("indicator", true, "指标", "指標"),
    VALUE("value", true, "数值", "數值"),
    UPDATED_AT("updated_at", true, "更新时间", "更新時間");

    private static final Map<String, CooperationField> BY_HEADER = new HashMap<>();

    static {
        for (CooperationField field : values()) {
            BY_HEADER.put(normalize(field.canonical), field);
            for (String alias : field.chineseNames) {
                BY_HEADER.put(normalize(alias), field);
            }
        }
    }

    private final String canonical;
    private final boolean required;
    private final List<String> chineseNames;

    CooperationField(String canonical, boolean required, String... chineseNames) {
        this.canonical = canonical;
        this.required = required;
        this.chineseNames = List.of(chineseNames);
    }

    /** The canonical English column name. */
    public String column() {
        return canonical;
    }

    public boolean required() {
        return required;
    }

    /** The field's name as a header in that language knows it, as {@link Field#name} gives it. */
    public String name(Field.HeaderLanguage language) {
        return switch (language) {
            case ENGLISH -> canonical;
            case SIMPLIFIED -> canonical + " (" + chineseNames.get(0) + ")";
            case TRADITIONAL -> canonical + " (" + chineseNames.get(chineseNames.size() - 1) + ")";
        };
    }

    /** The field a header cell or JSON key names, matched as {@link Field#fromHeader} matches. */
    public static Optional<CooperationField> fromHeader(String header) {
        return header == null ? Optional.empty() : Optional.ofNullable(BY_HEADER.get(normalize(header)));
    }

    /**
     * The language of a header's cells, as {@link Field.HeaderLanguage#of} decides it: traditional when a cell is a
     * traditional name that differs from the simplified, else simplified when any is Chinese, else English.
     */
    static Field.HeaderLanguage language(List<String> headerCells) {
        Field.HeaderLanguage language = Field.HeaderLanguage.ENGLISH;
        for (String cell : headerCells) {
            CooperationField f = fromHeader(cell).orElse(null);
            if (f == null) {
                continue;
            }
            String name = normalize(cell);
            if (f.chineseNames.size() > 1
                    && name.equals(normalize(f.chineseNames.get(1)))
                    && !name.equals(normalize(f.chineseNames.get(0)))) {
                return Field.HeaderLanguage.TRADITIONAL;
            }
            if (!name.equals(normalize(f.canonical))) {
                language = Field.HeaderLanguage.SIMPLIFIED;
            }
        }
        return language;
    }

    private static String normalize(String header) {
        return header.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
    }
}
