/**
 * What several tests share and none is: the test JVM's SparkSession ({@link org.crossenroll.testing.TestSpark}), the
 * command line run in it ({@link org.crossenroll.testing.Runs}), hand-made and generated inputs, the runs made once
 * per JVM and read by several classes, and independent readers of the output. The test classes live elsewhere: the
 * whole-job tests in {@code org.crossenroll}, the others beside the package they test.
 */
package org.crossenroll.testing;
