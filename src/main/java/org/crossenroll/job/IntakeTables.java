package org.crossenroll.job;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.catalog.Tables;
import org.crossenroll.storage.Staging;
import org.crossenroll.validate.Outcomes;
import org.crossenroll.validate.SchoolNames;

/**
 * Stages the intake's tables (enrollments_clean, quarantine, data_quality) and checks the row identity against what
 * was written, not against the counts the rows were written by: the counts every later stage reports.
 */
final class IntakeTables {
    /** Rows per output Parquet file: large enough for few files, small enough to write in parallel. */
    static final long ROWS_PER_FILE = 2_000_000;

    private IntakeTables() {}

    /**
     * Stages the three tables, enrollments_clean with each school's one name (the registry's where it has one).
     *
     * @return the night's one name of each school, for every table that names it: one row cannot rename a school
     */
    static Map<String, String> stage(
            SparkSession spark,
            Staging staging,
            Intake intake,
            Intake.Counts counts,
            Map<String, String> registry,
            UnaryOperator<Dataset<Row>> cleanRowsHook) {
        Dataset<Row> classified = intake.classified();
        Map<String, String> schoolNames =
                SchoolNames.withRegistry(SchoolNames.choose(SchoolNames.candidates(classified)), registry);
        staging.stage(
                Tables.ENROLLMENTS_CLEAN_TABLE,
                cleanRowsHook.apply(Outcomes.clean(classified, SchoolNames.dataset(spark, schoolNames))),
                files(counts.accepted()));
        staging.stage(Tables.QUARANTINE_TABLE, Outcomes.quarantine(classified), files(counts.quarantined()));
        staging.stage(
                Tables.DATA_QUALITY_TABLE,
                spark.createDataFrame(counts.dataQuality(), Outcomes.DATA_QUALITY_SCHEMA),
                1);
        return schoolNames;
    }

    /**
     * The row identity from the staged tables: rows read = accepted + superseded + quarantined as written.
     *
     * @return the run's summary, with the counts as written
     * @throws IllegalStateException when it does not hold
     */
    static CrossEnrollJob.Summary checkIdentity(Staging staging, Intake.Counts counts, String output) {
        long rowsRead = counts.rowsRead();
        long superseded = counts.superseded();
        long writtenAccepted = staging.rows(Tables.ENROLLMENTS_CLEAN_TABLE);
        long writtenQuarantined = staging.rows(Tables.QUARANTINE_TABLE);
        if (rowsRead != writtenAccepted + superseded + writtenQuarantined) {
            throw new IllegalStateException(String.format(
                    "Row identity failed: %d rows read but %d accepted + %d superseded + %d quarantined written; nothing "
                            + "was published.",
                    rowsRead, writtenAccepted, superseded, writtenQuarantined));
        }
        return new CrossEnrollJob.Summary(
                rowsRead, writtenAccepted, superseded, writtenQuarantined, counts.quarantinedByReason(), output);
    }

    private static int files(long rows) {
        return (int) Math.max(1, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
    }
}
