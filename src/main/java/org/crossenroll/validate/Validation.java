package org.crossenroll.validate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.btrim;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.RawRecords;
import org.crossenroll.privacy.OwnIdentity;
import org.crossenroll.privacy.PersonalData;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Schemes;

/**
 * Types every field of the contract and decides each row's first broken rule, as built-in Spark expressions only.
 * Output: the typed columns, the three county codes as submitted ({@code <field>_submitted}) and resolved through
 * the reference and its code history ({@link RegionResolution}), and {@code reason_code}, {@code reason_field},
 * {@code reason_detail} (all null for a valid row).
 */
public final class Validation {
    public static final String REASON_CODE = "reason_code";
    public static final String REASON_FIELD = "reason_field";
    public static final String REASON_DETAIL = "reason_detail";
    public static final String INTAKE_YEAR = "intake_year";
    public static final String ETHNIC_MINORITY = "ethnic_minority";
    /** True when a non-blank scheme is not in the vocabulary, and so is published as {@link Schemes#OTHER}. */
    public static final String SCHEME_OTHER = "scheme_other";
    /**
     * The three county codes. Each is kept as submitted in {@code <field>_submitted}; {@code <field>} is the county
     * it resolves to (null when only its prefecture or province is determined), beside {@code <prefix>_county_name},
     * {@code _prefecture_code}, {@code _prefecture_name}, {@code _province_code}, {@code _province_name} and
     * {@code _county_resolution} (the {@link RegionResolution.Kind}, null for a code of the reference).
     */
    public static final List<Field> REGION_CODES =
            List.of(Field.ORIGIN_COUNTY_CODE, Field.HOST_COUNTY_CODE, Field.EMPLOYMENT_COUNTY_CODE);

    private static final String SUBMITTED = "_submitted";

    /** Earliest intake the programme's records can carry (contract: 2010-01-01 to the run date). */
    public static final LocalDate EARLIEST_INTAKE = LocalDate.of(2010, 1, 1);

    private static final String DATE_FORMS = "yyyy-MM-dd, yyyy/MM/dd or yyyyMMdd";
    private static final String WS = OwnIdentity.WHITESPACE;

    // Ordered maps: the CASE tries keys in this order, so the spellings most files use come first.
    private static final Map<String, String> GENDER =
            ordered("M", "M", "F", "F", "男", "M", "女", "F", "1", "M", "2", "F");
    private static final Map<String, String> STATUS = ordered(
            "ENROLLED",
            "ENROLLED",
            "GRADUATED",
            "GRADUATED",
            "WITHDRAWN",
            "WITHDRAWN",
            "TRANSFERRED",
            "TRANSFERRED",
            "在读",
            "ENROLLED",
            "毕业",
            "GRADUATED",
            "退学",
            "WITHDRAWN",
            "转学",
            "TRANSFERRED",
            "在讀",
            "ENROLLED",
            "在籍",
            "ENROLLED",
            "畢業",
            "GRADUATED",
            "退學",
            "WITHDRAWN",
            "辍学",
            "WITHDRAWN",
            "輟學",
            "WITHDRAWN",
            "轉學",
            "TRANSFERRED");
    private static final Map<String, String> EMPLOYMENT = ordered(
            "EMPLOYED",
            "EMPLOYED",
            "FURTHER_STUDY",
            "FURTHER_STUDY",
            "UNEMPLOYED",
            "UNEMPLOYED",
            "就业",
            "EMPLOYED",
            "升学",
            "FURTHER_STUDY",
            "待业",
            "UNEMPLOYED",
            "就業",
            "EMPLOYED",
            "升學",
            "FURTHER_STUDY",
            "待業",
            "UNEMPLOYED");
    private static final Map<String, Boolean> BOOLEAN = ordered(
            "TRUE", true, "FALSE", false, "1", true, "0", false, "Y", true, "N", false, "YES", true, "NO", false, "是",
            true, "否", false);

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> ordered(Object... keysAndValues) {
        Map<String, T> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], (T) keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private Validation() {}

