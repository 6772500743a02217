package org.crossenroll.job;

import org.crossenroll.catalog.Tables;
import org.crossenroll.base.BuildInfo;

import org.crossenroll.base.DataCheckFailed;
import org.crossenroll.base.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
import org.crossenroll.monitor.Anomalies;
import org.crossenroll.monitor.Completeness;
import org.crossenroll.monitor.ExpectedSubmitters;
import org.crossenroll.monitor.Metrics;
import org.crossenroll.monitor.Monitor;
import org.crossenroll.storage.NioLocalFileSystem;
import org.crossenroll.storage.PublishSteps;
import org.crossenroll.storage.Publisher;
import org.crossenroll.storage.RunLock;
import org.crossenroll.job.RunManifest;
import org.crossenroll.storage.Staging;
import org.crossenroll.storage.ReportWriter;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.disclosure.PublishedLayer;
import org.crossenroll.reference.Pairings;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.reference.SchoolRegistry;
import org.crossenroll.reference.Schemes;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportChecks;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.report.Reports;
import org.crossenroll.validate.Outcomes;
import org.crossenroll.validate.ReasonCode;
import org.crossenroll.validate.SchoolNames;
import org.crossenroll.validate.RecordClassifier;
import org.crossenroll.validate.Supersession;
import org.crossenroll.validate.Validation;

/**
 * One nightly run: ingest, pseudonymize, validate, supersede, write, verify, publish. I/O happens here and in the
 * ingest and output packages; everything between is a pure Dataset-to-Dataset step.
 */
public final class CrossEnrollJob {
  /** Rows per output Parquet file: large enough for few files, small enough to write in parallel. */
  static final long ROWS_PER_FILE = 2_000_000;

  private final SparkSession spark;
  private final PrintStream progress;
  private final Hooks hooks;

  /**
   * Ways for tests to break a run on purpose: lose rows right after reading or between classification and the write
   * (the row identity must catch both), act before a publish step (fail, or stop the JVM there), or change the
   * published layer before its audit (which must then refuse it). No production entry point takes them: the test
   * seam is {@link #TEST_HOOKS}.
   */
  public record Hooks(UnaryOperator<Dataset<Row>> readRows, UnaryOperator<Dataset<Row>> cleanRows,
      PublishSteps publishSteps, UnaryOperator<Map<Report, List<Row>>> publishedLayer) {
    public static final Hooks NONE = new Hooks(UnaryOperator.identity(), UnaryOperator.identity(), PublishSteps.NONE,
        UnaryOperator.identity());

    public Hooks withReadRows(UnaryOperator<Dataset<Row>> hook) {
      return new Hooks(hook, cleanRows, publishSteps, publishedLayer);
    }

    public Hooks withCleanRows(UnaryOperator<Dataset<Row>> hook) {
      return new Hooks(readRows, hook, publishSteps, publishedLayer);
    }

    public Hooks withPublishSteps(PublishSteps hook) {
      return new Hooks(readRows, cleanRows, hook, publishedLayer);
    }

    /** Changes the published layer's rows before their audit (to make the audit refuse them). */
    public Hooks withPublishedLayer(UnaryOperator<Map<Report, List<Row>>> hook) {
      return new Hooks(readRows, cleanRows, publishSteps, hook);
    }
  }

  /**
   * The test seam, and the only way hooks reach a job: a job takes the hooks its constructing thread has here
   * ({@link Hooks#NONE} unless set). Package-private, set only by the test sources' {@code job.TestHooks} around the
   * code that builds the job (directly, or through {@code CrossEnroll.execute}, which runs on the calling thread);
   * per thread, since test classes run side by side in one JVM.
   */
  static final ThreadLocal<Hooks> TEST_HOOKS = ThreadLocal.withInitial(() -> Hooks.NONE);

  public CrossEnrollJob(SparkSession spark, PrintStream progress) {
    this.spark = spark;
    this.progress = progress;
    this.hooks = TEST_HOOKS.get();
  }

