package org.crossenroll;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.crossenroll.ingest.Ingest;
import org.crossenroll.ingest.InputFile;
import org.crossenroll.output.Publisher;
import org.crossenroll.output.ReportWriter;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.disclosure.PublishedLayer;
import org.crossenroll.reference.Pairings;
import org.crossenroll.reference.Regions;
import org.crossenroll.reference.Schemes;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportChecks;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.report.Reports;
import org.crossenroll.validate.Outcomes;
import org.crossenroll.validate.ReasonCode;
import org.crossenroll.validate.Supersession;
import org.crossenroll.validate.Validation;

/**
 * One nightly run: ingest, pseudonymize, validate, supersede, write, verify, publish. I/O happens here and in the
 * ingest and output packages; everything between is a pure Dataset-to-Dataset step.
 */
public final class CrossEnrollJob {
  public static final String ENROLLMENTS_CLEAN = "enrollments_clean";
  public static final String QUARANTINE = "quarantine";
  public static final String DATA_QUALITY = "data_quality";
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  /** Rows per output Parquet file: large enough for few files, small enough to write in parallel. */
  static final long ROWS_PER_FILE = 2_000_000;

  private final SparkSession spark;
  private final PrintStream progress;
  /** For tests of the identity check only: a way to lose rows between classification and the write. */
  UnaryOperator<Dataset<Row>> cleanRowsHook = UnaryOperator.identity();
  /** For tests of the publish rollback only: called before each table is moved into place. */
  java.util.function.Consumer<String> publishStepHook = step -> { };