    /** A rule: when {@code broken} holds, the row goes to quarantine with this reason, field and detail. */
    private record Rule(ReasonCode reason, Column field, Column broken, Column detail) {
        Rule(ReasonCode reason, String field, Column broken, Column detail) {
            this(reason, lit(field), broken, detail);
        }
    }

    /**
     * @param records rows of {@link RawRecords#SCHEMA} with {@code student_id} already pseudonymized
     * @param regionCodes {@link RegionResolution#SCHEMA}: where each county code a record may carry lies
     * @param runDate intakes after it are in the future
     * @param schemes the scheme vocabulary ({@link Schemes}): any other non-blank scheme becomes {@link Schemes#OTHER}
     */
    public static Dataset<Row> validate(
            Dataset<Row> records, Dataset<Row> regionCodes, LocalDate runDate, List<String> schemes) {
        Dataset<Row> typed = records.select(typedColumns(records, schemes).toArray(new Column[0]));
        for (Field f : REGION_CODES) {
            typed = resolve(typed, regionCodes, f);
        }
        List<Rule> rules = rules(runDate);
        Column[] firstBroken = new Column[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            firstBroken[i] = when(
                    r.broken(),
                    struct(
                            lit(r.reason().name()).as(REASON_CODE),
                            r.field().as(REASON_FIELD),
                            r.detail().as(REASON_DETAIL)));
        }
        return typed.withColumn("_reason", coalesce(firstBroken))
                .withColumn(REASON_CODE, col("_reason." + REASON_CODE))
                .withColumn(REASON_FIELD, col("_reason." + REASON_FIELD))
                .withColumn(REASON_DETAIL, col("_reason." + REASON_DETAIL))
                .drop("_reason");
    }

    /**
     * The trimmed text of a field, null when blank. Trims a character set (spaces, tabs, line breaks, the full-width
     * space and a stray byte-order mark) rather than a regex: it runs on every field of every row.
     */
    static Column text(String column) {
        // btrim, not trim(col, chars): Spark 4.2 warns on every run that two-parameter TRIM is deprecated.
        Column trimmed = btrim(col(column), lit(WS));
        return when(trimmed.notEqual(lit("")), trimmed);
    }

    private static String rawCol(Field f) {
        return "_raw_" + f.column();
    }

    private static Column raw(Field f) {
        return col(rawCol(f));
    }

    /** The typed value of a field: a county code's is the code as submitted, before resolution. */
    private static String typed(Field f) {
        return REGION_CODES.contains(f) ? f.column() + SUBMITTED : f.column();
    }

    /** origin, host or employment. */
    public static String prefix(Field regionCode) {
        return regionCode.column().substring(0, regionCode.column().indexOf("_county_code"));
    }

