package org.crossenroll.validate;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampNTZType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.ingest.CooperationField;
import org.crossenroll.ingest.CooperationFiles;
import org.crossenroll.privacy.OwnIdentity;
import org.crossenroll.privacy.PersonalData;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;

/**
 * Cooperation records (docs/input-contract.md, "Cooperation records") row by row, in plain Java as {@link
 * RecordClassifier} does for enrollments: each row read is quarantined with the first reason that applies (the
 * contract's order: {@code MALFORMED}, {@code PERSONAL_DATA_IN_FIELD}, {@code MISSING_FIELD}, {@code INVALID_VALUE},
 * {@code UNKNOWN_REGION}, {@code INCONSISTENT}), or is valid; of the valid rows with one record_id the newest is
 * accepted and the others superseded ({@link #classify(List)}).
 */
public final class CooperationClassifier {
    /** The first year of the programme: no cooperation record is older. */
    public static final int FIRST_YEAR = 2016;

    /** Values are kept to the fen: 16 digits of yuan and 2 decimals (no partner reports 10^16 yuan). */
    public static final DecimalType VALUE_TYPE = DataTypes.createDecimalType(18, 2);

    /** cooperation_clean without its comments (the catalog adds them): one accepted record. */
    public static final StructType CLEAN_SCHEMA = new StructType()
            .add("record_id", StringType, false)
            .add("host_region_code_submitted", StringType, false)
            .add("host_region_code", StringType, false)
            .add("host_region_name", StringType, false)
            .add("host_region_level", StringType, false)
            .add("host_prefecture_code", StringType, true)
            .add("host_prefecture_name", StringType, true)
            .add("host_province_code", StringType, false)
            .add("host_province_name", StringType, false)
            .add("origin_region_code_submitted", StringType, false)
            .add("origin_region_code", StringType, false)
            .add("origin_region_name", StringType, false)
            .add("origin_region_level", StringType, false)
            .add("origin_prefecture_code", StringType, true)
            .add("origin_prefecture_name", StringType, true)
            .add("origin_province_code", StringType, false)
            .add("origin_province_name", StringType, false)
            .add("host_school_code", StringType, true)
            .add("origin_school_code", StringType, true)
            .add("year", IntegerType, false)
            .add("indicator", StringType, false)
            .add("unit", StringType, false)
            .add("value", VALUE_TYPE, false)
            .add("updated_at", TimestampNTZType, false)
            .add("source_file", StringType, false)
            .add("line_number", LongType, false);

    /**
     * Where a region code of a cooperation record lies: the code in the reference's vintage at the finest level
     * determined ({@code level}: {@code province}, {@code prefecture} or {@code county}), its name, and its prefecture
     * (null for a province) and province.
     */
    public record Place(
            String code,
            String name,
            String level,
            String prefectureCode,
            String prefectureName,
            String provinceCode,
            String provinceName) {}

    /** One accepted (or valid, before supersession) record, typed. */
    public record Record(
            String recordId,
            String hostSubmitted,
            Place host,
            String originSubmitted,
            Place origin,
            String hostSchool,
            String originSchool,
            int year,
            CooperationIndicator indicator,
            BigDecimal value,
            LocalDateTime updatedAt,
            String sourceFile,
            long line) {
        /** As a row of {@link #CLEAN_SCHEMA}. */
        public Row row() {
            return RowFactory.create(
                    recordId,
                    hostSubmitted,
                    host.code(),
                    host.name(),
                    host.level(),
                    host.prefectureCode(),
                    host.prefectureName(),
                    host.provinceCode(),
                    host.provinceName(),
                    originSubmitted,
                    origin.code(),
                    origin.name(),
                    origin.level(),
                    origin.prefectureCode(),
                    origin.prefectureName(),
                    origin.provinceCode(),
                    origin.provinceName(),
                    hostSchool,
                    originSchool,
                    year,
                    indicator.canonical(),
                    indicator.unit(),
                    value,
                    updatedAt,
                    sourceFile,
                    line);
        }
    }

