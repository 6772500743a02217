package org.crossenroll.validate;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.RawRecords;
import org.crossenroll.privacy.OwnIdentity;
import org.crossenroll.privacy.PersonalData;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Schemes;

/**
 * {@link Validation} as plain Java, one record at a time: types every field of the contract, resolves the three
 * county codes through a precomputed map of {@link RegionResolution} instead of joins, and decides the first broken
 * rule, in the same precedence and with the same detail texts. Its output is exactly the columns and values of
 * {@link Validation#validate} ({@link #SCHEMA}); switches and character loops instead of CASE chains and regular
 * expressions, so that the intake costs Spark no generated code.
 *
 * <p>Serializable: built once on the driver, it runs inside Spark tasks.
 */
public final class RecordClassifier implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String DATE_FORMS = "yyyy-MM-dd, yyyy/MM/dd or yyyyMMdd";
    private static final String BOOLEANS = "is not a boolean (true/false, 1/0, Y/N, yes/no, 是/否)";

    /** The raw fields as the readers make them ({@link RawRecords#FIELDS}), student_id included. */
    private static final List<Field> RAW = RawRecords.FIELDS;

    private static final int STUDENT_ID = RAW.indexOf(Field.STUDENT_ID);

    /** The output: exactly {@link Validation#validate}'s columns, in its order, with its types and nullability. */
    public static final StructType SCHEMA = schema();

    private static final Map<String, Integer> INDEX = index();

    private final Map<String, RegionResolution.Located> regions;
    private final LocalDate runDate;
    private final Set<String> schemes;
    private final Pseudonymizer.Hasher hasher;

    /**
     * @param regions {@link RegionResolution#table()}: where each county code a record may carry lies
     * @param runDate intakes after it are in the future
     * @param schemes the scheme vocabulary ({@link Schemes})
     * @param hasher makes the pseudonym from the raw student_id ({@link Pseudonymizer#hasher})
     */
    public RecordClassifier(
            Map<String, RegionResolution.Located> regions,
            LocalDate runDate,
            List<String> schemes,
            Pseudonymizer.Hasher hasher) {
        this.regions = new HashMap<>(regions);
        this.runDate = runDate;
        this.schemes = new HashSet<>(schemes);
        this.hasher = hasher;
    }

    /** The output row of a raw record ({@link RawRecords#SCHEMA}, the raw student_id in it). */
    public Row classify(Row raw) {
        String[] fields = new String[RAW.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = raw.getString(3 + i);
        }
        return classify(raw.getString(0), raw.getLong(1), raw.getString(2), fields, raw.getString(3 + RAW.size()))
                .toRow();
    }

    /**
     * @param fields the contract fields as read, in {@link RawRecords#FIELDS} order, the raw student_id among them
     */
    public Classified classify(
            String sourceFile, long lineNumber, String malformed, String[] fields, String ownIdentityIn) {
        String pseudonym = hasher.pseudonym(fields[STUDENT_ID]);
        return classifyPseudonymized(sourceFile, lineNumber, malformed, pseudonym, fields, ownIdentityIn);
    }

    /**
     * As {@link #classify(String, long, String, String[], String)} with the pseudonym already made; the student_id of
     * {@code fields} is not read.
     */
    public Classified classifyPseudonymized(
            String sourceFile,
            long lineNumber,
            String malformed,
            String pseudonym,
            String[] fields,
            String ownIdentityIn) {
        Object[] out = new Object[SCHEMA.size()];
        out[0] = sourceFile;
        out[1] = lineNumber;
        out[2] = malformed;
        out[3] = pseudonym;
        out[4] = ownIdentityIn;
        // the trimmed text of every field but student_id, null when blank
        String[] text = new String[RAW.size()];
        int o = 5;
        for (int i = 0; i < RAW.size(); i++) {
            if (i != STUDENT_ID) {
                text[i] = OwnIdentity.trim(fields[i]);
                out[o++] = text[i];
            }
        }
        String recordId = text(text, Field.RECORD_ID);
        String gender = gender(upper(text(text, Field.GENDER)));
        LocalDate birthDate = date(text(text, Field.BIRTH_DATE));
        String ethnicity = text(text, Field.ETHNICITY);
        if (ethnicity != null && ethnicity.length() == 1 && isDigit(ethnicity.charAt(0))) {
            ethnicity = "0" + ethnicity; // Excel and JSON numbers drop the leading zero of a GB/T 3304 code
        }
        Boolean minority = ethnicity == null
                ? null
                : !(ethnicity.equals("01") || ethnicity.equals("汉族") || ethnicity.equals("漢族"));
        String origin = digits(text(text, Field.ORIGIN_COUNTY_CODE), 6);
        String host = digits(text(text, Field.HOST_COUNTY_CODE), 6);
        String employmentCounty = digits(text(text, Field.EMPLOYMENT_COUNTY_CODE), 6);
        String program = digits(text(text, Field.PROGRAM_CODE), 6);
        String school = digits(text(text, Field.HOST_SCHOOL_CODE), 10);
        String rawScheme = text(text, Field.SCHEME);
        boolean listed = rawScheme != null && schemes.contains(rawScheme);
        LocalDate intake = date(text(text, Field.INTAKE_DATE));
        String rawLiang = text(text, Field.LIANG_HOU_SHENG);
        Boolean liang = rawLiang == null ? Boolean.FALSE : bool(upper(rawLiang));
        String status = status(upper(text(text, Field.STATUS)));
        LocalDate statusDate = date(text(text, Field.STATUS_DATE));
        String employment = employment(upper(text(text, Field.EMPLOYMENT_STATUS)));
        LocalDateTime updatedAt = timestamp(text(text, Field.UPDATED_AT));

        out[o++] = recordId;
        out[o++] = gender;
        out[o++] = birthDate;
        out[o++] = ethnicity;
        out[o++] = minority;
        out[o++] = origin;
        out[o++] = host;
        out[o++] = employmentCounty;
        out[o++] = program;
        out[o++] = school;
        out[o++] = text(text, Field.ORIGIN_SCHOOL);
        out[o++] = text(text, Field.HOST_SCHOOL_NAME);
        out[o++] = text(text, Field.PROGRAM_NAME);
        out[o++] = listed ? rawScheme : rawScheme == null ? null : Schemes.OTHER;
        out[o++] = rawScheme != null && !listed;
        out[o++] = intake;
        out[o++] = intake == null ? null : intake.getYear();
        out[o++] = bool(upper(text(text, Field.REGISTERED_POOR)));
        out[o++] = liang;
        out[o++] = status;
        out[o++] = statusDate;
        out[o++] = employment;
        out[o++] = updatedAt;
        RegionResolution.Located[] located = {lookup(origin), lookup(host), lookup(employmentCounty)};
        for (RegionResolution.Located l : located) {
            if (l != null) {
                out[o] = l.countyCode();
                out[o + 1] = l.countyName();
                out[o + 2] = l.prefectureCode();
                out[o + 3] = l.prefectureName();
                out[o + 4] = l.provinceCode();
                out[o + 5] = l.provinceName();
                out[o + 6] = l.resolution();
            }
            o += 7;
        }

        Typed t = new Typed(
                text,
                pseudonym,
                gender,
                birthDate,
                origin,
                host,
                employmentCounty,
                program,
                school,
                intake,
                (Boolean) out[INDEX.get(Field.REGISTERED_POOR.column())],
                liang,
                status,
                statusDate,
                employment,
                updatedAt,
                located);
        String[] reason = firstBroken(malformed, ownIdentityIn, t);
        if (reason != null) {
            out[o] = reason[0];
            out[o + 1] = reason[1];
            out[o + 2] = reason[2];
        }
        return new Classified(out);
    }

    /** The typed values the rules read. */
    private record Typed(
            String[] text,
            String pseudonym,
            String gender,
            LocalDate birthDate,
            String origin,
            String host,
            String employmentCounty,
            String program,
            String school,
            LocalDate intake,
            Boolean registeredPoor,
            Boolean liang,
            String status,
            LocalDate statusDate,
            String employment,
            LocalDateTime updatedAt,
            RegionResolution.Located[] located) {}

    private static String text(String[] text, Field f) {
        return text[RAW.indexOf(f)];
    }

    /** The first broken rule as {reason_code, reason_field, reason_detail}, null for a valid row. */
    private String[] firstBroken(String malformed, String ownIdentityIn, Typed t) {
        if (malformed != null) {
            return reason(ReasonCode.MALFORMED, null, malformed);
        }
        for (int i = 0; i < RAW.size(); i++) {
            if (i != STUDENT_ID && PersonalData.holdsIdFast(t.text()[i])) {
                String f = RAW.get(i).column();
                return reason(
                        ReasonCode.PERSONAL_DATA_IN_FIELD,
                        f,
                        f + " holds a value shaped like an ID-card or student " + "number ("
                                + PersonalData.shape(t.text()[i]) + "); it was not kept, see the file at this line");
            }
        }
        if (ownIdentityIn != null) {
            return reason(
                    ReasonCode.PERSONAL_DATA_IN_FIELD,
                    ownIdentityIn,
                    ownIdentityIn
                            + " holds the row's own student_name or student_id; it was not kept, see the file at this line");
        }
        for (int i = 0; i < RAW.size(); i++) {
            Field f = RAW.get(i);
            if (f.required() && (f == Field.STUDENT_ID ? t.pseudonym() == null : t.text()[i] == null)) {
                return reason(ReasonCode.MISSING_FIELD, f.column(), f.column() + " is blank");
            }
        }
        String[] r;
        if ((r = invalid(t, Field.GENDER, t.gender(), "is not M/F, 男/女 or 1/2")) != null
                || (r = invalid(t, Field.BIRTH_DATE, t.birthDate(), "is not a date (" + DATE_FORMS + ")")) != null
                || (r = invalid(t, Field.ORIGIN_COUNTY_CODE, t.origin(), "is not a 6-digit county code")) != null
                || (r = invalid(t, Field.HOST_SCHOOL_CODE, t.school(), "is not a 10-digit school identification code"))
                        != null
                || (r = invalid(t, Field.HOST_COUNTY_CODE, t.host(), "is not a 6-digit county code")) != null
                || (r = invalid(t, Field.PROGRAM_CODE, t.program(), "is not a 6-digit programme code")) != null
                || (r = invalid(t, Field.INTAKE_DATE, t.intake(), "is not a date (" + DATE_FORMS + ")")) != null) {
            return r;
        }
        if (t.intake() != null
                && (t.intake().isBefore(Validation.EARLIEST_INTAKE)
                        || t.intake().isAfter(runDate))) {
            return reason(
                    ReasonCode.INVALID_VALUE,
                    Field.INTAKE_DATE.column(),
                    "intake_date is outside " + Validation.EARLIEST_INTAKE + " to the run date " + runDate);
        }
        if ((r = invalid(t, Field.REGISTERED_POOR, t.registeredPoor(), BOOLEANS)) != null
                || (r = invalid(t, Field.LIANG_HOU_SHENG, t.liang(), BOOLEANS)) != null
                || (r = invalid(
                                t,
                                Field.STATUS,
                                t.status(),
                                "is not a status (ENROLLED, GRADUATED, WITHDRAWN, TRANSFERRED or 在读, 毕业, 退学, 转学)"))
                        != null
                || (r = invalid(t, Field.STATUS_DATE, t.statusDate(), "is not a date (" + DATE_FORMS + ")")) != null
                || (r = invalid(
                                t,
                                Field.EMPLOYMENT_STATUS,
                                t.employment(),
                                "is not an employment status (EMPLOYED, FURTHER_STUDY, UNEMPLOYED)"))
                        != null
                || (r = invalid(t, Field.EMPLOYMENT_COUNTY_CODE, t.employmentCounty(), "is not a 6-digit county code"))
                        != null
                || (r = invalid(t, Field.UPDATED_AT, t.updatedAt(), "is not a timestamp (yyyy-MM-dd HH:mm:ss)"))
                        != null) {
            return r;
        }
        String[] codes = {t.origin(), t.host(), t.employmentCounty()};
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] != null && t.located()[i] == null) {
                String f = Validation.REGION_CODES.get(i).column();
                return reason(
                        ReasonCode.UNKNOWN_REGION,
                        f,
                        f + " " + codes[i]
                                + " is not in the region reference, nor does its code history lead it there");
            }
        }
        if (t.statusDate() != null && t.intake() != null && t.statusDate().isBefore(t.intake())) {
            return reason(ReasonCode.INCONSISTENT, Field.STATUS_DATE.column(), "status_date is before intake_date");
        }
        if (t.employment() != null && t.status() != null && !t.status().equals("GRADUATED")) {
            return reason(
                    ReasonCode.INCONSISTENT,
                    Field.EMPLOYMENT_STATUS.column(),
                    "employment_status " + t.employment() + " on a student whose status is " + t.status());
        }
        if (t.employmentCounty() != null && !"EMPLOYED".equals(t.employment())) {
            return reason(
                    ReasonCode.INCONSISTENT,
                    Field.EMPLOYMENT_COUNTY_CODE.column(),
                    "employment_county_code on a student whose employment_status is "
                            + (t.employment() == null ? "blank" : t.employment()));
        }
        return null;
    }

    private static String[] reason(ReasonCode code, String field, String detail) {
        return new String[] {code.name(), field, detail};
    }

    /** The field was given (not blank) but did not type; the detail gives the value's shape, never the value. */
    private static String[] invalid(Typed t, Field f, Object typed, String what) {
        String raw = text(t.text(), f);
        if (raw == null || typed != null) {
            return null;
        }
        return reason(
                ReasonCode.INVALID_VALUE,
                f.column(),
                f.column() + " " + what + "; the value is " + PersonalData.shape(raw));
    }

    private RegionResolution.Located lookup(String code) {
        return code == null ? null : regions.get(code);
    }

    // ---- typing, each the Java twin of an expression of Validation ----

    /** ASCII upper case, as {@link Validation#upper}: enum spellings are ASCII or Chinese. */
    static String upper(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'a' && chars[j] <= 'z') {
                        chars[j] = (char) (chars[j] - 'a' + 'A');
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    static String gender(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "M", "男", "1" -> "M";
            case "F", "女", "2" -> "F";
            default -> null;
        };
    }

    static String status(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "ENROLLED", "在读", "在讀", "在籍" -> "ENROLLED";
            case "GRADUATED", "毕业", "畢業" -> "GRADUATED";
            case "WITHDRAWN", "退学", "退學", "辍学", "輟學" -> "WITHDRAWN";
            case "TRANSFERRED", "转学", "轉學" -> "TRANSFERRED";
            default -> null;
        };
    }

    static String employment(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "EMPLOYED", "就业", "就業" -> "EMPLOYED";
            case "FURTHER_STUDY", "升学", "升學" -> "FURTHER_STUDY";
            case "UNEMPLOYED", "待业", "待業" -> "UNEMPLOYED";
            default -> null;
        };
    }

    static Boolean bool(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "TRUE", "1", "Y", "YES", "是" -> Boolean.TRUE;
            case "FALSE", "0", "N", "NO", "否" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value when it is exactly {@code n} ASCII digits, else null. */
    static String digits(String s, int n) {
        if (s == null || s.length() != n) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            if (!isDigit(s.charAt(i))) {
                return null;
            }
        }
        return s;
    }

    /** The value of {@code s[from, to)} as ASCII digits, -1 when empty or anything else is there. */
    private static int number(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * yyyy-MM-dd, yyyy/MM/dd (month and day of one or two digits, one separator throughout) or yyyyMMdd; null for any
     * other form or an impossible date such as 2019-02-30.
     */
    static LocalDate date(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        if (n == 8 && number(s, 0, 8) >= 0) {
            return ymd(number(s, 0, 4), number(s, 4, 6), number(s, 6, 8));
        }
        if (n < 8 || n > 10) {
            return null;
        }
        char sep = s.charAt(4);
        if (sep != '-' && sep != '/') {
            return null;
        }
        int second = s.indexOf(sep, 5);
        if (second < 0 || second - 5 > 2 || n - second - 1 > 2) {
            return null;
        }
        int y = number(s, 0, 4);
        int m = number(s, 5, second);
        int d = number(s, second + 1, n);
        return y < 0 || m < 0 || d < 0 ? null : ymd(y, m, d);
    }

    private static LocalDate ymd(int y, int m, int d) {
        try {
            return LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * yyyy-MM-dd HH:mm:ss or yyyy-MM-ddTHH:mm:ss (month and day of one or two digits), an optional fraction of 1 to 9
     * digits kept to the microsecond as Spark's timestamps are; null otherwise or for an impossible date or time.
     */
    static LocalDateTime timestamp(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        int space = -1;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == 'T') {
                space = i;
                break;
            }
        }
        if (space < 8 || space > 10) {
            return null;
        }
        // the date part: yyyy-M-d with '-' only
        if (s.charAt(4) != '-') {
            return null;
        }
        int second = s.indexOf('-', 5);
        if (second < 0
                || second >= space
                || second - 5 < 1
                || second - 5 > 2
                || space - second - 1 < 1
                || space - second - 1 > 2) {
            return null;
        }
        int y = number(s, 0, 4);
        int m = number(s, 5, second);
        int d = number(s, second + 1, space);
        // the time part: HH:mm:ss, then .f{1,9}
        int t = space + 1;
        if (n < t + 8 || s.charAt(t + 2) != ':' || s.charAt(t + 5) != ':') {
            return null;
        }
        int hh = number(s, t, t + 2);
        int mm = number(s, t + 3, t + 5);
        int ss = number(s, t + 6, t + 8);
        int nanos = 0;
        int f = t + 8;
        if (f < n) {
            int digits = n - f - 1;
            if (s.charAt(f) != '.' || digits < 1 || digits > 9 || number(s, f + 1, n) < 0) {
                return null;
            }
            int micros = number(s, f + 1, Math.min(n, f + 7));
            for (int i = Math.min(digits, 6); i < 6; i++) {
                micros *= 10;
            }
            nanos = micros * 1000;
        }
        if (y < 0 || m < 0 || d < 0 || hh < 0 || mm < 0 || ss < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(y, m, d, hh, mm, ss, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    // ---- output ----

    /** One record's output: {@link #SCHEMA}'s values, dates as {@link LocalDate}, the timestamp a {@link LocalDateTime}. */
    public static final class Classified {
        private final Object[] values;

        Classified(Object[] values) {
            this.values = values;
        }

        /** The value of a column of {@link #SCHEMA}. */
        public Object get(String column) {
            Integer i = INDEX.get(column);
            if (i == null) {
                throw new IllegalArgumentException("no column " + column);
            }
            return values[i];
        }

        public String reasonCode() {
            return (String) get(Validation.REASON_CODE);
        }

        public String reasonField() {
            return (String) get(Validation.REASON_FIELD);
        }

        public String reasonDetail() {
            return (String) get(Validation.REASON_DETAIL);
        }

        /** The values in {@link #SCHEMA}'s order (a copy). */
        public List<Object> values() {
            return Collections.unmodifiableList(java.util.Arrays.asList(values.clone()));
        }

        /** As a Spark row of {@link #SCHEMA}: dates as java.sql.Date, the TIMESTAMP_NTZ a LocalDateTime. */
        public Row toRow() {
            Object[] v = values.clone();
            for (int i = 0; i < v.length; i++) {
                if (v[i] instanceof LocalDate d) {
                    // as Spark turns its own dates into java.sql.Date (rebased to the hybrid calendar before
                    // 1582-10-15), so
                    // that the row holds the same day once Spark has it back: Date.valueOf would shift 1582-10-10 by
                    // ten days
                    v[i] = DateTimeUtils.toJavaDate(Math.toIntExact(d.toEpochDay()));
                }
            }
            return RowFactory.create(v);
        }
    }

    private static StructType schema() {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField(RawRecords.SOURCE_FILE, DataTypes.StringType, false));
        f.add(DataTypes.createStructField(RawRecords.LINE_NUMBER, DataTypes.LongType, false));
        f.add(nullable(RawRecords.MALFORMED, DataTypes.StringType));
        f.add(nullable(Pseudonymizer.PSEUDONYM, DataTypes.StringType));
        f.add(nullable(RawRecords.OWN_IDENTITY_IN, DataTypes.StringType));
        for (Field field : RAW) {
            if (field != Field.STUDENT_ID) {
                f.add(nullable("_raw_" + field.column(), DataTypes.StringType));
            }
        }
        f.add(nullable(Field.RECORD_ID.column(), DataTypes.StringType));
        f.add(nullable(Field.GENDER.column(), DataTypes.StringType));
        f.add(nullable(Field.BIRTH_DATE.column(), DataTypes.DateType));
        f.add(nullable(Field.ETHNICITY.column(), DataTypes.StringType));
        f.add(nullable(Validation.ETHNIC_MINORITY, DataTypes.BooleanType));
        for (Field code : Validation.REGION_CODES) {
            f.add(nullable(code.column() + "_submitted", DataTypes.StringType));
        }
        f.add(nullable(Field.PROGRAM_CODE.column(), DataTypes.StringType));
        f.add(nullable(Field.HOST_SCHOOL_CODE.column(), DataTypes.StringType));
        f.add(nullable(Field.ORIGIN_SCHOOL.column(), DataTypes.StringType));
        f.add(nullable(Field.HOST_SCHOOL_NAME.column(), DataTypes.StringType));
        f.add(nullable(Field.PROGRAM_NAME.column(), DataTypes.StringType));
        f.add(nullable(Field.SCHEME.column(), DataTypes.StringType));
        f.add(nullable(Validation.SCHEME_OTHER, DataTypes.BooleanType));
        f.add(nullable(Field.INTAKE_DATE.column(), DataTypes.DateType));
        f.add(nullable(Validation.INTAKE_YEAR, DataTypes.IntegerType));
        f.add(nullable(Field.REGISTERED_POOR.column(), DataTypes.BooleanType));
        f.add(nullable(Field.LIANG_HOU_SHENG.column(), DataTypes.BooleanType));
        f.add(nullable(Field.STATUS.column(), DataTypes.StringType));
        f.add(nullable(Field.STATUS_DATE.column(), DataTypes.DateType));
        f.add(nullable(Field.EMPLOYMENT_STATUS.column(), DataTypes.StringType));
        f.add(nullable(Field.UPDATED_AT.column(), DataTypes.TimestampNTZType));
        for (Field code : Validation.REGION_CODES) {
            String p = Validation.prefix(code);
            for (String c : List.of(
                    code.column(),
                    p + "_county_name",
                    p + "_prefecture_code",
                    p + "_prefecture_name",
                    p + "_province_code",
                    p + "_province_name",
                    p + "_county_resolution")) {
                f.add(nullable(c, DataTypes.StringType));
            }
        }
        f.add(nullable(Validation.REASON_CODE, DataTypes.StringType));
        f.add(nullable(Validation.REASON_FIELD, DataTypes.StringType));
        f.add(nullable(Validation.REASON_DETAIL, DataTypes.StringType));
        return DataTypes.createStructType(f);
    }

    private static StructField nullable(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    private static Map<String, Integer> index() {
        Map<String, Integer> m = new HashMap<>();
        String[] names = SCHEMA.fieldNames();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], i);
        }
        return Collections.unmodifiableMap(m);
    }
}
