/**
 * crossenroll, the nightly job that turns enrollment submissions into pseudonymized, checked Parquet reports.
 *
 * <p>{@link org.crossenroll.CrossEnroll} is the entry point, for {@code bin/crossenroll} and {@code spark-submit
 * --class org.crossenroll.CrossEnroll} alike, and the only class of this package. The packages below it are layers
 * in the order the data flows, each importing only those before it (docs/development.md, "The code"; checked by
 * ArchitectureTest): base, storage, privacy, ingest, reference, validate, report, disclosure, monitor, catalog,
 * generate, job, cli.
 */
package org.crossenroll;
