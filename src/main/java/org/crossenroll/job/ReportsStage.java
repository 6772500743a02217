package org.crossenroll.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.max;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.catalog.Tables;
import org.crossenroll.disclosure.AdditiveThreshold;
import org.crossenroll.disclosure.DesignedLayer;
import org.crossenroll.reference.Pairings;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportChecks;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.report.Reports;
import org.crossenroll.storage.ReportWriter;
import org.crossenroll.storage.Staging;
import org.crossenroll.validate.SchoolNames;

/**
 * Builds the reports from the staged enrollments_clean, checks them against each other, and stages them with their
 * audited published layer: the only stage that needs the data checks to have passed.
 */
final class ReportsStage {
    private ReportsStage() {}

    /** Rows per report and the published layer, as the manifest records them. */
    record Staged(Map<String, Integer> rows, RunManifest.PublishedLayerEntry layer) {
        /** The progress line's text. */
        String describe() {
            return rows + ", published layer rows " + layer.rows() + " (built and audited in " + layer.seconds()
                    + " s)";
        }
    }

    /**
     * Builds every report, checks their totals agree, stages each as one Parquet file, then builds, audits and stages
     * the published layer (docs/published-layer.md); records the checks, rows per report and the published layer in
     * the manifest.
     *
     * @throws DesignedLayer.NotProven when the audit finds a value that breaks the published layer's promise (nothing
     *     is staged)
     */
    static Staged stage(
            SparkSession spark,
            Staging staging,
            References references,
            Map<String, String> schoolNames,
            JobConfig config,
            RunManifest.Builder manifest,
            UnaryOperator<Map<DesignedLayer.Table, List<Row>>> publishedLayerHook) {
        // Reports start from the staged enrollments_clean: the same rows, but a plan of one file scan instead of the
        // whole intake, which Spark would otherwise re-analyse for each of the reports' twenty aggregations.
        Dataset<Row> accepted = staging.read(Tables.ENROLLMENTS_CLEAN_TABLE);
        Set<String> sharedSchoolNames = SchoolNames.shared(schoolNames);
        Map<String, String> qualifiedNames = references.regions().qualifiedDisplayNames();
        // One partition: the fine grain is small (adaptive execution coalesces it to one partition anyway), and one
        // partition satisfies every distribution the reports' aggregations and sorts require, so Spark plans
        // them without shuffles. With footer row counts and catalog schemas (Staging), a ten-row night ran 29 Spark
        // jobs, not 60; 1M rows: reports 28.0 s -> 26.2 s.
        Dataset<Row> fine =
                Reports.fineGrain(accepted, qualifiedNames).coalesce(1).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<Report, Dataset<Row>> reports = Reports.all(
                    fine,
                    Pairings.dataset(spark, references.pairings()),
                    qualifiedNames,
                    sharedSchoolNames,
                    config.lastCompleteCohort(newestUpdate(accepted)));
            // every column described (identity, count, rate, ...) before any is written: a new one cannot slip through
            reports.forEach((report, ds) -> ReportSpec.of(report).check(ds.schema()));
            Map<Report, List<Row>> rows = new LinkedHashMap<>();
            reports.forEach((report, ds) -> rows.put(report, ds.collectAsList()));
            ReportChecks.crossTotals(
                    rows.get(Report.FLOWS), rows.get(Report.ORIGIN_SUMMARY), rows.get(Report.HOST_SUMMARY));
            manifest.check(
                    RunManifest.CheckName.CROSS_REPORT,
                    RunManifest.Check.passed("students per intake year agree in flows, origin_summary, host_summary"));
            // The published layer (additive threshold method, issue 26): only the tables designed for publication;
            // throws, and so publishes nothing, if its audit finds a value that breaks the promise.
            long started = System.nanoTime();
            DesignedLayer.Result layer = DesignedLayer.Result.audited(
                    DesignedLayer.grain(accepted, AdditiveThreshold.hashes(config.key())),
                    DesignedLayer.regions(rows.get(Report.ORIGIN_SUMMARY)),
                    DesignedLayer.regions(rows.get(Report.HOST_SUMMARY)),
                    DesignedLayer.pairings(rows.get(Report.PAIRING_PROGRESS)),
                    new AdditiveThreshold.Rule(config.minCellCount()),
                    publishedLayerHook);
            double layerSeconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
            manifest.check(
                    RunManifest.CheckName.DISCLOSURE_AUDIT,
                    RunManifest.Check.passed("every published count is the sum of the rule's fine values it selects, 0"
                            + " or at least " + config.minCellCount() + ", within its documented bound"));
            Map<String, Integer> counts = new LinkedHashMap<>();
            reports.forEach((report, ds) -> {
                Map<String, String> metadata = ReportWriter.metadata(
                        report.table(), Report.SCHEMA_VERSION, config.runDate(), BuildInfo.version());
                staging.stageReport(report.table(), ds.schema(), rows.get(report), metadata);
                counts.put(report.table(), rows.get(report).size());
            });
            Map<String, Integer> publishedRows = new LinkedHashMap<>();
            layer.tables().forEach((t, table) -> {
                Map<String, String> metadata = new LinkedHashMap<>(
                        ReportWriter.metadata(t.table(), Report.SCHEMA_VERSION, config.runDate(), BuildInfo.version()));
                metadata.putAll(layer.footer());
                staging.stageReport(Tables.publishedPath(t), table.schema(), table.rows(), metadata);
                publishedRows.put(t.table(), table.rows().size());
            });
            Staged staged = new Staged(
                    counts,
                    new RunManifest.PublishedLayerEntry(
                            AdditiveThreshold.METHOD,
                            layer.rule().k(),
                            layer.rule().footer(),
                            publishedRows,
                            layer.audit(),
                            layer.utilityEntries(),
                            layerSeconds));
            manifest.reports(staged.rows(), staged.layer());
            return staged;
        } finally {
            fine.unpersist();
        }
    }

    /** The newest updated_at of the accepted enrollments, as its China Standard Time date; null when none. */
    private static LocalDate newestUpdate(Dataset<Row> accepted) {
        Row newest =
                accepted.agg(date_format(max(col("updated_at")), "yyyy-MM-dd")).first();
        return newest.isNullAt(0) ? null : LocalDate.parse(newest.getString(0));
    }
}
