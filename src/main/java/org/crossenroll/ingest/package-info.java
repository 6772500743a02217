/**
 * The intake's edge: finding the input files, checking their headers on the driver, and reading CSV, JSON Lines and
 * Parquet into one dataset of raw text fields (docs/input-contract.md).
 *
 * <p>{@link org.crossenroll.ingest.Field} (the contract's fields and their header names), {@link
 * org.crossenroll.ingest.Ingest} (discovery, header and encoding probe, reading), {@link
 * org.crossenroll.ingest.CsvRecordReader} (strict RFC 4180 with line numbers), {@link
 * org.crossenroll.ingest.TextSplits} (cuts a large CSV or JSON Lines file at record starts so tasks parse it side by
 * side), {@link org.crossenroll.ingest.FileParser} (parses one range on the executors), {@link
 * org.crossenroll.ingest.RawRecords} (the raw schema), {@link org.crossenroll.ingest.InputFile}, {@link
 * org.crossenroll.ingest.InputFormat}, {@link org.crossenroll.ingest.Encoding} and {@link
 * org.crossenroll.ingest.SerializableHadoopConfiguration} (the job's Hadoop settings on the executors).
 */
package org.crossenroll.ingest;