    /** A quarantined row, in the quarantine table's columns. */
    public record Quarantined(
            String sourceFile, long line, String recordId, ReasonCode reason, String field, String detail) {
        public Row row() {
            return RowFactory.create(sourceFile, line, recordId, reason.name(), field, detail);
        }
    }

    /** The night's cooperation rows, each in exactly one place. */
    public record Outcome(List<Record> accepted, List<Record> superseded, List<Quarantined> quarantined) {
        public long rows() {
            return accepted.size() + superseded.size() + quarantined.size();
        }

        /** Quarantined rows by reason, every reason in its order. */
        public Map<ReasonCode, Long> byReason() {
            Map<ReasonCode, Long> counts = new EnumMap<>(ReasonCode.class);
            for (ReasonCode r : ReasonCode.values()) {
                counts.put(r, 0L);
            }
            quarantined.forEach(q -> counts.merge(q.reason(), 1L, Long::sum));
            return counts;
        }
    }

    private final Regions regions;
    private final RegionResolution resolution;
    private final int lastYear;

    /**
     * @param resolution county-level codes of any vintage, as for enrollments
     * @param runDate the run date: its year is the last a record may be for
     */
    public CooperationClassifier(Regions regions, RegionResolution resolution, LocalDate runDate) {
        this.regions = regions;
        this.resolution = resolution;
        this.lastYear = runDate.getYear();
    }

    /** Every row read, classified: quarantined, or valid and then accepted or superseded. */
    public Outcome classify(List<CooperationFiles.RawRow> rows) {
        List<Record> valid = new ArrayList<>();
        List<Quarantined> quarantined = new ArrayList<>();
        for (CooperationFiles.RawRow r : rows) {
            Object verdict = classify(r);
            if (verdict instanceof Record rec) {
                valid.add(rec);
            } else {
                quarantined.add((Quarantined) verdict);
            }
        }
        // A record sent again replaces the earlier one, whatever it changed: the newest updated_at wins, ties broken by
        // the greatest file, then line (as the enrollments' supersession breaks them), so a rerun picks the same row.
        Comparator<Record> newestFirst = Comparator.comparing(Record::updatedAt)
                .thenComparing(Record::sourceFile, Supersession::compareCodePoints)
                .thenComparingLong(Record::line)
                .reversed();
        Map<String, List<Record>> byId = new LinkedHashMap<>();
        valid.forEach(
                v -> byId.computeIfAbsent(v.recordId(), k -> new ArrayList<>()).add(v));
        List<Record> accepted = new ArrayList<>();
        List<Record> superseded = new ArrayList<>();
        for (List<Record> versions : byId.values()) {
            versions.sort(newestFirst);
            accepted.add(versions.get(0));
            superseded.addAll(versions.subList(1, versions.size()));
        }
        return new Outcome(List.copyOf(accepted), List.copyOf(superseded), List.copyOf(quarantined));
    }

