package org.crossenroll.disclosure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.job.CrossEnrollJob;

/**
 * Times the designed layer at scale (issue 26: layer and audit within 60 s at 10M rows): a run's enrollments_clean
 * copied {@code times} times with new record ids (so new record keys), cached, then the grain's Spark aggregation,
 * the layer and its audit, each timed (wall clock: the machine is shared, so read it with the load average).
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/spark-classpath.txt) \
 *   org.crossenroll.disclosure.DesignedLayerBench OUT/enrollments_clean/run_date=D 650</pre>
 */
public final class DesignedLayerBench {
    private DesignedLayerBench() {}

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder()
                .master("local[*]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        CrossEnrollJob.configure(spark);
        Dataset<Row> clean = spark.read().parquet(args[0]);
        int times = Integer.parseInt(args[1]);
        Dataset<Row> big = clean.withColumn("_copy", explode(sequence(lit(1), lit(times))))
                .withColumn(
                        "record_id",
                        concat(col("record_id"), lit("#"), col("_copy").cast("string")))
                .drop("_copy")
                .cache();
        long rows = big.count();
        long t0 = System.nanoTime();
        List<DesignedLayer.Grain> grain = DesignedLayer.grain(
                big,
                AdditiveThreshold.hashes(org.crossenroll.privacy.PseudonymKey.of(
                        "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "bench")));
        long t1 = System.nanoTime();
        DesignedLayer.Result r =
                DesignedLayer.Result.audited(grain, Map.of(), Map.of(), List.of(), new AdditiveThreshold.Rule(10));
        long t2 = System.nanoTime();
        int published =
                r.tables().values().stream().mapToInt(l -> l.rows().size()).sum();
        System.out.printf(
                "%d rows, %d grain cells, %d published rows: grain %.1f s, layer and audit %.1f s%n",
                rows, grain.size(), published, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        spark.stop();
    }
}
