package org.crossenroll.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * One input file as the driver found it: where it is, how to read it, and what its header maps to. Shipped to the
 * executors, which parse the file in one task, or a large CSV or JSON Lines file in ranges ({@link TextSplits}).
 *
 * @param uri the file's full URI, as Hadoop opens it
 * @param sourceFile the path relative to the input directory, as written into every output row
 * @param columns for CSV, the field each header column maps to (null for an ignored column); empty otherwise
 * @param headerLine for CSV, the physical line the header is on
 * @param charset for CSV, the charset name chosen; UTF-8 for JSON Lines
 * @param ignoredColumns header columns (or Parquet columns) that name no field of the contract
 */
public record InputFile(
        String uri,
        String sourceFile,
        InputFormat format,
        long sizeBytes,
        String charset,
        long headerLine,
        List<Field> columns,
        List<String> ignoredColumns)
        implements Serializable {}
