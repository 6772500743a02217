package org.crossenroll.monitor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.crossenroll.storage.Publisher;

/**
 * The nights before tonight, as Deequ's metrics repository keeps them: the {@code metrics} partitions of earlier
 * published nights. A night counts when it was committed (its {@code _runs/D/manifest.json} exists: a complete night,
 * or one that failed a data check and published its diagnosis tables, metrics among them) and has a metrics
 * partition (nights published before the metrics existed have none). Failed nights count because their metrics say
 * truthfully what was received: leaving them out would make a school whose file was broken look as if it had not
 * submitted. Only dates before tonight count: a rerun of an old date never compares with itself, nor with the nights
 * that came after it.
 */
public final class History {
    /** One metric of one entity on one night (all intake years). */
    public record Point(
            LocalDate runDate,
            Metrics.EntityKind kind,
            String code,
            String name,
            String metric,
            long value,
            java.time.LocalDateTime latestUpdatedAt) {}

    private final List<LocalDate> nights;
    private final List<Point> points;

    public History(List<LocalDate> nights, List<Point> points) {
        this.nights = List.copyOf(nights);
        this.points = List.copyOf(points);
    }

    /** Earlier nights, oldest first. */
    public List<LocalDate> nights() {
        return nights;
    }

    public List<Point> points() {
        return points;
    }

    /**
     * The committed nights in [{@code tonight - days}, {@code tonight}) that have a metrics partition, oldest first.
     * Reads only the file system: which nights count is decided before any Parquet is opened.
     */
    public static List<LocalDate> nights(Publisher publisher, LocalDate tonight, int days) {
        FileSystem fs = publisher.fileSystem();
        List<LocalDate> dates = new ArrayList<>();
        try {
            for (Publisher.Night night : Publisher.nights(fs, publisher.root())) {
                LocalDate date = night.date();
                if (night.committed()
                        && date.isBefore(tonight)
                        && !date.isBefore(tonight.minusDays(days))
                        && fs.exists(publisher.published(Metrics.TABLE, date))) {
                    dates.add(date);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Listing the run history in " + publisher.runsDir() + " failed", e);
        }
        return dates;
    }

    /** The all-years metrics of the given nights (one small Spark read of their partitions). */
    public static History load(SparkSession spark, Publisher publisher, List<LocalDate> nights) {
        List<Point> points = new ArrayList<>();
        if (nights.isEmpty()) {
            return new History(nights, points);
        }
        Dataset<Row> all = null;
        for (LocalDate night : nights) {
            Dataset<Row> one = spark.read()
                    .schema(Metrics.SCHEMA)
                    .parquet(publisher.published(Metrics.TABLE, night).toString())
                    .withColumn("run_date", lit(java.sql.Date.valueOf(night)).cast(DataTypes.DateType));
            all = all == null ? one : all.unionByName(one);
        }
        List<Row> rows = all.filter(col("intake_year").isNull()).collectAsList();
        for (Row r : rows) {
            points.add(new Point(
                    ((java.sql.Date) r.getAs("run_date")).toLocalDate(),
                    Metrics.EntityKind.of(r.getAs("entity_kind")),
                    r.getAs("entity_code"),
                    r.getAs("entity_name"),
                    r.getAs("metric"),
                    r.<Long>getAs("value"),
                    r.getAs("latest_updated_at")));
        }
        return new History(nights, points);
    }

    /** Tonight's all-years metric rows (as {@link Metrics#rows} builds them) as points of {@code tonight}. */
    public static List<Point> points(LocalDate tonight, List<Row> metricRows) {
        List<Point> points = new ArrayList<>();
        for (Row r : metricRows) {
            if (r.isNullAt(Metrics.SCHEMA.fieldIndex("intake_year"))) {
                points.add(new Point(
                        tonight,
                        Metrics.EntityKind.of(r.getString(0)),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getLong(5),
                        (java.time.LocalDateTime) r.get(6)));
            }
        }
        return points;
    }
}