    /** One row: a {@link Record} when valid, else its {@link Quarantined}. */
    Object classify(CooperationFiles.RawRow r) {
        String[] text = new String[CooperationField.values().length];
        for (int i = 0; i < text.length; i++) {
            text[i] = OwnIdentity.trim(r.values()[i]);
        }
        String recordId = text[CooperationField.RECORD_ID.ordinal()];
        if (r.malformed() != null) {
            return quarantine(
                    r,
                    recordId != null && PersonalData.holdsIdFast(recordId) ? null : recordId,
                    ReasonCode.MALFORMED,
                    null,
                    r.malformed());
        }
        for (CooperationField f : CooperationField.values()) {
            String v = text[f.ordinal()];
            if (PersonalData.holdsIdFast(v)) {
                // no personal data belongs in these records: the value is kept nowhere, nor is the record_id
                return quarantine(
                        r,
                        null,
                        ReasonCode.PERSONAL_DATA_IN_FIELD,
                        f.column(),
                        f.column() + " holds a value shaped like an ID-card or student number (" + PersonalData.shape(v)
                                + "); it was not kept, see the file at this line");
            }
        }
        for (CooperationField f : CooperationField.values()) {
            if (f.required() && text[f.ordinal()] == null) {
                return quarantine(r, recordId, ReasonCode.MISSING_FIELD, f.column(), f.column() + " is blank");
            }
        }
        String host = RecordClassifier.digits(text[CooperationField.HOST_REGION_CODE.ordinal()], 6);
        String origin = RecordClassifier.digits(text[CooperationField.ORIGIN_REGION_CODE.ordinal()], 6);
        String hostSchool = text[CooperationField.HOST_SCHOOL_CODE.ordinal()];
        String originSchool = text[CooperationField.ORIGIN_SCHOOL_CODE.ordinal()];
        Integer year = year(text[CooperationField.YEAR.ordinal()]);
        CooperationIndicator indicator = CooperationIndicator.of(text[CooperationField.INDICATOR.ordinal()])
                .orElse(null);
        String valueText = text[CooperationField.VALUE.ordinal()];
        LocalDateTime updatedAt = RecordClassifier.timestamp(text[CooperationField.UPDATED_AT.ordinal()]);
        if (host == null) {
            return invalid(r, recordId, text, CooperationField.HOST_REGION_CODE, "is not a 6-digit region code");
        }
        if (origin == null) {
            return invalid(r, recordId, text, CooperationField.ORIGIN_REGION_CODE, "is not a 6-digit region code");
        }
        if (hostSchool != null && RecordClassifier.digits(hostSchool, 10) == null) {
            return invalid(
                    r,
                    recordId,
                    text,
                    CooperationField.HOST_SCHOOL_CODE,
                    "is not a 10-digit school identification code");
        }
        if (originSchool != null && RecordClassifier.digits(originSchool, 10) == null) {
            return invalid(
                    r,
                    recordId,
                    text,
                    CooperationField.ORIGIN_SCHOOL_CODE,
                    "is not a 10-digit school identification code");
        }
        if (year == null) {
            return invalid(r, recordId, text, CooperationField.YEAR, "is not a year (4 digits)");
        }
        if (year < FIRST_YEAR || year > lastYear) {
            return quarantine(
                    r,
                    recordId,
                    ReasonCode.INVALID_VALUE,
                    CooperationField.YEAR.column(),
                    "year " + year + " is outside " + FIRST_YEAR + " to the run date's year " + lastYear);
        }
        if (indicator == null) {
            return invalid(
                    r,
                    recordId,
                    text,
                    CooperationField.INDICATOR,
                    "is not one of the 15 indicators (funds_cny, equipment_cny, ... or 帮扶资金, 捐赠设备, ...)");
        }
        BigDecimal value = number(valueText);
        if (value == null) {
            return invalid(r, recordId, text, CooperationField.VALUE, "is not a number >= 0 (digits, a point)");
        }
        value = value.stripTrailingZeros();
        if (value.scale() > (indicator.amount() ? 2 : 0)) {
            return quarantine(
                    r,
                    recordId,
                    ReasonCode.INVALID_VALUE,
                    CooperationField.VALUE.column(),
                    indicator.amount()
                            ? "value of " + indicator.canonical() + " has more than 2 decimals (yuan to the fen)"
                            : "value of " + indicator.canonical() + " is not a whole number");
        }
        if (value.precision() - value.scale() > VALUE_TYPE.precision() - VALUE_TYPE.scale()) {
            return quarantine(
                    r,
                    recordId,
                    ReasonCode.INVALID_VALUE,
                    CooperationField.VALUE.column(),
                    "value has more than " + (VALUE_TYPE.precision() - VALUE_TYPE.scale())
                            + " digits before the point");
        }
        if (updatedAt == null) {
            return invalid(r, recordId, text, CooperationField.UPDATED_AT, "is not a timestamp (yyyy-MM-dd HH:mm:ss)");
        }
        Place hostPlace = place(host);
        if (hostPlace == null) {
            return unknown(r, recordId, CooperationField.HOST_REGION_CODE, host);
        }
        Place originPlace = place(origin);
        if (originPlace == null) {
            return unknown(r, recordId, CooperationField.ORIGIN_REGION_CODE, origin);
        }
        if (hostPlace.code().equals(originPlace.code())) {
            return quarantine(
                    r,
                    recordId,
                    ReasonCode.INCONSISTENT,
                    CooperationField.ORIGIN_REGION_CODE.column(),
                    "origin_region_code is the same region as host_region_code (" + hostPlace.code() + ")");
        }
        return new Record(
                recordId,
                host,
                hostPlace,
                origin,
                originPlace,
                hostSchool,
                originSchool,
                year,
                indicator,
                value.setScale(VALUE_TYPE.scale()),
                updatedAt,
                r.sourceFile(),
                r.line());
    }