    private static List<Column> typedColumns(Dataset<Row> records, List<String> schemes) {
        List<Column> out = new ArrayList<>();
        out.add(col(RawRecords.SOURCE_FILE));
        out.add(col(RawRecords.LINE_NUMBER));
        out.add(col(RawRecords.MALFORMED));
        out.add(col(Pseudonymizer.PSEUDONYM));
        out.add(col(RawRecords.OWN_IDENTITY_IN));
        for (Field f : RawRecords.FIELDS) {
            if (f != Field.STUDENT_ID) {
                out.add(text(f.column()).as(rawCol(f)));
            }
        }
        out.add(text(Field.RECORD_ID.column()).as(Field.RECORD_ID.column()));
        out.add(lookup(upper(raw(Field.GENDER)), GENDER).as(Field.GENDER.column()));
        out.add(date(raw(Field.BIRTH_DATE)).as(Field.BIRTH_DATE.column()));
        // Excel and JSON numbers drop the leading zero of a GB/T 3304 code: "1" is "01".
        Column ethnicity = when(raw(Field.ETHNICITY).rlike("^\\d$"), lpad(raw(Field.ETHNICITY), 2, "0"))
                .otherwise(raw(Field.ETHNICITY));
        out.add(ethnicity.as(Field.ETHNICITY.column()));
        out.add(when(ethnicity.isNotNull(), ethnicity.isin("01", "汉族", "漢族").unary_$bang())
                .as(ETHNIC_MINORITY));
        for (Field f : List.of(
                Field.ORIGIN_COUNTY_CODE, Field.HOST_COUNTY_CODE, Field.EMPLOYMENT_COUNTY_CODE, Field.PROGRAM_CODE)) {
            out.add(when(raw(f).rlike("^\\d{6}$"), raw(f)).as(typed(f)));
        }
        out.add(when(raw(Field.HOST_SCHOOL_CODE).rlike("^\\d{10}$"), raw(Field.HOST_SCHOOL_CODE))
                .as(Field.HOST_SCHOOL_CODE.column()));
        for (Field f : List.of(Field.ORIGIN_SCHOOL, Field.HOST_SCHOOL_NAME, Field.PROGRAM_NAME)) {
            out.add(raw(f).as(f.column()));
        }
        // A scheme labels rows of the published reports: only names of the vocabulary are kept as they are.
        Column listed = raw(Field.SCHEME).isin(schemes.toArray());
        out.add(when(listed, raw(Field.SCHEME))
                .when(raw(Field.SCHEME).isNotNull(), lit(Schemes.OTHER))
                .as(Field.SCHEME.column()));
        out.add(raw(Field.SCHEME).isNotNull().and(listed.unary_$bang()).as(SCHEME_OTHER));
        Column intake = date(raw(Field.INTAKE_DATE));
        out.add(intake.as(Field.INTAKE_DATE.column()));
        out.add(year(intake).as(INTAKE_YEAR));
        out.add(lookup(upper(raw(Field.REGISTERED_POOR)), BOOLEAN).as(Field.REGISTERED_POOR.column()));
        out.add(coalesce(
                        lookup(upper(raw(Field.LIANG_HOU_SHENG)), BOOLEAN),
                        when(raw(Field.LIANG_HOU_SHENG).isNull(), lit(false)))
                .as(Field.LIANG_HOU_SHENG.column()));
        out.add(lookup(upper(raw(Field.STATUS)), STATUS).as(Field.STATUS.column()));
        out.add(date(raw(Field.STATUS_DATE)).as(Field.STATUS_DATE.column()));
        out.add(lookup(upper(raw(Field.EMPLOYMENT_STATUS)), EMPLOYMENT).as(Field.EMPLOYMENT_STATUS.column()));
        out.add(timestamp(raw(Field.UPDATED_AT)).as(Field.UPDATED_AT.column()));
        return out;
    }

