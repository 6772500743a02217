/**
 * The output directory: writing, staging, publishing as one commit that survives a crash, and describing the tables
 * to readers (docs/operations.md, "How a run publishes").
 *
 * <p>{@link org.crossenroll.output.Publisher} (the publish protocol: commit, recovery, {@code latest}, retention),
 * {@link org.crossenroll.output.Journal} (the plan of a commit in progress), {@link org.crossenroll.output.RunLock}
 * (one run per output), {@link org.crossenroll.output.Staging}, {@link org.crossenroll.output.RunManifest} (the typed
 * manifest), {@link org.crossenroll.output.RunsTable} (the {@code runs} table), {@link
 * org.crossenroll.output.PublishSteps} (the commit's steps, for the crash tests), {@link
 * org.crossenroll.output.ReportWriter} (one Parquet file with footer metadata), {@link
 * org.crossenroll.output.Tables} (every published table's schema, in one place), {@link org.crossenroll.output.Ddl}
 * (CREATE statements generated from it), {@link org.crossenroll.output.DocsTables} (docs/reports.md's column tables
 * generated from it) and {@link org.crossenroll.output.NioLocalFileSystem} (Hadoop's local file system without a
 * forked {@code chmod} per file).
 */
package org.crossenroll.output;
