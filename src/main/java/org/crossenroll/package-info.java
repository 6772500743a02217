/**
 * crossenroll, the nightly job that turns enrollment submissions into pseudonymized, checked Parquet reports.
 *
 * <p>{@link org.crossenroll.CrossEnroll} is the entry point, for {@code bin/crossenroll} and {@code spark-submit
 * --class org.crossenroll.CrossEnroll} alike; {@link org.crossenroll.CrossEnrollJob} is one run (ingest,
 * pseudonymize, validate, supersede, write, verify, publish) and {@link org.crossenroll.CrossEnrollJob#publishedTables()}
 * the tables a complete run publishes; {@link org.crossenroll.JobConfig} the validated description of a run.
 * {@link org.crossenroll.ExitCode} holds the exit codes (docs/operations.md, "Exit codes"), {@link
 * org.crossenroll.UserError} (exit 2) and {@link org.crossenroll.DataCheckFailed} (exit 3) the failures a person
 * acts on, {@link org.crossenroll.Failures} tells a fault of the machine (a full disk) from a bug.
 */
package org.crossenroll;
