package org.crossenroll.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Staging's checks that a table is written with the schema its definition gives it: names and types before writing
 * (cheap, early), then names, types and nullability in the Parquet footers actually written (what every reader
 * trusts).
 */
public final class Schemas {
    private Schemas() {}

    /** Fails unless {@code actual} has exactly the columns of {@code expected}, names and types, in this order. */
    public static void requireSame(String table, StructType expected, StructType actual) {
        List<String> want = describe(expected);
        List<String> got = describe(actual);
        if (!want.equals(got)) {
            throw new IllegalStateException(
                    "Table " + table + " does not match its definition in the catalog: expected " + want + ", got "
                            + got + "; change catalog.Tables (and regenerate docs/reports.md) with the table.");
        }
    }

    private static List<String> describe(StructType s) {
        List<String> out = new ArrayList<>();
        for (StructField f : s.fields()) {
            out.add(f.name() + " " + f.dataType().sql());
        }
        return out;
    }

    /**
     * Fails unless every Parquet file written at {@code written} (one file, or a directory's {@code *.parquet} files,
     * at least one) declares exactly the columns of {@code expected} in this order: name, physical and logical type, and
     * REQUIRED for a NOT NULL column, OPTIONAL for a nullable one. Reads the footers only (no Spark job). The Parquet
     * type of each Spark type is the one {@link ReportWriter} writes, which is also the one Spark writes for these types
     * (with {@code spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS}).
     */
    public static void requireWritten(String table, StructType expected, FileSystem fs, Path written) {
        MessageType want = ReportWriter.parquetSchema(expected);
        try {
            List<FileStatus> files = new ArrayList<>();
            FileStatus status = fs.getFileStatus(written);
            if (status.isFile()) {
                files.add(status);
            } else {
                for (FileStatus f : fs.listStatus(written)) {
                    if (f.isFile() && f.getPath().getName().endsWith(".parquet")) {
                        files.add(f);
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalStateException("Table " + table + " was written with no Parquet file at " + written);
            }
            for (FileStatus f : files) {
                MessageType got;
                try (ParquetFileReader reader = Footers.open(HadoopInputFile.fromStatus(f, conf(fs)), conf(fs))) {
                    got = reader.getFooter().getFileMetaData().getSchema();
                }
                compare(table, f.getPath(), want, got);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the footers of table " + table + " at " + written + " failed", e);
        }
    }

    private static Configuration conf(FileSystem fs) {
        return fs.getConf() == null ? new Configuration() : fs.getConf();
    }

    private static void compare(String table, Path file, MessageType want, MessageType got) {
        int n = Math.max(want.getFieldCount(), got.getFieldCount());
        for (int i = 0; i < n; i++) {
            String expected = i < want.getFieldCount() ? describe(want.getType(i)) : "no column";
            String found = i < got.getFieldCount() ? describe(got.getType(i)) : "no column";
            if (!expected.equals(found)) {
                String column = i < want.getFieldCount()
                        ? want.getType(i).getName()
                        : got.getType(i).getName();
                throw new IllegalStateException("Table " + table + " as written does not match its definition in the "
                        + "catalog: column " + column + " (position " + (i + 1) + ") expected `" + expected
                        + "`, found `"
                        + found + "` in " + file.getName() + "; nothing was published.");
            }
        }
    }

    /** {@code required int64 line_number}, {@code optional binary host_school_name (STRING)}. */
    private static String describe(Type t) {
        return t.toString();
    }
}
