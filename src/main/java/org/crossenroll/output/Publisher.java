package org.crossenroll.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.UserError;

/**
 * Writes a run's tables to a private staging directory and moves them into place only after the run verified them,
 * so readers see the previous run date's data or the new one, never a half-written directory. Layout:
 * {@code OUT/<table>/run_date=D/} (Hive-style partitions), {@code OUT/_runs/D/manifest.json}, {@code OUT/_runs/latest}.
 */
public final class Publisher {
  public static final String RUNS = "_runs";
  public static final String STAGING = "_staging";
  public static final String MANIFEST = "manifest.json";
  public static final String LATEST = "latest";
  public static final String SUCCESS = "_SUCCESS";

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;
  private final LocalDate runDate;
  private final Path staging;
  private final List<String> staged = new ArrayList<>();

  public Publisher(SparkSession spark, String outputDir, LocalDate runDate) {
    this.spark = spark;
    this.runDate = runDate;
    try {
      Path path = new Path(outputDir);
      this.fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
        throw new UserError("--output " + outputDir + " is a file, not a directory.");
      }
      this.root = fs.makeQualified(path);
    } catch (IOException e) {
      throw new UserError("--output " + outputDir + " cannot be used: " + e.getMessage(), e);
    }
    this.staging = new Path(new Path(root, STAGING), runDate + "-" + UUID.randomUUID());
  }

  public Path root() {
    return root;
  }

  /** The published directory of a table for this run date. */
  public Path published(String table) {
    return new Path(new Path(root, table), "run_date=" + runDate);
  }

  public Path stagedPath(String table) {
    return new Path(staging, table);
  }

  /** Writes a table into staging as {@code files} Parquet files (at least one, even when empty). */
  public void stage(String table, Dataset<Row> rows, int files) {
    rows.coalesce(Math.max(1, files)).write().mode(SaveMode.Overwrite).parquet(stagedPath(table).toString());
    staged.add(table);
  }

  /** Stages a small report written on the driver as one Parquet file (see {@link ReportWriter}). */
  public void stageReport(String table, org.apache.spark.sql.types.StructType schema, java.util.List<Row> rows,
      java.util.Map<String, String> metadata) {
    ReportWriter.write(stagedPath(table), schema, rows, metadata, spark.sparkContext().hadoopConfiguration());
    staged.add(table);
  }

  /** Rows in a staged table, read from the Parquet footers: an independent count of what was written. */
  public long stagedRows(String table) {
    return spark.read().parquet(stagedPath(table).toString()).count();
  }

  /**
   * Moves every staged table into place, replacing this run date's previous data and nothing else, then writes the
   * manifest, the completion marker and {@code _runs/latest}.
   */
  public void publish(byte[] manifest) {
    try {
      Path old = new Path(staging, "_replaced");
      for (String table : staged) {
        Path target = published(table);
        fs.mkdirs(target.getParent());
        if (fs.exists(target)) {
          fs.mkdirs(old);
          rename(target, new Path(old, table));
        }
        rename(stagedPath(table), target);
      }
      Path runDir = new Path(new Path(root, RUNS), runDate.toString());
      fs.mkdirs(runDir);
      write(new Path(runDir, MANIFEST), manifest);
      write(new Path(runDir, SUCCESS), new byte[0]);
      write(new Path(new Path(root, RUNS), LATEST), (runDate + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Publishing to " + root + " failed", e);
    } finally {
      discardStaging();
    }
  }

  /** Removes this run's staging directory; what was published before stays as it was. */
  public void discardStaging() {
    try {
      fs.delete(staging, true);
      Path parent = staging.getParent();
      FileStatus[] left = fs.exists(parent) ? fs.listStatus(parent) : new FileStatus[0];
      if (left.length == 0) {
        fs.delete(parent, false);
      }
    } catch (IOException e) {
      // Staging is private to the run; a leftover is harmless and the next run ignores it.
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot move " + from + " to " + to);
    }
  }

  /** Writes a small file through a temporary name and a rename, so a reader never sees it half-written. */
  private void write(Path target, byte[] content) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content);
    }
    fs.delete(target, false);
    rename(tmp, target);
  }
}