    /**
     * Where a 6-digit code lies, in the reference's vintage: a province or prefecture of the reference as it is, a
     * county-level code (of the reference or of another vintage) as {@link RegionResolution} resolves it for
     * enrollments; null when neither knows it. A county code whose area the history spreads over several counties is
     * placed at the lowest region they share.
     */
    public Place place(String code) {
        Regions.Region province = regions.provinces().get(code);
        if (province != null) {
            return new Place(code, province.name(), "province", null, null, code, province.name());
        }
        Regions.Region prefecture = regions.prefectures().get(code);
        if (prefecture != null) {
            return new Place(
                    code,
                    prefecture.name(),
                    "prefecture",
                    code,
                    prefecture.name(),
                    prefecture.parent(),
                    regions.provinces().get(prefecture.parent()).name());
        }
        RegionResolution.Resolved r = resolution.resolve(code).orElse(null);
        if (r == null) {
            return null;
        }
        String provinceName = regions.provinces().get(r.province()).name();
        String prefectureName = r.prefecture() == null
                ? null
                : regions.prefectures().get(r.prefecture()).name();
        if (r.county() != null) {
            return new Place(
                    r.county(),
                    regions.countyLevel(r.county()).name(),
                    "county",
                    r.prefecture(),
                    prefectureName,
                    r.province(),
                    provinceName);
        }
        if (r.prefecture() != null) {
            return new Place(
                    r.prefecture(),
                    prefectureName,
                    "prefecture",
                    r.prefecture(),
                    prefectureName,
                    r.province(),
                    provinceName);
        }
        return new Place(r.province(), provinceName, "province", null, null, r.province(), provinceName);
    }

    /** A year: four ASCII digits (a JSON or Parquet number arrives as its digits). */
    static Integer year(String s) {
        String digits = RecordClassifier.digits(s, 4);
        return digits == null ? null : Integer.valueOf(digits);
    }

    /** A number >= 0 as written: digits, optionally a point and more digits; no sign, exponent or separators. */
    static BigDecimal number(String s) {
        if (s == null || !s.matches("[0-9]+(\\.[0-9]+)?")) {
            return null;
        }
        return new BigDecimal(s);
    }

    private static Quarantined quarantine(
            CooperationFiles.RawRow r, String recordId, ReasonCode reason, String field, String detail) {
        return new Quarantined(r.sourceFile(), r.line(), recordId, reason, field, detail);
    }

    /** INVALID_VALUE: the detail names the field and the form expected, and gives the value's shape, never the value. */
    private static Quarantined invalid(
            CooperationFiles.RawRow r, String recordId, String[] text, CooperationField f, String what) {
        return quarantine(
                r,
                recordId,
                ReasonCode.INVALID_VALUE,
                f.column(),
                f.column() + " " + what + "; the value is " + PersonalData.shape(text[f.ordinal()]));
    }

    private static Quarantined unknown(CooperationFiles.RawRow r, String recordId, CooperationField f, String code) {
        return quarantine(
                r,
                recordId,
                ReasonCode.UNKNOWN_REGION,
                f.column(),
                f.column() + " " + code + " is not in the region reference, nor does its code history lead it there");
    }
}
