package org.crossenroll.ingest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical fields of a cooperation record (the cooperation contract v1, docs/input-contract.md, "Cooperation
 * records"), in contract order: when several fields break a rule of the same reason code, the quarantine names the
 * first. Headers match as every {@link NamedField}'s do: canonical English or Chinese (simplified or traditional),
 * ignoring case and surrounding spaces.
 */
public enum CooperationField implements NamedField {
    RECORD_ID("record_id", true, "记录编号", "記錄編號"),
    HOST_REGION_CODE("host_region_code", true, "帮扶方地区代码", "幫扶方地區代碼"),
    ORIGIN_REGION_CODE("origin_region_code", true, "受援方地区代码", "受援方地區代碼"),
    HOST_SCHOOL_CODE("host_school_code", false, "帮扶学校标识码", "幫扶學校標識碼"),
    ORIGIN_SCHOOL_CODE("origin_school_code", false, "受援学校标识码", "受援學校標識碼"),
    YEAR("year", true, "年度"),
    INDICATOR("indicator", true, "指标", "指標"),
    VALUE("value", true, "数值", "數值"),
    UPDATED_AT("updated_at", true, "更新时间", "更新時間");

    private static final Map<String, CooperationField> BY_HEADER = NamedField.byHeader(values());

    private final String canonical;
    private final boolean required;
    private final List<String> chineseNames;

    CooperationField(String canonical, boolean required, String... chineseNames) {
        this.canonical = canonical;
        this.required = required;
        this.chineseNames = List.of(chineseNames);
    }

    @Override
    public String column() {
        return canonical;
    }

    public boolean required() {
        return required;
    }

    @Override
    public List<String> chineseNames() {
        return chineseNames;
    }

    /** The field a header cell or JSON key names ({@link NamedField#fromHeader}). */
    public static Optional<CooperationField> fromHeader(String header) {
        return NamedField.fromHeader(BY_HEADER, header);
    }

    /** The language of a header of cooperation records ({@link NamedField#language}). */
    static Field.HeaderLanguage language(List<String> headerCells) {
        return NamedField.language(headerCells, CooperationField::fromHeader);
    }
}
