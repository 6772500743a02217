package org.crossenroll.ingest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical fields of an enrollment record (input contract v1, see docs/input-contract.md), in contract order.
 * The order matters: when several fields break a rule of the same reason code, the quarantine names the first.
 */
public enum Field implements NamedField {
    RECORD_ID("record_id", true, "记录编号", "記錄編號"),
    STUDENT_ID("student_id", true, "学籍号", "學籍號"),
    STUDENT_NAME("student_name", false, "姓名"),
    GENDER("gender", true, "性别", "性別"),
    BIRTH_DATE("birth_date", false, "出生日期"),
    ETHNICITY("ethnicity", false, "民族"),
    ORIGIN_COUNTY_CODE("origin_county_code", true, "生源地代码", "生源地代碼"),
    ORIGIN_SCHOOL("origin_school", false, "生源学校", "生源學校"),
    HOST_SCHOOL_CODE("host_school_code", true, "学校标识码", "學校標識碼"),
    HOST_SCHOOL_NAME("host_school_name", false, "学校名称", "學校名稱"),
    HOST_COUNTY_CODE("host_county_code", true, "学校所在地代码", "學校所在地代碼"),
    PROGRAM_CODE("program_code", false, "专业代码", "專業代碼"),
    PROGRAM_NAME("program_name", false, "专业名称", "專業名稱"),
    SCHEME("scheme", false, "招生项目", "招生項目"),
    INTAKE_DATE("intake_date", true, "入学日期", "入學日期"),
    REGISTERED_POOR("registered_poor", true, "建档立卡", "建檔立卡"),
    LIANG_HOU_SHENG("liang_hou_sheng", false, "两后生", "兩後生"),
    STATUS("status", true, "学籍状态", "學籍狀態"),
    STATUS_DATE("status_date", false, "状态日期", "狀態日期"),
    EMPLOYMENT_STATUS("employment_status", false, "就业状态", "就業狀態"),
    EMPLOYMENT_COUNTY_CODE("employment_county_code", false, "就业地代码", "就業地代碼"),
    UPDATED_AT("updated_at", true, "更新时间", "更新時間");

    private static final Map<String, Field> BY_HEADER = NamedField.byHeader(values());

    private final String canonical;
    private final boolean required;
    private final List<String> chineseNames;

    Field(String canonical, boolean required, String... chineseNames) {
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

    /** The language a header names fields in: what a message about a missing column should speak. */
    public enum HeaderLanguage {
        ENGLISH,
        SIMPLIFIED,
        TRADITIONAL;

        /** The language of a header of enrollment records ({@link NamedField#language}). */
        public static HeaderLanguage of(List<String> headerCells) {
            return NamedField.language(headerCells, Field::fromHeader);
        }
    }

    /** The field a header cell or JSON key names ({@link NamedField#fromHeader}). */
    public static Optional<Field> fromHeader(String header) {
        return NamedField.fromHeader(BY_HEADER, header);
    }
}