  /** Settings the job's output depends on, applied to whatever session it is given (spark-submit's or a test's). */
  public static void configure(SparkSession spark) {
    spark.conf().set("spark.sql.session.timeZone", BuildInfo.CHINA.getId());
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // Let adaptive execution shrink the partitions of persisted datasets too: otherwise every step after a cached
    // shuffle runs spark.sql.shuffle.partitions tasks, however small the data.
    spark.conf().set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true");
    // The persisted rows are read three or four times and then dropped: compressing the cache cost more CPU
    // (about a tenth of the intake in profiles) than it saved.
    spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    // The intake's stage (about a hundred expressions) generated a 63 KB processNext: under Spark's 64 KB limit, but
    // HotSpot compiles no method over 8,000 bytes, so it ran interpreted on every row. 8000 is the value Spark's
    // documentation recommends on HotSpot: such a stage runs as compiled expressions instead.
    spark.conf().set("spark.sql.codegen.hugeMethodLimit", "8000");
    NioLocalFileSystem.use(spark);
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
    RegionResolution resolution = RegionResolution.of(regions, Validation.EARLIEST_INTAKE.getYear());
    List<Row> pairings = Pairings.load(config.pairingsFile(), regions, spark.sparkContext().hadoopConfiguration());
    List<String> schemes = Schemes.load(config.schemesFile(), spark.sparkContext().hadoopConfiguration());
    List<Completeness.Expected> expected = config.expectedSubmittersFile() == null ? null
        : ExpectedSubmitters.load(config.expectedSubmittersFile(), regions, spark.sparkContext().hadoopConfiguration());
    Map<String, String> registry = config.schoolsFile() == null ? Map.of()
        : SchoolRegistry.load(config.schoolsFile(), spark.sparkContext().hadoopConfiguration());
    Ingest ingest = new Ingest(spark, config.encoding());
    Ingest.Discovery discovery = ingest.discover(config.inputDir());
    Publisher publisher =
        Publisher.open(config.outputDir(), spark.sparkContext().hadoopConfiguration(), hooks.publishSteps(),
            Tables.CATALOG);
    Staging staging = null;
    try (RunLock lock = RunLock.acquire(publisher.fileSystem(), publisher.lockFile(), config.runDate().toString(),
        progress)) {
      recover(publisher, progress);
      // which pairings (and how many targets) the run follows: a target applied silently misleads pairing_progress
      stage("checked", discovery.files().size() + " input files, " + describe(regions, resolution) + "; pairings "
          + config.pairingsFile() + ": " + pairings.size() + ", " + Pairings.withTarget(pairings)
          + " with a target_students" + (config.schoolsFile() == null ? ""
              : "; school registry " + config.schoolsFile() + ": " + registry.size() + " schools"), t0);
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
      staging = new Staging(spark, publisher.fileSystem(), publisher.newStaging(config.runDate()), Tables.CATALOG);
      return run(config, startedAt, regions, resolution, pairings, schemes, expected, registry, ingest, discovery,
          publisher, staging);
    } catch (Throwable e) {
      if (staging != null) {
        staging.discard(); // a no-op after a commit, which removes it itself
      }
      publisher.removeEmptyDirectories(); // a failed first run leaves no empty output behind
      throw e;
    }
  }

