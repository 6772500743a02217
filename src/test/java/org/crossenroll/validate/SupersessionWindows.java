package org.crossenroll.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.RawRecords;
import org.crossenroll.privacy.Pseudonymizer;

/**
 * The reference for {@link Supersession} (its form before issue 25): the same outcomes as two window functions over
 * the rows shuffled by student, which sort the wide rows twice. Kept for {@code SupersessionSameOutcomeTest}.
 *
 * <p>Gives every validated row its outcome: quarantined (it broke a rule), accepted (the winning version of its
 * enrollment) or superseded (an older version). First (contract v1.1) a record sent again is one record: of the
 * valid rows of one student with one record_id only the latest survives, whatever its intake year, so a corrected
 * intake date moves the enrollment instead of leaving it in both years. Then the enrollment key is (student,
 * intake_year). In both steps the winner has the latest updated_at, ties broken by the greatest record_id (compared
 * as text), then by file and line so that the choice is deterministic even for exact duplicates.
 */
final class SupersessionWindows {
    static final String OUTCOME = Supersession.OUTCOME;
    static final String ACCEPTED = Supersession.ACCEPTED;
    static final String SUPERSEDED = Supersession.SUPERSEDED;
    static final String QUARANTINED = Supersession.QUARANTINED;

    private SupersessionWindows() {}

    static Dataset<Row> classify(Dataset<Row> validated) {
        Column valid = col(Validation.REASON_CODE).isNull();
        // Both steps group within one student, so the rows are shuffled once, by student, and each step only sorts
        // within its partition. Quarantined rows each get a group of their own (file, line): no skewed null key.
        Column group = when(valid, col(Pseudonymizer.PSEUDONYM))
                .otherwise(concat_ws(
                        "\n",
                        col(RawRecords.SOURCE_FILE),
                        col(RawRecords.LINE_NUMBER).cast("string")));
        Column[] newestFirst = {
            col(Field.UPDATED_AT.column()).desc_nulls_last(),
            col(Field.RECORD_ID.column()).desc_nulls_last(),
            col(RawRecords.SOURCE_FILE).desc(),
            col(RawRecords.LINE_NUMBER).desc()
        };
        WindowSpec sameRecord = Window.partitionBy(col("_group"), when(valid, col(Field.RECORD_ID.column())))
                .orderBy(newestFirst);
        Column[] latestRecordsFirst = new Column[newestFirst.length + 1];
        latestRecordsFirst[0] = col("_latest_of_record").desc();
        System.arraycopy(newestFirst, 0, latestRecordsFirst, 1, newestFirst.length);
        WindowSpec sameEnrollment = Window.partitionBy(col("_group"), when(valid, col(Validation.INTAKE_YEAR)))
                .orderBy(latestRecordsFirst);
        Column outcome = when(valid.unary_$bang(), lit(QUARANTINED))
                .when(
                        col("_latest_of_record")
                                .and(row_number().over(sameEnrollment).equalTo(1)),
                        lit(ACCEPTED))
                .otherwise(lit(SUPERSEDED));
        return validated
                .withColumn("_group", group)
                .repartition(col("_group"))
                .withColumn("_latest_of_record", row_number().over(sameRecord).equalTo(1))
                .withColumn(OUTCOME, outcome)
                .drop("_group", "_latest_of_record");
    }
}