    /**
     * ASCII upper case. Enum spellings are ASCII or Chinese (which has no case); Spark's upper() would load ICU's
     * case mapping on first use, which costs seconds per JVM.
     */
    static Column upper(Column s) {
        return translate(s, "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }

    /** A CASE over a fixed mapping; null when the value is not a key. */
    private static <T> Column lookup(Column key, Map<String, T> mapping) {
        Column result = null;
        for (Map.Entry<String, T> e : mapping.entrySet()) {
            result = result == null
                    ? when(key.equalTo(lit(e.getKey())), lit(e.getValue()))
                    : result.when(key.equalTo(lit(e.getKey())), lit(e.getValue()));
        }
        return result;
    }

    /**
     * yyyy-MM-dd, yyyy/MM/dd or yyyyMMdd, month and day of one digit too as Excel writes them (2003/9/9, 2003-9-9);
     * null for any other form or an impossible date such as 2019-02-30. Spark's own cast takes one-digit months and
     * days, and rejects impossible dates.
     */
    static Column date(Column s) {
        Column iso = when(s.rlike("^\\d{4}([-/])\\d{1,2}\\1\\d{1,2}$"), regexp_replace(s, "/", "-"))
                .when(s.rlike("^\\d{8}$"), regexp_replace(s, "^(\\d{4})(\\d{2})(\\d{2})$", "$1-$2-$3"));
        return iso.try_cast("date");
    }

    /**
     * yyyy-MM-dd HH:mm:ss or yyyy-MM-ddTHH:mm:ss with an optional fraction (month and day of one digit too), China
     * Standard Time without a zone. Kept as TIMESTAMP_NTZ: the wall-clock time the source wrote, which every BI
     * reader shows back unchanged.
     */
    static Column timestamp(Column s) {
        return when(
                s.rlike("^\\d{4}-\\d{1,2}-\\d{1,2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$"),
                regexp_replace(s, "T", " ").try_cast("timestamp_ntz"));
    }

    /** Joins one submitted county code to where it lies ({@link #REGION_CODES} names the columns it adds). */
    private static Dataset<Row> resolve(Dataset<Row> rows, Dataset<Row> regionCodes, Field codeField) {
        String prefix = prefix(codeField);
        Dataset<Row> ref = regionCodes.select(
                col("submitted_code").as("_" + prefix + "_ref"),
                col("county_code").as(codeField.column()),
                col("county_name").as(prefix + "_county_name"),
                col("prefecture_code").as(prefix + "_prefecture_code"),
                col("prefecture_name").as(prefix + "_prefecture_name"),
                col("province_code").as(prefix + "_province_code"),
                col("province_name").as(prefix + "_province_name"),
                col("resolution").as(prefix + "_county_resolution"));
        return rows.join(broadcast(ref), col(typed(codeField)).equalTo(col("_" + prefix + "_ref")), "left_outer")
                .drop("_" + prefix + "_ref");
    }

    private static List<Rule> rules(LocalDate runDate) {
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(
                ReasonCode.MALFORMED, (String) null, col(RawRecords.MALFORMED).isNotNull(), col(RawRecords.MALFORMED)));
        for (Field f : RawRecords.FIELDS) {
            if (f != Field.STUDENT_ID) {
                rules.add(new Rule(
                        ReasonCode.PERSONAL_DATA_IN_FIELD,
                        f.column(),
                        PersonalData.holdsId(raw(f)),
                        concat(
                                lit(f.column() + " holds a value shaped like an ID-card or student number ("),
                                PersonalData.shape(raw(f)),
                                lit("); it was not kept, see the file at this line"))));
            }
        }
        // One rule for every field, its field a column: twenty more rules made the intake stage's generated method
        // outgrow the JVM's 64 KB, and Spark fell back to slower code. So an ID-shaped value is named before the own
        // name or id when a row holds both (the reason is the same).
        Column ownIn = col(RawRecords.OWN_IDENTITY_IN);
        rules.add(new Rule(
                ReasonCode.PERSONAL_DATA_IN_FIELD,
                ownIn,
                ownIn.isNotNull(),
                concat(
                        ownIn,
                        lit(" holds the row's own student_name or student_id; it was not kept, see the file at this "
                                + "line"))));
        for (Field f : RawRecords.FIELDS) {
            if (f.required()) {
                Column blank =
                        f == Field.STUDENT_ID ? col(Pseudonymizer.PSEUDONYM).isNull() : raw(f).isNull();
                rules.add(new Rule(ReasonCode.MISSING_FIELD, f.column(), blank, lit(f.column() + " is blank")));
            }
        }
        invalid(rules, Field.GENDER, "is not M/F, 男/女 or 1/2");
        invalid(rules, Field.BIRTH_DATE, "is not a date (" + DATE_FORMS + ")");
        invalid(rules, Field.ORIGIN_COUNTY_CODE, "is not a 6-digit county code");
        invalid(rules, Field.HOST_SCHOOL_CODE, "is not a 10-digit school identification code");
        invalid(rules, Field.HOST_COUNTY_CODE, "is not a 6-digit county code");
        invalid(rules, Field.PROGRAM_CODE, "is not a 6-digit programme code");
        invalid(rules, Field.INTAKE_DATE, "is not a date (" + DATE_FORMS + ")");
        Column intake = col(Field.INTAKE_DATE.column());
        rules.add(new Rule(
                ReasonCode.INVALID_VALUE,
                Field.INTAKE_DATE.column(),
                intake.lt(lit(java.sql.Date.valueOf(EARLIEST_INTAKE)))
                        .or(intake.gt(lit(java.sql.Date.valueOf(runDate)))),
                lit("intake_date is outside " + EARLIEST_INTAKE + " to the run date " + runDate)));
        invalid(rules, Field.REGISTERED_POOR, "is not a boolean (true/false, 1/0, Y/N, yes/no, 是/否)");
        invalid(rules, Field.LIANG_HOU_SHENG, "is not a boolean (true/false, 1/0, Y/N, yes/no, 是/否)");
        invalid(rules, Field.STATUS, "is not a status (ENROLLED, GRADUATED, WITHDRAWN, TRANSFERRED or 在读, 毕业, 退学, 转学)");
        invalid(rules, Field.STATUS_DATE, "is not a date (" + DATE_FORMS + ")");
        invalid(rules, Field.EMPLOYMENT_STATUS, "is not an employment status (EMPLOYED, FURTHER_STUDY, UNEMPLOYED)");
        invalid(rules, Field.EMPLOYMENT_COUNTY_CODE, "is not a 6-digit county code");
        invalid(rules, Field.UPDATED_AT, "is not a timestamp (yyyy-MM-dd HH:mm:ss)");
        for (Field f : REGION_CODES) {
            unknownRegion(rules, f);
        }
        Column status = col(Field.STATUS.column());
        Column employment = col(Field.EMPLOYMENT_STATUS.column());
        rules.add(new Rule(
                ReasonCode.INCONSISTENT,
                Field.STATUS_DATE.column(),
                col(Field.STATUS_DATE.column()).lt(intake),
                lit("status_date is before intake_date")));
        rules.add(new Rule(
                ReasonCode.INCONSISTENT,
                Field.EMPLOYMENT_STATUS.column(),
                employment.isNotNull().and(status.notEqual(lit("GRADUATED"))),
                concat(lit("employment_status "), employment, lit(" on a student whose status is "), status)));
        rules.add(new Rule(
                ReasonCode.INCONSISTENT,
                Field.EMPLOYMENT_COUNTY_CODE.column(),
                col(typed(Field.EMPLOYMENT_COUNTY_CODE))
                        .isNotNull()
                        .and(employment.isNull().or(employment.notEqual(lit("EMPLOYED")))),
                concat(
                        lit("employment_county_code on a student whose employment_status is "),
                        coalesce(employment, lit("blank")))));
        return rules;
    }

    /**
     * The field was given (not blank) but did not type. The detail gives the value's shape, never the value: what
     * does not type may be a name or an ID number typed into the wrong column.
     */
    private static void invalid(List<Rule> rules, Field f, String what) {
        rules.add(new Rule(
                ReasonCode.INVALID_VALUE,
                f.column(),
                raw(f).isNotNull().and(col(typed(f)).isNull()),
                concat(lit(f.column() + " " + what + "; the value is "), PersonalData.shape(raw(f)))));
    }

    /** A well-formed code that neither the reference nor its code history leads to one province of the reference. */
    private static void unknownRegion(List<Rule> rules, Field f) {
        rules.add(new Rule(
                ReasonCode.UNKNOWN_REGION,
                f.column(),
                col(typed(f)).isNotNull().and(col(prefix(f) + "_province_code").isNull()),
                concat(
                        lit(f.column() + " "),
                        col(typed(f)),
                        lit(" is not in the region reference, nor does its code history lead it there"))));
    }
}
