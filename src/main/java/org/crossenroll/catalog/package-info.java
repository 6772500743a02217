/**
 * The table catalog: every table the job publishes, defined once ({@link org.crossenroll.catalog.Tables}: name,
 * folder, partitioning, columns with type, nullability and meaning), and its views: the CREATE statements of each
 * engine ({@link org.crossenroll.catalog.Ddl}), docs/reports.md's column tables ({@link
 * org.crossenroll.catalog.DocsTables}) and the run-status table {@code OUT/runs/} ({@link
 * org.crossenroll.catalog.RunsTable}). Storage sees it through {@link org.crossenroll.storage.OutputCatalog}.
 */
package org.crossenroll.catalog;
