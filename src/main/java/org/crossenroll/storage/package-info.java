/**
 * The output directory as storage, knowing no table by name: staging, the commit with its one commit point, recovery,
 * retention, the lock, the run history under {@code _runs/}, and the Parquet writer (docs/operations.md, "How a run
 * publishes").
 *
 * <p>{@link org.crossenroll.storage.Publisher} (the publish protocol: commit, recovery, {@code latest}, retention, the
 * nights kept), {@link org.crossenroll.storage.Journal} (the plan of a commit in progress), {@link
 * org.crossenroll.storage.RunLock} (one run per output), {@link org.crossenroll.storage.Staging} (a run's private
 * directory, checking each table against the schema the catalog gives, before writing and in the footers written:
 * {@link org.crossenroll.storage.Schemas}), {@link org.crossenroll.storage.Nullability} (a Dataset written with its
 * definition's nullability), {@link org.crossenroll.storage.OutputCatalog}
 * (what storage is told of the tables), {@link org.crossenroll.storage.OutputStatus} (the read-only status of an
 * output), {@link org.crossenroll.storage.PublishSteps} (the commit's steps, for the crash tests), {@link
 * org.crossenroll.storage.ReportWriter} (one Parquet file with footer metadata) and {@link
 * org.crossenroll.storage.NioLocalFileSystem} (Hadoop's local file system without a forked {@code chmod} per file).
 */
package org.crossenroll.storage;
