package org.crossenroll.monitor;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.RawRecords;
import org.crossenroll.validate.CooperationClassifier;
import org.crossenroll.validate.ReasonCode;
import org.crossenroll.validate.Supersession;
import org.crossenroll.validate.Validation;

/**
 * The {@code metrics} table: what one night received, per source file, per submitting host school, per host and per
 * origin province, and per pairing of the cooperation records ({@link #pairingRows}), in the long form of Deequ's metrics repository (one row per entity, metric and intake year), so
 * that a night's metrics are appended to the history without a schema change when a reason or a year is added.
 * Holds only codes, names of schools and regions, counts and timestamps: never a student.
 */
public final class Metrics {
    public static final String TABLE = "metrics";
    public static final StructType SCHEMA = new StructType()
            .add("entity_kind", DataTypes.StringType, false)
            .add("entity_code", DataTypes.StringType, false)
            .add("entity_name", DataTypes.StringType, true)
            .add("metric", DataTypes.StringType, false)
            .add("intake_year", DataTypes.IntegerType, true)
            .add("value", DataTypes.LongType, false)
            .add("latest_updated_at", DataTypes.TimestampNTZType, true);

    /** What a row of the metrics describes. */
    public enum EntityKind {
        /** An input file, by its path relative to {@code --input} (as data_quality names it). */
        FILE,
        /**
         * A host school, by its 10-digit code: every row that carries a well-formed code, quarantined or not, except
         * MALFORMED rows, whose fields may have shifted into the wrong columns.
         */
        HOST_SCHOOL,
        /** A host province, by the resolved code of the host county: valid rows only (a bad row may not resolve). */
        HOST_PROVINCE,
        /** An origin (home) province, by the resolved code of the origin county: valid rows only. */
        ORIGIN_PROVINCE,
        /**
         * A pairing of the cooperation records ({@link #pairingCode}: host and origin region as reported, resolved
         * through the reference): valid cooperation records only, as for provinces. Only {@code accepted} and
         * {@code superseded}: what the partner reported for the pairing tonight.
         */
        PAIRING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static EntityKind of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /** The metric names: each a count of rows of the entity in tonight's input. */
    public enum Metric {
        /** Rows read (files and host schools only: a province is known for valid rows only). */
        ROWS_READ,
        /** Rows accepted: one per enrollment (student and intake year). */
        ACCEPTED,
        /** Valid rows replaced by a newer version of the same record or enrollment. */
        SUPERSEDED,
        /** Rows quarantined, all reasons (files and host schools only). */
        QUARANTINED,
        /** Accepted enrollments of one intake year (the row's {@code intake_year}); their sum is {@link #ACCEPTED}. */
        STUDENTS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Quarantined rows of one reason: {@code quarantined_} and the reason code in lower case. */
    public static String quarantinedBy(ReasonCode reason) {
        return "quarantined_" + reason.name().toLowerCase(Locale.ROOT);
    }

    /** A pairing's entity code: the host and the origin region code, {@code 330200-522300}. */
    public static String pairingCode(CooperationClassifier.Record r) {
        return r.host().code() + "-" + r.origin().code();
    }