  public CrossEnrollJob(SparkSession spark, PrintStream progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Settings the job's output depends on, applied to whatever session it is given (spark-submit's or a test's). */
  public static void configure(SparkSession spark) {
    spark.conf().set("spark.sql.session.timeZone", CHINA.getId());
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // Let adaptive execution shrink the partitions of persisted datasets too: otherwise every step after a cached
    // shuffle runs spark.sql.shuffle.partitions tasks, however small the data.
    spark.conf().set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true");
    // The persisted rows are read three or four times and then dropped: compressing the cache cost more CPU
    // (about a tenth of the intake in profiles) than it saved.
    spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
  }

  /** What a run did, for the CLI's summary and for tests. */
  public record Summary(
      long rowsRead, long accepted, long superseded, long quarantined, Map<String, Long> quarantinedByReason,
      String output) {}

  public Summary run(JobConfig config) {
    Instant startedAt = Instant.now();
    configure(spark);
    long t0 = System.nanoTime();
    Regions regions = Regions.load(config.regionsDir(), spark.sparkContext().hadoopConfiguration());
    List<Row> pairings = Pairings.load(config.pairingsFile(), regions, spark.sparkContext().hadoopConfiguration());
    List<String> schemes = Schemes.load(config.schemesFile(), spark.sparkContext().hadoopConfiguration());
    Ingest ingest = new Ingest(spark, config.encoding());
    Ingest.Discovery discovery = ingest.discover(config.inputDir());
    Publisher publisher = new Publisher(spark, config.outputDir(), config.runDate());
    publisher.beforeEachMove(publishStepHook);
    stage("checked", discovery.files().size() + " input files, " + regions.counties().size() + " counties", t0);
    for (String skipped : discovery.skipped()) {
      progress.println("[crossenroll] warning: skipped " + skipped + " (not .csv, .jsonl, .json or .parquet)");
    }
    discovery.sameFiles().forEach((link, read) -> progress.println(
        "[crossenroll] warning: " + link + " is the same file as " + read + ", read once as " + read));
    for (InputFile f : discovery.files()) {
      if (!f.ignoredColumns().isEmpty()) {
        progress.println("[crossenroll] warning: " + f.sourceFile() + ": ignored columns " + f.ignoredColumns());
      }
    }

    Dataset<Row> classified = null;
    try {
      CollectionAccumulator<String> ignoredKeys = spark.sparkContext().collectionAccumulator("ignoredJsonKeys");
      Dataset<Row> raw = ingest.read(discovery.files(), ignoredKeys);
      Dataset<Row> pseudonymized = Pseudonymizer.apply(raw, config.key());
      Dataset<Row> validated =
          Validation.validate(pseudonymized, regions.countiesDataset(spark), config.runDate(), schemes);
      classified = Supersession.classify(validated).persist(StorageLevel.MEMORY_AND_DISK());

      long t1 = System.nanoTime();
      Map<String, Row> perFile = new TreeMap<>();
      List<Row> perFileRows;
      try { // the first action: every input file is read here
        perFileRows = Outcomes.dataQuality(classified).collectAsList();
      } catch (Exception e) {
        Optional<UserError> unreadable = Ingest.unreadableFile(e, discovery.files());
        if (unreadable.isPresent()) {
          throw unreadable.get();
        }
        throw e;
      }
      for (Row r : perFileRows) {
        perFile.put(r.getString(0), r);
      }
      List<Row> dq = new ArrayList<>();
      for (InputFile f : discovery.files()) {
        Row r = perFile.get(f.sourceFile());
        dq.add(r != null ? r : zeroRow(f.sourceFile()));
      }
      long rowsRead = sum(dq, "rows_read");
      long superseded = sum(dq, Supersession.SUPERSEDED);
      long accepted = sum(dq, Supersession.ACCEPTED);
      long quarantined = sum(dq, Supersession.QUARANTINED);
      stage("validated", rowsRead + " rows read", t1);

      long t2 = System.nanoTime();
      publisher.stage(ENROLLMENTS_CLEAN, cleanRowsHook.apply(Outcomes.clean(classified)), files(accepted));
      publisher.stage(QUARANTINE, Outcomes.quarantine(classified), files(quarantined));
      publisher.stage(DATA_QUALITY, spark.createDataFrame(dq, Outcomes.DATA_QUALITY_SCHEMA), 1);
      stage("written", accepted + " accepted, " + quarantined + " quarantined", t2);

      // The identity, from what was actually written, not from the counts the rows were written by.
      long writtenAccepted = publisher.stagedRows(ENROLLMENTS_CLEAN);
      long writtenQuarantined = publisher.stagedRows(QUARANTINE);
      if (rowsRead != writtenAccepted + superseded + writtenQuarantined) {
        throw new IllegalStateException(String.format(
            "Row identity failed: %d rows read but %d accepted + %d superseded + %d quarantined written; nothing "
                + "was published.", rowsRead, writtenAccepted, superseded, writtenQuarantined));
      }
      Map<String, Long> byReason = new LinkedHashMap<>();
      for (ReasonCode reason : ReasonCode.values()) {
        byReason.put(reason.name(), sum(dq, Outcomes.column(reason)));
      }
      Summary summary = new Summary(rowsRead, writtenAccepted, superseded, writtenQuarantined, byReason,
          publisher.root().toString());
      Map<String, Object> manifest = manifest(config, startedAt, discovery, dq, summary, ignoredKeys.value());
      double fraction = rowsRead == 0 ? 0 : (double) writtenQuarantined / rowsRead;
      manifest.put("quarantined_fraction", fraction);
      manifest.put("max_quarantined_fraction", config.maxQuarantinedFraction());
      if (fraction > config.maxQuarantinedFraction()) {
        String message = String.format(java.util.Locale.ROOT, "%.1f%% of the rows read were quarantined (%d of %d), "
            + "above --max-quarantined-fraction %s: no reports published for %s; see %s and %s.", 100 * fraction,
            writtenQuarantined, rowsRead, config.maxQuarantinedFraction(), config.runDate(),
            publisher.published(QUARANTINE), publisher.published(DATA_QUALITY));
        manifest.put("status", "failed: quarantined fraction above the maximum");
        manifest.put("published_tables", List.of(QUARANTINE, DATA_QUALITY));
        manifest.put("finished_at", Instant.now().atZone(CHINA).toOffsetDateTime().toString());
        publisher.publish(List.of(QUARANTINE, DATA_QUALITY), json(manifest), false);
        throw new DataCheckFailed(message);
      }

      long t3 = System.nanoTime();
      // Reports start from the staged enrollments_clean: the same rows, but a plan of one file scan instead of the
      // whole intake, which Spark would otherwise re-analyse for each of the reports' twenty aggregations.
      Dataset<Row> staged = spark.read().parquet(publisher.stagedPath(ENROLLMENTS_CLEAN).toString());
      stageReports(publisher, staged, pairings, config, manifest);
      Map<?, ?> layer = (Map<?, ?>) manifest.get("published_layer");
      stage("reports", manifest.get("report_rows") + ", published layer withheld cells " + layer.get("withheld_cells")
          + " (protected and audited in " + layer.get("seconds") + " s)", t3);

      List<String> tables = new ArrayList<>(List.of(ENROLLMENTS_CLEAN, QUARANTINE, DATA_QUALITY));
      for (Report r : Report.values()) {
        tables.add(r.table());
      }
      for (Report r : Report.values()) {
        tables.add(publishedTable(r));
      }
      manifest.put("status", "published");
      manifest.put("published_tables", tables);
      manifest.put("finished_at", Instant.now().atZone(CHINA).toOffsetDateTime().toString());
      long t4 = System.nanoTime();
      publisher.publish(tables, json(manifest), true);
      stage("published", tables.size() + " tables for " + config.runDate(), t4);
      if (config.keepDays() != null) {
        List<java.time.LocalDate> removed = publisher.removeOlderThan(config.keepDays());
        progress.println("[crossenroll] retention: kept " + config.keepDays() + " days up to " + config.runDate()
            + ", removed " + (removed.isEmpty() ? "nothing" : "run dates " + removed));
      }
      return summary;
    } catch (RuntimeException e) {
      publisher.discardStaging(); // a no-op after publish, which cleans up itself
      throw e;
    } finally {
      if (classified != null) {
        classified.unpersist();
      }
    }
  }

  /** The published layer's table of a report, under {@code OUT/published/}. */
  static String publishedTable(Report report) {
    return PublishedLayer.DIR + "/" + report.table();
  }

  /**
   * Builds every report, checks their totals agree, stages each as one Parquet file, then stages its audited
   * published layer; records rows per report and the published layer in the manifest.
   */
  private void stageReports(Publisher publisher, Dataset<Row> accepted, List<Row> pairingRows, JobConfig config,
      Map<String, Object> manifest) {
    Dataset<Row> fine = Reports.fineGrain(accepted).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<Report, Dataset<Row>> reports = Reports.all(fine, Pairings.dataset(spark, pairingRows));
      // every column described (identity, count, rate, ...) before any is written: a new one cannot slip through
      reports.forEach((report, ds) -> ReportSpec.of(report).check(ds.schema()));
      Map<Report, List<Row>> rows = new LinkedHashMap<>();
      reports.forEach((report, ds) -> rows.put(report, ds.collectAsList()));
      List<Row> units = Reports.units(fine).collectAsList();
      ReportChecks.crossTotals(rows.get(Report.FLOWS), rows.get(Report.ORIGIN_SUMMARY),
          rows.get(Report.HOST_SUMMARY));
      // Protected together, since a reader combines the reports; throws, and so publishes nothing, if the audit
      // finds a count that could identify a child.
      Map<Report, PublishedLayer.Table> tables = new LinkedHashMap<>();
      reports.forEach((report, ds) -> tables.put(report, new PublishedLayer.Table(ds.schema(), rows.get(report))));
      long started = System.nanoTime();
      PublishedLayer.Layers layers = PublishedLayer.build(tables, units, config.minCellCount());
      double layerSeconds = (System.nanoTime() - started) / 1e9;
      Map<String, Object> counts = new LinkedHashMap<>();
      Map<String, Object> withheld = new LinkedHashMap<>();
      reports.forEach((report, ds) -> {
        Map<String, String> metadata =
            ReportWriter.metadata(report.table(), Report.SCHEMA_VERSION, config.runDate(), version());
        publisher.stageReport(report.table(), ds.schema(), rows.get(report), metadata);
        counts.put(report.table(), rows.get(report).size());
        PublishedLayer.Layer layer = layers.byReport().get(report);
        Map<String, String> publishedMetadata = new LinkedHashMap<>(metadata);
        publishedMetadata.put(ReportWriter.KEY_MIN_CELL_COUNT, String.valueOf(config.minCellCount()));
        publisher.stageReport(publishedTable(report), layer.schema(), layer.rows(), publishedMetadata);
        withheld.put(report.table(), layer.withheldCells());
      });
      manifest.put("report_rows", counts);
      Map<String, Object> published = new LinkedHashMap<>();
      published.put("min_cell_count", config.minCellCount());
      published.put("withheld_cells", withheld);
      published.put("audit", layers.audit());
      published.put("seconds", Math.round(layerSeconds * 10) / 10.0);
      manifest.put("published_layer", published);
    } finally {
      fine.unpersist();
    }
  }

