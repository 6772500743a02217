package org.crossenroll.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.UserError;

/**
 * Stages a run's tables in a private directory and publishes them only after the run verified them.
 *
 * <p>Layout: {@code OUT/<table>/run_date=D/} (Hive-style partitions), {@code OUT/_runs/D/manifest.json} and
 * {@code _SUCCESS}, {@code OUT/_runs/latest}. Publishing moves each staged table over its run-date partition by
 * rename (one atomic step per table on HDFS and local disks), keeping the replaced partition aside; if any step fails,
 * every step already taken is undone, so the output is exactly as it was before the run. The run's completion marker
 * and {@code _runs/latest} are written last: they are the commit point, and a reader that wants all tables of one
 * run reads the run date {@code latest} names.
 */
public final class Publisher {
  public static final String RUNS = "_runs";
  public static final String STAGING = "_staging";
  public static final String MANIFEST = "manifest.json";
  public static final String LATEST = "latest";
  public static final String SUCCESS = "_SUCCESS";
  /** The published layer's folder, one table per report in it. */
  public static final String PUBLISHED = org.crossenroll.disclosure.PublishedLayer.DIR;
  private static final String PARTITION = "run_date=";

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;
  private final LocalDate runDate;
  private final Path staging;
  private final List<String> staged = new ArrayList<>();
  private Consumer<String> beforeMove = step -> { };

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

  /** Calls {@code hook} with each table (then "_runs", "latest") just before it is moved into place. For tests. */
  public void beforeEachMove(Consumer<String> hook) {
    this.beforeMove = hook;
  }

  public Path root() {
    return root;
  }

  /** The published directory of a table for this run date. */
  public Path published(String table) {
    return new Path(new Path(root, table), PARTITION + runDate);
  }

  public Path stagedPath(String table) {
    return new Path(staging, table);
  }

  private Path runDir(LocalDate date) {
    return new Path(new Path(root, RUNS), date.toString());
  }

  /** Writes a table into staging as {@code files} Parquet files (at least one, even when empty). */
  public void stage(String table, Dataset<Row> rows, int files) {
    rows.coalesce(Math.max(1, files)).write().mode(SaveMode.Overwrite).parquet(stagedPath(table).toString());
    staged.add(table);
  }

  /** Stages a small report written on the driver as one Parquet file (see {@link ReportWriter}). */
  public void stageReport(String table, StructType schema, List<Row> rows, Map<String, String> metadata) {
    ReportWriter.write(stagedPath(table), schema, rows, metadata, spark.sparkContext().hadoopConfiguration());
    staged.add(table);
  }

  /** Rows in a staged table, read from the Parquet footers: an independent count of what was written. */
  public long stagedRows(String table) {
    return spark.read().parquet(stagedPath(table).toString()).count();
  }

  /** One undoable step of a publish. */
  private record Move(Path from, Path to) {}

  /**
   * Publishes the given staged tables and the manifest. With {@code complete}, also the completion marker and
   * {@code _runs/latest}; without (a run that failed a data check), the run date's completion marker is removed
   * instead, and {@code latest} keeps naming the last complete run. On any failure everything is rolled back.
   */
  public void publish(List<String> tables, byte[] manifest, boolean complete) {
    Deque<Move> done = new ArrayDeque<>();
    Path aside = new Path(staging, "_replaced");
    try {
      fs.mkdirs(aside);
      for (String table : tables) {
        if (!staged.contains(table)) {
          throw new IllegalStateException("Table " + table + " was never staged");
        }
        Path target = published(table);
        fs.mkdirs(target.getParent());
        beforeMove.accept(table);
        if (fs.exists(target)) {
          fs.mkdirs(new Path(aside, table).getParent()); // a table may be nested: published/flows
          move(target, new Path(aside, table), done);
        }
        move(stagedPath(table), target, done);
      }
      Path newRun = new Path(staging, "_run");
      fs.mkdirs(newRun);
      write(new Path(newRun, MANIFEST), manifest);
      if (complete) {
        write(new Path(newRun, SUCCESS), new byte[0]);
      }
      Path runDir = runDir(runDate);
      fs.mkdirs(runDir.getParent());
      beforeMove.accept(RUNS);
      if (fs.exists(runDir)) {
        move(runDir, new Path(aside, RUNS), done);
      }
      move(newRun, runDir, done);
      if (complete) {
        Path latest = new Path(new Path(root, RUNS), LATEST);
        beforeMove.accept(LATEST);
        if (fs.exists(latest)) {
          move(latest, new Path(aside, LATEST), done);
        }
        Path newLatest = new Path(staging, LATEST);
        write(newLatest, (runDate + "\n").getBytes(StandardCharsets.UTF_8));
        move(newLatest, latest, done);
      }
    } catch (IOException | RuntimeException e) {
      rollBack(done);
      discardStaging();
      throw e instanceof IOException io ? new UncheckedIOException("Publishing to " + root + " failed; the output "
          + "was restored as it was", io) : (RuntimeException) e;
    }
    discardStaging();
  }

  private void move(Path from, Path to, Deque<Move> done) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot move " + from + " to " + to);
    }
    done.push(new Move(from, to));
  }

  private void rollBack(Deque<Move> done) {
    while (!done.isEmpty()) {
      Move m = done.pop();
      try {
        fs.rename(m.to(), m.from());
      } catch (IOException e) {
        // Keep undoing the rest: each step restored is one table readers see as before.
      }
    }
  }

  /**
   * Removes every run date older than the last {@code keepDays} days up to this run date (older than
   * runDate - keepDays + 1) from every table and from {@code _runs}. Called only after a successful publish.
   *
   * @return the run dates removed
   */
  public List<LocalDate> removeOlderThan(int keepDays) {
    LocalDate oldestKept = runDate.minusDays(keepDays - 1L);
    List<LocalDate> removed = new ArrayList<>();
    try {
      List<FileStatus> tables = new ArrayList<>();
      for (FileStatus dir : fs.listStatus(root)) {
        if (dir.isDirectory() && dir.getPath().getName().equals(PUBLISHED)) {
          tables.addAll(List.of(fs.listStatus(dir.getPath()))); // the published layer's tables, one level down
        } else {
          tables.add(dir);
        }
      }
      for (FileStatus dir : tables) {
        String name = dir.getPath().getName();
        if (!dir.isDirectory() || name.equals(STAGING)) {
          continue;
        }
        boolean runs = name.equals(RUNS) && dir.getPath().getParent().equals(root);
        for (FileStatus child : fs.listStatus(dir.getPath())) {
          String childName = child.getPath().getName();
          LocalDate date = runs ? parse(childName) : childName.startsWith(PARTITION)
              ? parse(childName.substring(PARTITION.length())) : null;
          if (child.isDirectory() && date != null && date.isBefore(oldestKept)) {
            fs.delete(child.getPath(), true);
            if (!removed.contains(date)) {
              removed.add(date);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Removing run dates before " + oldestKept + " from " + root + " failed", e);
    }
    removed.sort(null);
    return removed;
  }

  private static LocalDate parse(String s) {
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      return null;
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

  /** Writes a small file through a temporary name and a rename, so a reader never sees it half-written. */
  private void write(Path target, byte[] content) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content);
    }
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot move " + tmp + " to " + target);
    }
  }
}
