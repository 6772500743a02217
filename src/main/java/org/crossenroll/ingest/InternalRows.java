package org.crossenroll.ingest;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * A dataset's rows in Spark's own binary form, and back, for a pass written in Java that reads a few columns of wide
 * rows: through {@code Row} every field of every row would be decoded into Java objects and encoded again (about a
 * tenth of the intake's CPU for the supersession pass at 1M rows, most of it strings). This is how Spark's own file
 * sources hand rows to the engine; {@code internalCreateDataFrame} is Spark-internal (Scala's {@code private[sql]},
 * public in bytecode), so this class is the one place that depends on it.
 */
public final class InternalRows {
    private InternalRows() {}

    /** The rows of {@code ds}: the same rows, unconverted; a row object may be reused by the next, so copy to keep. */
    public static RDD<InternalRow> of(Dataset<Row> ds) {
        return ds.queryExecution().toRdd();
    }

    /** A dataset of {@code rows}, which must match {@code schema} field for field, in Spark's value classes. */
    public static Dataset<Row> dataset(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows, schema, false);
    }
}
