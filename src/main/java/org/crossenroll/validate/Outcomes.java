package org.crossenroll.validate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.RawRecords;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.reference.RegionResolution;

/** The record-level outputs of a run, cut from the classified rows: clean enrollments, quarantine, data quality. */
public final class Outcomes {
    /** Columns of {@code enrollments_clean}, in order. docs/reports.md documents each. */
    public static final List<String> CLEAN_COLUMNS = List.of(
            Pseudonymizer.PSEUDONYM,
            "record_id",
            "gender",
            "birth_date",
            "ethnicity",
            Validation.ETHNIC_MINORITY,
            "origin_county_code_submitted",
            "origin_county_code",
            "origin_county_name",
            "origin_prefecture_code",
            "origin_prefecture_name",
            "origin_province_code",
            "origin_province_name",
            "origin_school",
            "host_school_code",
            "host_school_name",
            "host_county_code_submitted",
            "host_county_code",
            "host_county_name",
            "host_prefecture_code",
            "host_prefecture_name",
            "host_province_code",
            "host_province_name",
            "program_code",
            "program_name",
            "scheme",
            "intake_date",
            Validation.INTAKE_YEAR,
            "registered_poor",
            "liang_hou_sheng",
            "status",
            "status_date",
            "employment_status",
            "employment_county_code_submitted",
            "employment_county_code",
            "employment_prefecture_code",
            "employment_province_code",
            "updated_at",
            RawRecords.SOURCE_FILE,
            RawRecords.LINE_NUMBER);

    /**
     * Columns of {@code data_quality}: per source file, rows by outcome, quarantined rows by reason,
     * {@value #SCHEME_OTHER} (accepted rows whose scheme is not in the vocabulary and is published as 其他), and per
     * {@link RegionResolution.Kind} the accepted rows with a county code resolved that way through the code history
     * (a row whose codes were resolved two ways counts in both).
     */
    public static final StructType DATA_QUALITY_SCHEMA = dataQualitySchema();

    public static final String SCHEME_OTHER = "scheme_other";

    private Outcomes() {}

    /**
     * The accepted rows, each school named by {@code schoolNames} ({@link SchoolNames#SCHEMA}: the one name of each
     * school, joined by broadcast), not by the row's own host_school_name.
     */
    public static Dataset<Row> clean(Dataset<Row> classified, Dataset<Row> schoolNames) {
        return classified
                .filter(col(Supersession.OUTCOME).equalTo(lit(Supersession.ACCEPTED)))
                .drop(SchoolNames.NAME)
                .join(
                        broadcast(schoolNames.withColumnRenamed(SchoolNames.CODE, "_named_school")),
                        col(SchoolNames.CODE).equalTo(col("_named_school")),
                        "left_outer")
                .select(CLEAN_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    }

    /** {@link #clean} with the school names chosen from these rows alone (no registry). */
    public static Dataset<Row> clean(Dataset<Row> classified) {
        return clean(
                classified,
                SchoolNames.dataset(classified.sparkSession(), SchoolNames.choose(SchoolNames.candidates(classified))));
    }

    /**
     * Where each bad row is and why; the record_id is the source system's, never a student id or name. A row with
     * personal data in a field keeps no record_id: it may be the very value that leaked.
     */
    public static Dataset<Row> quarantine(Dataset<Row> classified) {
        return classified
                .filter(col(Supersession.OUTCOME).equalTo(lit(Supersession.QUARANTINED)))
                .select(
                        col(RawRecords.SOURCE_FILE),
                        col(RawRecords.LINE_NUMBER),
                        when(
                                        col(Validation.REASON_CODE)
                                                .notEqual(lit(ReasonCode.PERSONAL_DATA_IN_FIELD.name())),
                                        col(Field.RECORD_ID.column()))
                                .as(Field.RECORD_ID.column()),
                        col(Validation.REASON_CODE),
                        col(Validation.REASON_FIELD).as("field"),
                        col(Validation.REASON_DETAIL).as("detail"));
    }

    /** One row per source file that produced rows; files with none are added by the caller. */
    public static Dataset<Row> dataQuality(Dataset<Row> classified) {
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)).as("rows_read"));
        for (String outcome : List.of(Supersession.ACCEPTED, Supersession.SUPERSEDED, Supersession.QUARANTINED)) {
            aggs.add(countWhere(col(Supersession.OUTCOME).equalTo(lit(outcome))).as(outcome));
        }
        for (ReasonCode reason : ReasonCode.values()) {
            aggs.add(countWhere(col(Validation.REASON_CODE).equalTo(lit(reason.name())))
                    .as(column(reason)));
        }
        Column accepted = col(Supersession.OUTCOME).equalTo(lit(Supersession.ACCEPTED));
        aggs.add(countWhere(accepted.and(col(Validation.SCHEME_OTHER))).as(SCHEME_OTHER));
        for (RegionResolution.Kind kind : RegionResolution.Kind.values()) {
            // null (a code of the reference, or none) counts as not resolved this way: countWhere counts only true
            Column resolvedSo = Validation.REGION_CODES.stream()
                    .map(f -> col(Validation.prefix(f) + "_county_resolution").equalTo(lit(kind.name())))
                    .reduce(Column::or)
                    .orElseThrow();
            aggs.add(countWhere(accepted.and(resolvedSo)).as(kind.column()));
        }
        return classified
                .groupBy(col(RawRecords.SOURCE_FILE))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
    }

    /** The data_quality column of a reason: its code in lower case. */
    public static String column(ReasonCode reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    private static Column countWhere(Column condition) {
        return sum(when(condition, lit(1L)).otherwise(lit(0L)));
    }

    private static StructType dataQualitySchema() {
        StructType schema = new StructType()
                .add(RawRecords.SOURCE_FILE, DataTypes.StringType, false)
                .add("rows_read", DataTypes.LongType, false)
                .add(Supersession.ACCEPTED, DataTypes.LongType, false)
                .add(Supersession.SUPERSEDED, DataTypes.LongType, false)
                .add(Supersession.QUARANTINED, DataTypes.LongType, false);
        for (ReasonCode reason : ReasonCode.values()) {
            schema = schema.add(column(reason), DataTypes.LongType, false);
        }
        schema = schema.add(SCHEME_OTHER, DataTypes.LongType, false);
        for (RegionResolution.Kind kind : RegionResolution.Kind.values()) {
            schema = schema.add(kind.column(), DataTypes.LongType, false);
        }
        return schema;
    }
}
