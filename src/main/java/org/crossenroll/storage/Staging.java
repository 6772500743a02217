package org.crossenroll.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A run's private directory under {@code OUT/_staging/}: every table is written here first, checked, and only then
 * handed to {@link Publisher#commit}. Until then nothing a reader can see has changed.
 */
public final class Staging {
    private final SparkSession spark;
    private final FileSystem fs;
    private final Path dir;
    private final OutputCatalog catalog;
    private final List<String> tables = new ArrayList<>();

    public Staging(SparkSession spark, FileSystem fs, Path dir, OutputCatalog catalog) {
        this.spark = spark;
        this.catalog = catalog;
        this.fs = fs;
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path path(String table) {
        return new Path(dir, table);
    }

    /** The tables staged so far, in order. */
    public List<String> tables() {
        return List.copyOf(tables);
    }

    /**
     * Writes a table as {@code files} Parquet files (at least one, even when empty). A table the catalog defines is
     * checked before writing (names and types), written with the definition's nullability ({@link Nullability}: a null
     * in a NOT NULL column fails the write), and checked again in the footers written ({@link Schemas#requireWritten}).
     */
    public void stage(String table, Dataset<Row> rows, int files) {
        java.util.Optional<StructType> expected = catalog.schema(table);
        Dataset<Row> toWrite = rows;
        if (expected.isPresent()) {
            Schemas.requireSame(table, expected.get(), rows.schema());
            toWrite = Nullability.conform(table, rows, expected.get());
        }
        try {
            toWrite.coalesce(Math.max(1, files))
                    .write()
                    .mode(SaveMode.Overwrite)
                    .parquet(path(table).toString());
        } catch (RuntimeException e) {
            java.util.Optional<String> violation = Nullability.violation(e);
            if (violation.isEmpty()) {
                throw e;
            }
            deleteQuietly(table, e);
            throw new IllegalStateException(violation.get(), e);
        }
        expected.ifPresent(schema -> requireWritten(table, schema));
        tables.add(table);
    }

    /**
     * Stages a small report written on the driver as one Parquet file (see {@link ReportWriter}). A table the catalog
     * defines is written with the definition's schema, nullability included (its names and types must be those of
     * {@code schema}), and its footer checked after writing.
     */
    public void stageReport(String table, StructType schema, List<Row> rows, Map<String, String> metadata) {
        java.util.Optional<StructType> expected = catalog.schema(table);
        expected.ifPresent(e -> Schemas.requireSame(table, e, schema));
        ReportWriter.write(
                path(table),
                expected.orElse(schema),
                rows,
                metadata,
                spark.sparkContext().hadoopConfiguration());
        expected.ifPresent(e -> requireWritten(table, e));
        tables.add(table);
    }

    /** The footers written for {@code table} say what its definition says; else the table is removed and refused. */
    private void requireWritten(String table, StructType expected) {
        try {
            Schemas.requireWritten(table, expected, fs, path(table));
        } catch (RuntimeException e) {
            deleteQuietly(table, e);
            throw e;
        }
    }

    private void deleteQuietly(String table, Throwable failure) {
        try {
            fs.delete(path(table), true);
        } catch (IOException again) {
            failure.addSuppressed(again);
        }
    }

    /** Rows in a staged table, read from the Parquet footers: an independent count of what was written. */
    public long rows(String table) {
        return rowCounts(List.of(table)).get(table);
    }

    /**
     * A staged table the catalog defines, read with its definition's schema: the footers were checked against it when
     * it was staged, so Spark need not run a job to infer it.
     */
    public Dataset<Row> read(String table) {
        StructType schema = catalog.schema(table)
                .orElseThrow(() -> new IllegalArgumentException(table + " is not a table of the catalog"));
        return spark.read().schema(schema).parquet(path(table).toString());
    }

    /**
     * Rows per staged table, summed from its Parquet footers (no Spark job): what the runs table reports per table.
     */
    public Map<String, Long> rowCounts(List<String> names) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        try {
            for (String table : names) {
                long rows = 0;
                for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(path(table))) {
                    if (f.getPath().getName().endsWith(".parquet")) {
                        try (org.apache.parquet.hadoop.ParquetFileReader reader = Footers.open(
                                org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(f, fs.getConf()),
                                fs.getConf())) {
                            rows += reader.getRecordCount();
                        }
                    }
                }
                counts.put(table, rows);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Counting the rows staged in " + dir + " failed", e);
        }
        return counts;
    }

    /** Removes the staging directory of a run that will not publish; what was published before stays as it was. */
    public void discard() {
        try {
            fs.delete(dir, true);
            Path parent = dir.getParent();
            if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
                fs.delete(parent, false);
            }
        } catch (IOException e) {
            // The next run (or crossenroll recover) removes staging leftovers under the lock.
        }
    }
}
