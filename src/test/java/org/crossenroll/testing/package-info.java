/**
 * What several tests share and none is: the test JVM's SparkSession ({@link org.crossenroll.testing.TestSpark}), the
 * command line run in it ({@link org.crossenroll.testing.Runs}), hand-made and generated inputs, the runs made once
 * per JVM and read by several classes, and independent readers of the output (DuckDB's, {@link org.crossenroll.testing.DuckDbRows}; a scraper's of the
 * Prometheus text, {@link org.crossenroll.testing.PrometheusText}). The test classes live elsewhere: the
 * whole-job tests in {@code org.crossenroll}, the others beside the package they test.
 */
package org.crossenroll.testing;
