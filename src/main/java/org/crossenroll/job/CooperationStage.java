package org.crossenroll.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.catalog.Tables;
import org.crossenroll.ingest.CooperationFiles;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.ingest.InputFile;
import org.crossenroll.report.CooperationReport;
import org.crossenroll.report.PairingLedgers;
import org.crossenroll.report.Report;
import org.crossenroll.storage.ReportWriter;
import org.crossenroll.storage.Staging;
import org.crossenroll.validate.CooperationClassifier;
import org.crossenroll.validate.ReasonCode;

/**
 * The other ledger, cooperation records (docs/input-contract.md, "Cooperation records"): read and classified on the
 * driver right after discovery, so that a bad header stops the run before anything is written, as an enrollment
 * file's does; staged (cooperation_clean, cooperation_quarantine and the cooperation report) with the reports, since a
 * night that fails a data check publishes neither ledger. A night without cooperation files stages the three tables
 * empty: that is a normal night.
 */
final class CooperationStage {
    private CooperationStage() {}

    /** The night's cooperation rows, read and classified, and the rows read per file (counted where read). */
    record Night(List<CooperationFiles.Read> reads, CooperationClassifier.Outcome outcome) {
        long rowsRead() {
            return reads.stream().mapToLong(r -> r.rows().size()).sum();
        }

        /**
         * The night's cooperation rows as the run's result and manifest count them: read (where read) = accepted +
         * superseded + quarantined (as classified; {@link #stage} checks the same against the tables written), the
         * quarantined by reason, every reason in its order.
         */
        RunResult.Counts counts() {
            Map<String, Long> byReason = new java.util.LinkedHashMap<>();
            outcome.byReason().forEach((r, n) -> byReason.put(r.name(), n));
            return new RunResult.Counts(
                    rowsRead(),
                    outcome.accepted().size(),
                    outcome.superseded().size(),
                    outcome.quarantined().size(),
                    byReason);
        }

        /** The progress line's text. */
        String describe() {
            Map<ReasonCode, Long> byReason = outcome.byReason();
            StringBuilder reasons = new StringBuilder();
            byReason.forEach((r, n) -> {
                if (n > 0) {
                    reasons.append(reasons.length() == 0 ? " (" : ", ")
                            .append(r)
                            .append(' ')
                            .append(n);
                }
            });
            if (reasons.length() > 0) {
                reasons.append(')');
            }
            return reads.size() + (reads.size() == 1 ? " file, " : " files, ") + rowsRead() + " rows read, "
                    + outcome.accepted().size() + " accepted, "
                    + outcome.superseded().size() + " superseded, "
                    + outcome.quarantined().size() + " quarantined" + reasons;
        }
    }

    /**
     * Reads and classifies every cooperation file.
     *
     * @throws org.crossenroll.base.UserError when a file cannot be read or lacks a required column
     */
    static Night read(
            SparkSession spark, Encoding encoding, List<InputFile> files, References references, JobConfig config) {
        List<CooperationFiles.Read> reads = new ArrayList<>();
        List<CooperationFiles.RawRow> rows = new ArrayList<>();
        for (InputFile f : files) {
            CooperationFiles.Read read = CooperationFiles.read(spark, encoding, f);
            reads.add(read);
            rows.addAll(read.rows());
        }
        CooperationClassifier classifier =
                new CooperationClassifier(references.regions(), references.resolution(), config.runDate());
        return new Night(List.copyOf(reads), classifier.classify(rows));
    }

    /**
     * Stages the three tables and checks the ledger's row identity against what was written.
     *
     * @return rows per table staged
     * @throws IllegalStateException when rows read != accepted + superseded + quarantined as written
     */
    static Map<String, Integer> stage(Staging staging, Night night, JobConfig config) {
        CooperationClassifier.Outcome outcome = night.outcome();
        List<Row> clean = outcome.accepted().stream()
                .map(CooperationClassifier.Record::row)
                .toList();
        List<Row> quarantine = outcome.quarantined().stream()
                .map(CooperationClassifier.Quarantined::row)
                .toList();
        List<Row> report = CooperationReport.rows(outcome.accepted());
        // the students' ledger as the reports stage wrote it: pairing_progress is a few hundred rows
        List<Row> pairingProgress =
                staging.read(Report.PAIRING_PROGRESS.table()).collectAsList();
        List<Row> ledgers = PairingLedgers.rows(pairingProgress, outcome.accepted());
        // small tables, each one Parquet file written on the driver, as the reports are
        stage(staging, Tables.COOPERATION_CLEAN_TABLE, clean, config);
        stage(staging, Tables.COOPERATION_QUARANTINE_TABLE, quarantine, config);
        stage(staging, Tables.COOPERATION_TABLE, report, config);
        stage(staging, Tables.PAIRING_LEDGERS_TABLE, ledgers, config);
        long written = staging.rows(Tables.COOPERATION_CLEAN_TABLE)
                + outcome.superseded().size()
                + staging.rows(Tables.COOPERATION_QUARANTINE_TABLE);
        if (written != night.rowsRead()) {
            throw new IllegalStateException(String.format(
                    "Row identity failed for cooperation records: %d rows read but %d accepted + %d superseded + %d "
                            + "quarantined written; nothing was published.",
                    night.rowsRead(),
                    staging.rows(Tables.COOPERATION_CLEAN_TABLE),
                    outcome.superseded().size(),
                    staging.rows(Tables.COOPERATION_QUARANTINE_TABLE)));
        }
        return Map.of(
                Tables.COOPERATION_CLEAN_TABLE, clean.size(),
                Tables.COOPERATION_QUARANTINE_TABLE, quarantine.size(),
                Tables.COOPERATION_TABLE, report.size(),
                Tables.PAIRING_LEDGERS_TABLE, ledgers.size());
    }

    private static void stage(Staging staging, String table, List<Row> rows, JobConfig config) {
        staging.stageReport(
                table,
                Tables.at(table).orElseThrow().schema(),
                rows,
                ReportWriter.metadata(table, Report.SCHEMA_VERSION, config.runDate(), BuildInfo.version()));
    }

    /** The warnings of the files read: columns or JSON keys that name no field, once per file. */
    static List<String> warnings(Night night) {
        List<String> lines = new ArrayList<>();
        CooperationFiles.ignored(night.reads())
                .forEach((file, columns) ->
                        lines.add("[crossenroll] warning: " + file + ": ignored columns " + columns));
        return lines;
    }
}