  /**
   * Finishes whatever an earlier run left (an interrupted commit, staging directories of runs that died) and says
   * so. Every run calls it under the lock before anything else; so does {@code crossenroll recover}.
   */
  public static void recover(Publisher publisher, PrintStream progress) {
    Publisher.Recovery recovery = publisher.recover();
    if (recovery != Publisher.Recovery.NOTHING) {
      progress.println("[crossenroll] recovered an interrupted publish in " + publisher.root() + ": "
          + (recovery == Publisher.Recovery.ROLLED_BACK ? "it had not reached its commit point; discarded it, "
              + "every table is as it was"
              : "it had committed; finished it"));
    }
    try {
      int leftovers = publisher.removeLeftovers(null);
      if (leftovers > 0) {
        progress.println("[crossenroll] removed " + leftovers + " staging leftovers of runs that did not finish");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Removing staging leftovers in " + publisher.root() + " failed", e);
    }
  }

  /** The reference as the progress line names it: its size, vintage and what its code history adds. */
  private static String describe(Regions regions, RegionResolution resolution) {
    return regions.counties().size() + " counties and " + regions.zones().size() + " stats-only zones of the "
        + (regions.vintage() != null ? regions.vintage() + " " : "") + "region reference, "
        + (regions.history().rows() == 0 ? "no code history"
            : resolution.codesByKind().values().stream().mapToInt(Integer::intValue).sum()
                + " other codes through its code history");
  }

  private Summary run(JobConfig config, Instant startedAt, Regions regions, RegionResolution resolution,
      List<Row> pairings, List<String> schemes, List<Completeness.Expected> expected, Map<String, String> registry,
      Ingest ingest, Ingest.Discovery discovery, Publisher publisher, Staging staging) {
    Dataset<Row> classified = null;
    try {
      // Each row is pseudonymized, typed, resolved and checked in plain Java as it is read (RecordClassifier: the
      // output of Validation.validate, which Spark would evaluate as ~100 generated expressions per row).
      RecordClassifier classifier = new RecordClassifier(resolution.table(), config.runDate(), schemes,
          Pseudonymizer.hasher(config.key()));
      Ingest.Reading reading = ingest.read(discovery.files(), classifier::classify, RecordClassifier.SCHEMA);
      Dataset<Row> validated = hooks.readRows().apply(reading.rows());
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
      // Rows read, counted where they were read (the parser, the Parquet footers), not after the joins: a row lost
      // between reading and classification fails the identity below instead of vanishing from both sides.
      Map<String, Long> readAtSource = reading.rowsRead();
      for (int i = 0; i < discovery.files().size(); i++) {
        String file = discovery.files().get(i).sourceFile();
        long classifiedRows = dq.get(i).getLong(Outcomes.DATA_QUALITY_SCHEMA.fieldIndex("rows_read"));
        if (!Long.valueOf(classifiedRows).equals(readAtSource.get(file))) {
          throw new IllegalStateException("Row identity failed: " + file + " has " + readAtSource.get(file)
              + " rows where it was read but " + classifiedRows + " were classified; nothing was published.");
        }
      }
      long rowsRead = readAtSource.values().stream().mapToLong(Long::longValue).sum();
      long superseded = sum(dq, Supersession.SUPERSEDED);
      long accepted = sum(dq, Supersession.ACCEPTED);
      long quarantined = sum(dq, Supersession.QUARANTINED);
      stage("validated", rowsRead + " rows read", t1);

      long t2 = System.nanoTime();
      // Each school's one name, for every table that names it: one row cannot rename a school.
      Map<String, String> schoolNames =
          SchoolNames.withRegistry(SchoolNames.choose(SchoolNames.candidates(classified)), registry);
      staging.stage(Tables.ENROLLMENTS_CLEAN_TABLE, hooks.cleanRows().apply(
          Outcomes.clean(classified, SchoolNames.dataset(spark, schoolNames))), files(accepted));
      staging.stage(Tables.QUARANTINE_TABLE, Outcomes.quarantine(classified), files(quarantined));
      staging.stage(Tables.DATA_QUALITY_TABLE, spark.createDataFrame(dq, Outcomes.DATA_QUALITY_SCHEMA), 1);
      stage("written", accepted + " accepted, " + quarantined + " quarantined", t2);

      // The identity, from what was actually written, not from the counts the rows were written by.
      long writtenAccepted = staging.rows(Tables.ENROLLMENTS_CLEAN_TABLE);
      long writtenQuarantined = staging.rows(Tables.QUARANTINE_TABLE);
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
      RunManifest.Builder manifest =
          manifest(config, startedAt, discovery, dq, summary, reading.ignoredJsonKeys().value());
      Map<RegionResolution.Kind, Long> resolvedRows = new java.util.EnumMap<>(RegionResolution.Kind.class);
      for (RegionResolution.Kind kind : RegionResolution.Kind.values()) {
        resolvedRows.put(kind, sum(dq, kind.column()));
      }
      manifest.references(new RunManifest.PairingsEntry(pairings.size(), Pairings.withTarget(pairings)),
          config.schoolsFile() == null ? null : new RunManifest.SchoolsEntry(config.schoolsFile(), registry.size()),
          new RunManifest.RegionReferenceEntry(regions.vintage(), regions.provinces().size(),
              regions.prefectures().size(), regions.counties().size(), regions.zones().size(),
              regions.history().rows(), byKindName(resolution.codesByKind())),
          byKindName(resolvedRows));
      manifest.check(RunManifest.CheckName.IDENTITY, RunManifest.Check.passed(
          "rows_read (counted where read: parser and Parquet footers) = accepted + superseded + quarantined "
              + "(counted from the tables as written), per file and in total"));
      long tm = System.nanoTime();
      Monitor.Result monitoring = Monitor.run(spark, publisher, classified,
          discovery.files().stream().map(InputFile::sourceFile).toList(), config.runDate(), config.expectFromDays(),
          expected, schoolNames);
      stageMonitoring(staging, monitoring, config);
      for (Anomalies.Anomaly a : monitoring.anomalies()) {
        progress.println("[crossenroll] anomaly    " + a.describe());
      }
      manifest.monitoring(new RunManifest.MonitoringEntry(
          monitoring.historyNights().stream().map(java.time.LocalDate::toString).toList(), config.expectFromDays(),
          config.expectedSubmittersFile() == null ? "history" : config.expectedSubmittersFile(),
          monitoring.expected(), monitoring.missing(), monitoring.anomaliesBySeverity(), config.failOnAnomaly()));
      stage("monitored", monitoring.summary(), tm);

      double fraction = rowsRead == 0 ? 0 : (double) writtenQuarantined / rowsRead;
      manifest.quarantinedFraction(fraction);
      if (fraction > config.maxQuarantinedFraction()) {
        String message = String.format(java.util.Locale.ROOT, "%.1f%% of the rows read were quarantined (%d of %d), "
            + "above --max-quarantined-fraction %s: no reports published for %s; see %s and %s.", 100 * fraction,
            writtenQuarantined, rowsRead, config.maxQuarantinedFraction(), config.runDate(),
            publisher.published(Tables.QUARANTINE_TABLE, config.runDate()), publisher.published(Tables.DATA_QUALITY_TABLE, config.runDate()));
        throw failDataCheck(manifest, RunManifest.Status.FAILED_QUARANTINE,
            "no reports were built: the quarantined fraction is above the maximum", message, publisher, staging,
            config);
      }
      if (config.failOnAnomaly() && monitoring.severe() > 0) {
        String message = String.format(java.util.Locale.ROOT, "%d severe anomalies on %s with --fail-on-anomaly: no "
            + "reports published; see %s and %s.", monitoring.severe(), config.runDate(),
            publisher.published(Anomalies.TABLE, config.runDate()),
            publisher.published(Completeness.TABLE, config.runDate()));
        throw failDataCheck(manifest, RunManifest.Status.FAILED_ANOMALY,
            "no reports were built: severe anomalies with --fail-on-anomaly", message, publisher, staging, config);
      }

      long t3 = System.nanoTime();
      // Reports start from the staged enrollments_clean: the same rows, but a plan of one file scan instead of the
      // whole intake, which Spark would otherwise re-analyse for each of the reports' twenty aggregations.
      Dataset<Row> staged = spark.read().parquet(staging.path(Tables.ENROLLMENTS_CLEAN_TABLE).toString());
      StagedReports stagedReports;
      try {
        stagedReports =
            stageReports(staging, staged, pairings, regions, SchoolNames.shared(schoolNames), config, manifest);
      } catch (PublishedLayer.NotProven e) {
        // the data, not the job: publish the diagnosis, keep the cause, leave `latest` on the last good night
        manifest.check(RunManifest.CheckName.DISCLOSURE_AUDIT, RunManifest.Check.failed(e.getMessage()));
        String message = "no reports published for " + config.runDate() + ": " + e.getMessage() + " (kept in "
            + new org.apache.hadoop.fs.Path(publisher.runDir(config.runDate()), Publisher.MANIFEST) + ").";
        throw failDataCheck(manifest, RunManifest.Status.FAILED_DISCLOSURE,
            "no reports were published: the published layer could not be proven safe", message, publisher, staging,
            config);
      }
      stage("reports", stagedReports.rows() + ", published layer withheld cells "
          + stagedReports.layer().withheldCells() + " (protected and audited in " + stagedReports.layer().seconds()
          + " s)", t3);

      List<String> tables = Tables.publishedTables();
      RunManifest published = manifest.finish(RunManifest.Status.PUBLISHED, tables, staging.rowCounts(tables));
      long t4 = System.nanoTime();
      publisher.commit(staging.dir(), config.runDate(), tables, published.toJson(), true);
      stage("published", tables.size() + " tables for " + config.runDate(), t4);
      if (config.keepDays() != null) {
        List<java.time.LocalDate> removed = publisher.removeOlderThan(config.runDate(), config.keepDays());
        progress.println("[crossenroll] retention: kept " + config.keepDays() + " days up to " + config.runDate()
            + ", removed " + (removed.isEmpty() ? "nothing" : "run dates " + removed));
      }
      return summary;
    } finally {
      if (classified != null) {
        classified.unpersist();
      }
    }
  }

  /**
   * A data check failed after the diagnosis tables were staged: publish only those (without _SUCCESS, so `latest`
   * stays on the last good night) with a manifest saying which check stopped the run, and give the exception to
   * throw.
   */
  private static DataCheckFailed failDataCheck(RunManifest.Builder manifest, RunManifest.Status status, String why,
      String message, Publisher publisher, Staging staging, JobConfig config) {
    manifest.notRunUnlessRecorded(RunManifest.CheckName.CROSS_REPORT, why)
        .notRunUnlessRecorded(RunManifest.CheckName.DISCLOSURE_AUDIT, why);
    List<String> tables = Tables.DIAGNOSIS_TABLES;
    RunManifest failed = manifest.finish(status, tables, staging.rowCounts(tables));
    publisher.commit(staging.dir(), config.runDate(), tables, failed.toJson(), false);
    return new DataCheckFailed(message);
  }


  /**
   * Stages metrics, completeness and anomalies, each one Parquet file written on the driver (they are small) with
   * the reports' footer metadata.
   */
  private void stageMonitoring(Staging staging, Monitor.Result monitoring, JobConfig config) {
    Map<String, java.util.Map.Entry<org.apache.spark.sql.types.StructType, List<Row>>> tables = new LinkedHashMap<>();
    tables.put(Metrics.TABLE, Map.entry(Metrics.SCHEMA, monitoring.metrics()));
    tables.put(Completeness.TABLE, Map.entry(Completeness.SCHEMA, monitoring.completeness()));
    tables.put(Anomalies.TABLE, Map.entry(Anomalies.SCHEMA,
        monitoring.anomalies().stream().map(Anomalies.Anomaly::row).toList()));
    tables.forEach((table, t) -> staging.stageReport(table, t.getKey(), t.getValue(),
        ReportWriter.metadata(table, Report.SCHEMA_VERSION, config.runDate(), BuildInfo.version())));
  }


  /**
   * Builds every report, checks their totals agree, stages each as one Parquet file, then stages its audited
   * published layer; records rows per report and the published layer in the manifest.
   */
  private StagedReports stageReports(Staging staging, Dataset<Row> accepted, List<Row> pairingRows, Regions regions,
      java.util.Set<String> sharedSchoolNames, JobConfig config, RunManifest.Builder manifest) {
    Map<String, String> qualifiedNames = regions.qualifiedDisplayNames();
    Dataset<Row> fine = Reports.fineGrain(accepted, qualifiedNames).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<Report, Dataset<Row>> reports =
          Reports.all(fine, Pairings.dataset(spark, pairingRows), qualifiedNames, sharedSchoolNames);
      // every column described (identity, count, rate, ...) before any is written: a new one cannot slip through
      reports.forEach((report, ds) -> ReportSpec.of(report).check(ds.schema()));
      Map<Report, List<Row>> rows = new LinkedHashMap<>();
      reports.forEach((report, ds) -> rows.put(report, ds.collectAsList()));
      List<Row> units = Reports.units(fine).collectAsList();
      ReportChecks.crossTotals(rows.get(Report.FLOWS), rows.get(Report.ORIGIN_SUMMARY),
          rows.get(Report.HOST_SUMMARY));
      manifest.check(RunManifest.CheckName.CROSS_REPORT, RunManifest.Check.passed(
          "students per intake year agree in flows, origin_summary, host_summary"));
      // Protected together, since a reader combines the reports; throws, and so publishes nothing, if the audit
      // finds a count that could identify a child.
      Map<Report, PublishedLayer.Table> tables = new LinkedHashMap<>();
      reports.forEach((report, ds) -> tables.put(report, new PublishedLayer.Table(ds.schema(), rows.get(report))));
      long started = System.nanoTime();
      PublishedLayer.Layers layers =
          PublishedLayer.build(tables, units, config.minCellCount(), hooks.publishedLayer());
      double layerSeconds = (System.nanoTime() - started) / 1e9;
      manifest.check(RunManifest.CheckName.DISCLOSURE_AUDIT, RunManifest.Check.passed(
          "every withheld count and complement of 1.." + (config.minCellCount() - 1) + " spans at least "
              + config.minCellCount() + " across tables that agree with every published value"));
      Map<String, Integer> counts = new LinkedHashMap<>();
      Map<String, Long> withheld = new LinkedHashMap<>();
      reports.forEach((report, ds) -> {
        Map<String, String> metadata =
            ReportWriter.metadata(report.table(), Report.SCHEMA_VERSION, config.runDate(), BuildInfo.version());
        staging.stageReport(report.table(), ds.schema(), rows.get(report), metadata);
        counts.put(report.table(), rows.get(report).size());
        PublishedLayer.Layer layer = layers.byReport().get(report);
        Map<String, String> publishedMetadata = new LinkedHashMap<>(metadata);
        publishedMetadata.put(ReportWriter.KEY_MIN_CELL_COUNT, String.valueOf(config.minCellCount()));
        staging.stageReport(Tables.publishedPath(report), layer.schema(), layer.rows(), publishedMetadata);
        withheld.put(report.table(), layer.withheldCells());
      });
      StagedReports staged = new StagedReports(counts, new RunManifest.PublishedLayerEntry(config.minCellCount(),
          withheld, layers.audit(), Math.round(layerSeconds * 10) / 10.0));
      manifest.reports(staged.rows(), staged.layer());
      return staged;
    } finally {
      fine.unpersist();
    }
  }

