package org.crossenroll.validate;

import static org.apache.spark.sql.functions.col;
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
 * Gives every validated row its outcome: quarantined (it broke a rule), accepted (the winning version of its
 * enrollment) or superseded (an older version). The enrollment key is (student, intake_year); the winner has the
 * latest updated_at, ties broken by the greatest record_id (compared as text), then by file and line so that the
 * choice is deterministic even for exact duplicates.
 */
public final class Supersession {
  public static final String OUTCOME = "outcome";
  public static final String ACCEPTED = "accepted";
  public static final String SUPERSEDED = "superseded";
  public static final String QUARANTINED = "quarantined";

  private Supersession() {}

  public static Dataset<Row> classify(Dataset<Row> validated) {
    Column valid = col(Validation.REASON_CODE).isNull();
    // Quarantined rows each get a window of their own (file, line): no skewed null-key partition.
    WindowSpec versions = Window.partitionBy(
            when(valid, col(Pseudonymizer.PSEUDONYM)),
            when(valid, col(Validation.INTAKE_YEAR)),
            when(valid.unary_$bang(), col(RawRecords.SOURCE_FILE)),
            when(valid.unary_$bang(), col(RawRecords.LINE_NUMBER)))
        .orderBy(
            col(Field.UPDATED_AT.column()).desc_nulls_last(),
            col(Field.RECORD_ID.column()).desc_nulls_last(),
            col(RawRecords.SOURCE_FILE).desc(),
            col(RawRecords.LINE_NUMBER).desc());
    Column outcome = when(valid.unary_$bang(), lit(QUARANTINED))
        .when(row_number().over(versions).equalTo(1), lit(ACCEPTED))
        .otherwise(lit(SUPERSEDED));
    return validated.withColumn(OUTCOME, outcome);
  }
}