  private static int files(long rows) {
    return (int) Math.max(1, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
  }

  private static Row zeroRow(String sourceFile) {
    Object[] values = new Object[Outcomes.DATA_QUALITY_SCHEMA.size()];
    values[0] = sourceFile;
    for (int i = 1; i < values.length; i++) {
      values[i] = 0L;
    }
    return RowFactory.create(values);
  }

  private static long sum(List<Row> rows, String column) {
    long total = 0;
    for (Row r : rows) {
      total += r.getLong(r.fieldIndex(column));
    }
    return total;
  }

  private void stage(String name, String what, long startNanos) {
    progress.printf("[crossenroll] %-10s %s (%.1f s)%n", name, what, (System.nanoTime() - startNanos) / 1e9);
  }

  private Map<String, Object> manifest(JobConfig config, Instant startedAt, Ingest.Discovery discovery, List<Row> dq,
      Summary summary, List<String> ignoredJsonKeys) {
    Map<String, List<String>> ignoredByFile = new TreeMap<>();
    for (InputFile f : discovery.files()) {
      ignoredByFile.put(f.sourceFile(), new ArrayList<>(f.ignoredColumns()));
    }
    for (String entry : new java.util.TreeSet<>(ignoredJsonKeys)) {
      int tab = entry.indexOf('\t');
      List<String> keys = ignoredByFile.get(entry.substring(0, tab));
      if (keys != null && !keys.contains(entry.substring(tab + 1))) {
        keys.add(entry.substring(tab + 1));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_date", config.runDate().toString());
    m.put("started_at", startedAt.atZone(CHINA).toOffsetDateTime().toString());
    m.put("finished_at", null); // set when the run is about to publish
    m.put("status", null);
    m.put("code_version", version());
    m.put("spark_version", spark.version());
    m.put("input_dir", config.inputDir());
    m.put("regions_dir", config.regionsDir());
    m.put("encoding", config.encoding().option());
    m.put("pseudonym_key_fingerprint", config.key().fingerprint());
    List<Map<String, Object>> files = new ArrayList<>();
    for (int i = 0; i < discovery.files().size(); i++) {
      InputFile f = discovery.files().get(i);
      Row r = dq.get(i);
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("source_file", f.sourceFile());
      file.put("format", f.format().name().toLowerCase(java.util.Locale.ROOT));
      file.put("size_bytes", f.sizeBytes());
      if (f.charset() != null) {
        file.put("encoding", f.charset());
      }
      file.put("rows_read", r.getLong(1));
      file.put("ignored_columns", ignoredByFile.get(f.sourceFile()));
      files.add(file);
    }
    m.put("input_files", files);
    m.put("skipped_files", discovery.skipped());
    m.put("same_files_read_once", discovery.sameFiles());
    m.put("rows_read", summary.rowsRead());
    m.put("accepted", summary.accepted());
    m.put("superseded", summary.superseded());
    m.put("quarantined", summary.quarantined());
    m.put("quarantined_by_reason", summary.quarantinedByReason());
    m.put("identity_check", "rows_read = accepted + superseded + quarantined: passed");
    m.put("pairings", config.pairingsFile());
    m.put("schemes", config.schemesFile());
    m.put("report_schema_version", Report.SCHEMA_VERSION);
    m.put("cross_report_check", "students per intake year agree in flows, origin_summary, host_summary: passed");
    return m;
  }

  private static byte[] json(Map<String, Object> manifest) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The project version Maven wrote into the jar. */
  public static String version() {
    try (InputStream in = CrossEnrollJob.class.getResourceAsStream("/crossenroll-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