  /** Rows per report and the published layer, as the manifest records them. */
  private record StagedReports(Map<String, Integer> rows, RunManifest.PublishedLayerEntry layer) {}

  /** forward, backward, to_prefecture, to_province: as the data_quality columns name them, without "resolved_". */
  private static <T> Map<String, T> byKindName(Map<RegionResolution.Kind, T> byKind) {
    Map<String, T> named = new LinkedHashMap<>();
    byKind.forEach((kind, n) -> named.put(kind.column().substring("resolved_".length()), n));
    return named;
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

  /** By the schema's index, not the row's: a file with no rows has a data_quality row built here, without one. */
  private static long sum(List<Row> rows, String column) {
    int index = Outcomes.DATA_QUALITY_SCHEMA.fieldIndex(column);
    long total = 0;
    for (Row r : rows) {
      total += r.getLong(index);
    }
    return total;
  }

  private void stage(String name, String what, long startNanos) {
    progress.printf("[crossenroll] %-10s %s (%.1f s)%n", name, what, (System.nanoTime() - startNanos) / 1e9);
  }

  private RunManifest.Builder manifest(JobConfig config, Instant startedAt, Ingest.Discovery discovery, List<Row> dq,
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
    List<RunManifest.InputFileEntry> files = new ArrayList<>();
    for (int i = 0; i < discovery.files().size(); i++) {
      InputFile f = discovery.files().get(i);
      files.add(new RunManifest.InputFileEntry(f.sourceFile(),
          f.format().name().toLowerCase(java.util.Locale.ROOT), f.sizeBytes(), f.charset(),
          dq.get(i).getLong(Outcomes.DATA_QUALITY_SCHEMA.fieldIndex("rows_read")), ignoredByFile.get(f.sourceFile())));
    }
    return RunManifest.builder()
        .config(config)
        .startedAt(startedAt)
        .versions(BuildInfo.version(), spark.version())
        .inputs(files, discovery.skipped(), discovery.sameFiles())
        .counts(summary.rowsRead(), summary.accepted(), summary.superseded(), summary.quarantined(),
            summary.quarantinedByReason())
        .reportSchemaVersion(Report.SCHEMA_VERSION);
  }


}
