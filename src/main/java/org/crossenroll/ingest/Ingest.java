package org.crossenroll.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.util.CollectionAccumulator;
import org.crossenroll.UserError;

/**
 * The intake's edge: finds the input files, checks each one's header on the driver (so a bad file stops the run
 * before anything is written), and reads them all into one dataset of {@link RawRecords#SCHEMA}.
 */
public final class Ingest {
  private final SparkSession spark;
  private final Encoding encoding;

  public Ingest(SparkSession spark, Encoding encoding) {
    this.spark = spark;
    this.encoding = encoding;
  }

  /** What discovery found: the files to read and the ones skipped for their extension. */
  public record Discovery(List<InputFile> files, List<String> skipped) {}

  /** Lists the input directory recursively and probes every file. Hidden and underscore files are skipped as Spark does. */
  public Discovery discover(String inputDir) {
    Path root = new Path(inputDir);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<InputFile> files = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      FileStatus status;
      try {
        status = fs.getFileStatus(root);
      } catch (FileNotFoundException e) {
        throw new UserError("Input directory " + inputDir + " does not exist (--input).");
      }
      if (!status.isDirectory()) {
        throw new UserError("--input " + inputDir + " is not a directory.");
      }
      Path qualifiedRoot = status.getPath();
      if ("file".equals(qualifiedRoot.toUri().getScheme())) {
        refuseUnreadableLocalFiles(java.nio.file.Paths.get(qualifiedRoot.toUri()));
      }
      List<LocatedFileStatus> found = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualifiedRoot, true);
      while (it.hasNext()) {
        found.add(it.next());
      }
      found.sort(Comparator.comparing(s -> s.getPath().toString()));
      String prefix = qualifiedRoot.toUri().getPath();
      for (LocatedFileStatus f : found) {
        String relative = f.getPath().toUri().getPath().substring(prefix.length()).replaceFirst("^/+", "");
        if (isHidden(relative)) {
          continue;
        }
        InputFormat format = InputFormat.of(relative).orElse(null);
        if (format == null) {
          skipped.add(relative);
          continue;
        }
        files.add(probe(fs, f, relative, format));
      }
    } catch (IOException e) {
      throw new UserError("Cannot list input directory " + inputDir + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new UserError("Input directory " + inputDir + " holds no .csv, .jsonl, .json or .parquet files.");
    }
    return new Discovery(files, skipped);
  }

  /**
   * Hadoop's local listing silently skips entries it cannot stat (a dangling link, a file removed mid-listing); for
   * a nightly job a data file that cannot be read must stop the run, not vanish from it.
   */
  private static void refuseUnreadableLocalFiles(java.nio.file.Path root) throws IOException {
    try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(root)) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) walk::iterator) {
        String relative = root.relativize(p).toString();
        if (isHidden(relative) || InputFormat.of(relative).isEmpty() || java.nio.file.Files.isDirectory(p)) {
          continue;
        }
        if (!java.nio.file.Files.isRegularFile(p) || !java.nio.file.Files.isReadable(p)) {
          throw new UserError("Input file " + relative + " cannot be read (a dangling link or no permission).");
        }
      }
    }
  }

  private static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private InputFile probe(FileSystem fs, LocatedFileStatus status, String relative, InputFormat format) {
    String uri = status.getPath().toString();
    switch (format) {
      case CSV:
        return probeCsv(fs, status, relative);
      case JSON_LINES:
        checkReadable(fs, status.getPath(), relative);
        return new InputFile(uri, relative, format, status.getLen(), FileParser.JSON_CHARSET, 0, List.of(), List.of());
      default:
        List<String> ignored = new ArrayList<>();
        List<Field> present = new ArrayList<>();
        for (StructField f : parquetSchema(uri, relative).fields()) {
          Field.fromHeader(f.name()).ifPresentOrElse(present::add, () -> ignored.add(f.name()));
        }
        checkHeader(relative, present);
        return new InputFile(uri, relative, format, status.getLen(), null, 0, List.of(), List.copyOf(ignored));
    }
  }

  private org.apache.spark.sql.types.StructType parquetSchema(String uri, String relative) {
    try {
      return spark.read().parquet(uri).schema();
    } catch (Exception e) { // Spark's SparkException is checked in Java's eyes
      throw new UserError("Input file " + relative + " is not a readable Parquet file.", e);
    }
  }

  private static void checkReadable(FileSystem fs, Path path, String relative) {
    try (InputStream in = fs.open(path)) {
      in.read();
    } catch (IOException e) {
      throw new UserError("Input file " + relative + " cannot be read: " + e.getMessage(), e);
    }
  }

  private InputFile probeCsv(FileSystem fs, LocatedFileStatus status, String relative) {
    byte[] sample = new byte[Encoding.SAMPLE_BYTES];
    int length = 0;
    try (InputStream in = fs.open(status.getPath())) {
      int n;
      while (length < sample.length && (n = in.read(sample, length, sample.length - length)) > 0) {
        length += n;
      }
    } catch (IOException e) {
      throw new UserError("Input file " + relative + " cannot be read: " + e.getMessage(), e);
    }
    boolean bom = length >= 3 && (sample[0] & 0xFF) == 0xEF && (sample[1] & 0xFF) == 0xBB && (sample[2] & 0xFF) == 0xBF;
    Charset charset = bom ? StandardCharsets.UTF_8 : encoding.charsetFor(sample, length);
    CsvRecordReader.CsvRecord header;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(new ByteArrayInputStream(sample, 0, length), charset))) {
      header = new CsvRecordReader(reader).next();
    } catch (IOException e) {
      throw new UserError("Input file " + relative + " cannot be read: " + e.getMessage(), e);
    }
    if (header == null || header.isMalformed()) {
      throw new UserError("Input file " + relative + " has no recognisable header row (" + charset.name() + ").");
    }
    List<Field> columns = new ArrayList<>();
    List<Field> present = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String name : header.fields()) {
      Field field = Field.fromHeader(name).orElse(null);
      if (field != null && present.contains(field)) {
        throw new UserError(
            "Input file " + relative + " line " + header.line() + ": two header columns name the field "
                + field.column() + ".");
      }
      columns.add(field);
      if (field == null) {
        ignored.add(name.strip());
      } else {
        present.add(field);
      }
    }
    if (present.isEmpty()) {
      throw new UserError(
          "Input file " + relative + " has no recognisable header row: line " + header.line()
              + " names none of the contract's fields (read as " + charset.name() + ").");
    }
    checkHeader(relative, present);
    return new InputFile(
        status.getPath().toString(), relative, InputFormat.CSV, status.getLen(), charset.name(), header.line(),
        java.util.Collections.unmodifiableList(columns), List.copyOf(ignored));
  }

  /** A header that lacks a required column would quarantine every row: refuse the file instead. */
  private static void checkHeader(String relative, List<Field> present) {
    Set<Field> missing = EnumSet.noneOf(Field.class);
    for (Field f : Field.values()) {
      if (f.required() && !present.contains(f)) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new UserError(
          "Input file " + relative + " has no recognisable header: required columns missing: "
              + missing.stream().map(Field::column).collect(Collectors.joining(", ")) + ".");
    }
  }

  /**
   * Reads every file into one dataset of {@link RawRecords#SCHEMA}. CSV and JSON Lines are parsed by
   * {@link FileParser}, one task per file; Parquet by Spark's reader, its columns renamed to the contract's.
   */
  public Dataset<Row> read(List<InputFile> files, CollectionAccumulator<String> ignoredJsonKeys) {
    List<InputFile> text = files.stream().filter(f -> f.format() != InputFormat.PARQUET).toList();
    Dataset<Row> result = null;
    if (!text.isEmpty()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      // The executors open the files with the job's Hadoop configuration, as discovery did on the driver.
      Broadcast<SerializableHadoopConfiguration> hadoopConf =
          jsc.broadcast(new SerializableHadoopConfiguration(spark.sparkContext().hadoopConfiguration()));
      JavaRDD<Row> rows = jsc.parallelize(text, text.size()).flatMap(new FileParser(ignoredJsonKeys, hadoopConf));
      result = spark.createDataFrame(rows, RawRecords.SCHEMA);
    }
    for (InputFile f : files) {
      if (f.format() == InputFormat.PARQUET) {
        Dataset<Row> parquet = readParquet(f);
        result = result == null ? parquet : result.unionByName(parquet);
      }
    }
    return result;
  }

  private Dataset<Row> readParquet(InputFile file) {
    Dataset<Row> df = spark.read().parquet(file.uri());
    Map<Field, String> byField = new LinkedHashMap<>();
    for (String name : df.columns()) {
      Field.fromHeader(name).ifPresent(f -> byField.put(f, name));
    }
    List<Column> select = new ArrayList<>();
    select.add(lit(file.sourceFile()).as(RawRecords.SOURCE_FILE));
    select.add(col("_metadata.row_index").plus(1).cast("long").as(RawRecords.LINE_NUMBER));
    select.add(lit(null).cast("string").as(RawRecords.MALFORMED));
    for (Field f : RawRecords.FIELDS) {
      String name = byField.get(f);
      select.add((name == null ? lit(null) : col("`" + name + "`")).cast("string").as(f.column()));
    }
    return df.select(select.toArray(new Column[0]));
  }
}
