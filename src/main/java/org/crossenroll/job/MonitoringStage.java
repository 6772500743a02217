package org.crossenroll.job;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.ingest.InputFile;
import org.crossenroll.monitor.Anomalies;
import org.crossenroll.monitor.Completeness;
import org.crossenroll.monitor.Metrics;
import org.crossenroll.monitor.Monitor;
import org.crossenroll.report.Report;
import org.crossenroll.storage.Publisher;
import org.crossenroll.storage.ReportWriter;
import org.crossenroll.storage.Staging;
import org.crossenroll.validate.CooperationClassifier;

/**
 * Compares the night with the nights before it and stages what it found (metrics, completeness, anomalies) with the
 * diagnosis, before any data check can stop the run; says each anomaly, and each pairing whose partner stopped
 * reporting cooperation records in a warning, and records the monitoring in the manifest.
 */
final class MonitoringStage {
    private MonitoringStage() {}

    static Monitor.Result run(
            SparkSession spark,
            Publisher publisher,
            Staging staging,
            Intake intake,
            List<InputFile> files,
            JobConfig config,
            References references,
            Map<String, String> schoolNames,
            CooperationClassifier.Outcome cooperation,
            RunManifest.Builder manifest,
            PrintStream progress) {
        Monitor.Result monitoring = Monitor.run(
                spark,
                publisher,
                intake.classified(),
                files.stream().map(InputFile::sourceFile).toList(),
                config.runDate(),
                config.expectFromDays(),
                references.expected(),
                schoolNames,
                cooperation);
        stage(staging, monitoring, config);
        for (Anomalies.Anomaly a : monitoring.anomalies()) {
            progress.println("[crossenroll] anomaly    " + a.describe());
        }
        for (String w : monitoring.warnings()) {
            progress.println("[crossenroll] warning: " + w);
        }
        manifest.monitoring(new RunManifest.MonitoringEntry(
                monitoring.historyNights().stream().map(LocalDate::toString).toList(),
                config.expectFromDays(),
                config.expectedSubmittersFile() == null ? "history" : config.expectedSubmittersFile(),
                monitoring.expected(),
                monitoring.missing(),
                monitoring.anomaliesBySeverity(),
                config.failOnAnomaly(),
                monitoring.missingPairings().stream()
                        .map(r -> r.getString(Completeness.SCHEMA.fieldIndex("entity_code")))
                        .toList()));
        return monitoring;
    }

    /**
     * Stages metrics, completeness and anomalies, each one Parquet file written on the driver (they are small) with
     * the reports' footer metadata.
     */
    private static void stage(Staging staging, Monitor.Result monitoring, JobConfig config) {
        Map<String, Map.Entry<StructType, List<Row>>> tables = new LinkedHashMap<>();
        tables.put(Metrics.TABLE, Map.entry(Metrics.SCHEMA, monitoring.metrics()));
        tables.put(Completeness.TABLE, Map.entry(Completeness.SCHEMA, monitoring.completeness()));
        tables.put(
                Anomalies.TABLE,
                Map.entry(
                        Anomalies.SCHEMA,
                        monitoring.anomalies().stream()
                                .map(Anomalies.Anomaly::row)
                                .toList()));
        tables.forEach((table, t) -> staging.stageReport(
                table,
                t.getKey(),
                t.getValue(),
                ReportWriter.metadata(table, Report.SCHEMA_VERSION, config.runDate(), BuildInfo.version())));
    }
}