    /**
     * The pairing rows of tonight's metrics from the night's cooperation records (already on the driver): per pairing
     * its accepted and superseded records and their newest updated_at, named {@code host x origin} by the reference.
     * Pure; sorted by code, after every other kind, as {@link #rows} sorts.
     */
    public static List<Row> pairingRows(
            List<CooperationClassifier.Record> accepted, List<CooperationClassifier.Record> superseded) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        Map<String, LocalDateTime> latest = new TreeMap<>();
        for (int i = 0; i < 2; i++) {
            for (CooperationClassifier.Record r : i == 0 ? accepted : superseded) {
                String code = pairingCode(r);
                counts.computeIfAbsent(code, k -> new long[2])[i]++;
                names.put(code, r.host().name() + " x " + r.origin().name());
                latest.merge(code, r.updatedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<Row> rows = new ArrayList<>();
        String kind = EntityKind.PAIRING.label();
        counts.forEach((code, n) -> {
            rows.add(RowFactory.create(
                    kind, code, names.get(code), Metric.ACCEPTED.label(), null, n[0], latest.get(code)));
            rows.add(RowFactory.create(
                    kind, code, names.get(code), Metric.SUPERSEDED.label(), null, n[1], latest.get(code)));
        });
        return rows;
    }

    /** Columns of {@link #byMetricValues}: its group's rows, and their greatest updated_at of valid rows. */
    private static final String ROWS = "_rows";

    private static final String LATEST = "_latest_valid_updated_at";

    private Metrics() {}

    /**
     * Counts per (entity kind, entity code, intake year of accepted rows): every row counted once for each entity it
     * belongs to. Small (entities times years), so the caller collects it and builds the metric rows with
     * {@link #rows}.
     *
     * <p>The rows are first counted by the few values the metrics read (file, host school code, host and
     * origin province code and name, outcome, reason, accepted year): 26,252 groups for 3M generated
     * rows. Only those groups are exploded into their four entities. Exploding every row instead made four rows of
     * each and, because the greatest entity name is a string (not a mutable aggregation buffer), Spark sorted all of
     * them for a sort aggregate. At 3M rows (the same cached rows, both forms alternated in one JVM) that took 23 to
     * 36 s of task CPU, this 5 to 9 s, of which 3 to 6 s is reading the cached rows (bench/results.md).
     */
    public static Dataset<Row> fine(Dataset<Row> classified) {
        Dataset<Row> groups = byMetricValues(classified);
        Column n = col(ROWS);
        Column valid = col(Validation.REASON_CODE).isNull();
        Column accepted = col(Supersession.OUTCOME).equalTo(lit(Supersession.ACCEPTED));
        Column entities = array(
                entity(EntityKind.FILE, col(RawRecords.SOURCE_FILE), lit(null).cast(DataTypes.StringType)),
                // a school's name is not the rows' but the night's one name for it (SchoolNames), added by rows()
                entity(
                        EntityKind.HOST_SCHOOL,
                        col(Field.HOST_SCHOOL_CODE.column()),
                        lit(null).cast(DataTypes.StringType)),
                entity(EntityKind.HOST_PROVINCE, col("host_province_code"), col("host_province_name")),
                entity(EntityKind.ORIGIN_PROVINCE, col("origin_province_code"), col("origin_province_name")));
        List<Column> aggs = new ArrayList<>();
        aggs.add(sum(n).as(Metric.ROWS_READ.label()));
        aggs.add(sumWhere(accepted, n).as(Metric.ACCEPTED.label()));
        aggs.add(sumWhere(col(Supersession.OUTCOME).equalTo(lit(Supersession.SUPERSEDED)), n)
                .as(Metric.SUPERSEDED.label()));
        aggs.add(sumWhere(valid.unary_$bang(), n).as(Metric.QUARANTINED.label()));
        for (ReasonCode reason : ReasonCode.values()) {
            aggs.add(sumWhere(col(Validation.REASON_CODE).equalTo(lit(reason.name())), n)
                    .as(quarantinedBy(reason)));
        }
        aggs.add(max(col(LATEST)).as("latest_updated_at"));
        aggs.add(max(col("_e.name")).as("entity_name"));
        return groups.select(
                        explode(entities).as("_e"),
                        col(Supersession.OUTCOME),
                        col(Validation.REASON_CODE),
                        col(Validation.INTAKE_YEAR).as("_year"),
                        n,
                        col(LATEST))
                .filter(col("_e.code").isNotNull())
                .groupBy(
                        col("_e.kind").as("entity_kind"),
                        col("_e.code").as("entity_code"),
                        col("_year").as("intake_year"))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
    }

    /**
     * The classified rows counted by what the metrics read, each value already as its entity takes it: the school code
     * only where the school is known, province codes and the intake year only where valid and accepted respectively;
     * with the greatest updated_at of valid rows.
     */
    static Dataset<Row> byMetricValues(Dataset<Row> classified) {
        Column valid = col(Validation.REASON_CODE).isNull();
        Column accepted = col(Supersession.OUTCOME).equalTo(lit(Supersession.ACCEPTED));
        Column schoolKnown = col(Field.HOST_SCHOOL_CODE.column())
                .isNotNull()
                .and(col(Validation.REASON_CODE)
                        .isNull()
                        .or(col(Validation.REASON_CODE).notEqual(lit(ReasonCode.MALFORMED.name()))));
        return classified
                .groupBy(
                        col(RawRecords.SOURCE_FILE),
                        when(schoolKnown, col(Field.HOST_SCHOOL_CODE.column())).as(Field.HOST_SCHOOL_CODE.column()),
                        when(valid, col("host_province_code")).as("host_province_code"),
                        col("host_province_name"),
                        when(valid, col("origin_province_code")).as("origin_province_code"),
                        col("origin_province_name"),
                        col(Supersession.OUTCOME),
                        col(Validation.REASON_CODE),
                        when(accepted, col(Validation.INTAKE_YEAR)).as(Validation.INTAKE_YEAR))
                .agg(
                        count(lit(1)).as(ROWS),
                        max(when(valid, col(Field.UPDATED_AT.column()))).as(LATEST));
    }

    private static Column entity(EntityKind kind, Column code, Column name) {
        return struct(lit(kind.label()).as("kind"), code.as("code"), name.as("name"));
    }

    private static Column sumWhere(Column condition, Column n) {
        return sum(when(condition, n).otherwise(lit(0L)));
    }

    /**
     * The metric rows of one night from {@link #fine}'s collected rows; {@code files} adds a zero row for every input
     * file that produced no row (as data_quality does); {@code schoolNames} names the schools
     * ({@link org.crossenroll.validate.SchoolNames}, the same names as every other table). Sorted by kind, code, metric and year: a rerun of the same input
     * writes the same file.
     */
    public static List<Row> rows(List<Row> fine, Collection<String> files, Map<String, String> schoolNames) {
        Map<List<String>, Totals> byEntity =
                new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (String file : files) {
            byEntity.computeIfAbsent(List.of(EntityKind.FILE.label(), file), k -> new Totals());
        }
        for (Row r : fine) {
            Totals t = byEntity.computeIfAbsent(
                    List.of(r.getAs("entity_kind"), r.getAs("entity_code")), k -> new Totals());
            t.add(r);
        }
        List<Row> rows = new ArrayList<>();
        byEntity.forEach((key, t) -> {
            EntityKind kind = EntityKind.of(key.get(0));
            if (kind == EntityKind.HOST_SCHOOL) {
                t.name = schoolNames.get(key.get(1));
            }
            boolean province = kind == EntityKind.HOST_PROVINCE || kind == EntityKind.ORIGIN_PROVINCE;
            for (Map.Entry<String, Long> m : t.counts.entrySet()) {
                boolean rowsOrQuarantine = m.getKey().equals(Metric.ROWS_READ.label())
                        || m.getKey().startsWith("quarantined");
                if (province && rowsOrQuarantine) {
                    continue; // counted for valid rows only, so these would say nothing
                }
                rows.add(RowFactory.create(key.get(0), key.get(1), t.name, m.getKey(), null, m.getValue(), t.latest));
            }
            t.studentsByYear.forEach((year, n) -> rows.add(
                    RowFactory.create(key.get(0), key.get(1), t.name, Metric.STUDENTS.label(), year, n, t.latest)));
        });
        return rows;
    }

    /** One entity's counts summed over its intake years. */
    private static final class Totals {
        final Map<String, Long> counts = new java.util.LinkedHashMap<>();
        final Map<Integer, Long> studentsByYear = new TreeMap<>();
        String name;
        LocalDateTime latest;

        Totals() {
            for (String metric : List.of(
                    Metric.ROWS_READ.label(),
                    Metric.ACCEPTED.label(),
                    Metric.SUPERSEDED.label(),
                    Metric.QUARANTINED.label())) {
                counts.put(metric, 0L);
            }
            for (ReasonCode reason : ReasonCode.values()) {
                counts.put(quarantinedBy(reason), 0L);
            }
        }

        void add(Row r) {
            counts.replaceAll((metric, n) -> n + ((Number) r.getAs(metric)).longValue());
            Integer year = r.getAs("intake_year");
            long accepted = ((Number) r.getAs(Metric.ACCEPTED.label())).longValue();
            if (year != null && accepted > 0) {
                studentsByYear.merge(year, accepted, Long::sum);
            }
            String n = r.getAs("entity_name");
            if (n != null) {
                name = n; // a province's name from the reference: one per code
            }
            LocalDateTime ts = r.getAs("latest_updated_at");
            if (ts != null && (latest == null || ts.isAfter(latest))) {
                latest = ts;
            }
        }
    }
}
