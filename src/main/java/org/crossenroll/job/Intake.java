package org.crossenroll.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.crossenroll.base.UserError;
import org.crossenroll.ingest.Ingest;
import org.crossenroll.ingest.InputFile;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.validate.Outcomes;
import org.crossenroll.validate.ReasonCode;
import org.crossenroll.validate.RecordClassifier;
import org.crossenroll.validate.Supersession;

/**
 * The night's rows from its input files to their classification, counted per file where they were read: a row lost
 * on the way fails the row identity here, before anything is written.
 */
final class Intake {
    private final List<InputFile> files;
    private final Ingest.Reading reading;
    private final Dataset<Row> validated;
    /** Made on first use, inside {@link #count}: planning it runs the intake's first stage (see {@link #classify}). */
    private Dataset<Row> classified;

    private Intake(List<InputFile> files, Ingest.Reading reading, Dataset<Row> validated) {
        this.files = files;
        this.reading = reading;
        this.validated = validated;
    }

    /** What the discovery warns of (files skipped, read once, columns ignored), as progress lines. */
    static List<String> warnings(Ingest.Discovery discovery) {
        List<String> lines = new ArrayList<>();
        for (String skipped : discovery.skipped()) {
            lines.add("[crossenroll] warning: skipped " + skipped + " (not .csv, .jsonl, .json or .parquet)");
        }
        discovery
                .sameFiles()
                .forEach((link, read) -> lines.add(
                        "[crossenroll] warning: " + link + " is the same file as " + read + ", read once as " + read));
        for (InputFile f : discovery.files()) {
            if (!f.ignoredColumns().isEmpty()) {
                lines.add("[crossenroll] warning: " + f.sourceFile() + ": ignored columns " + f.ignoredColumns());
            }
        }
        return lines;
    }

    /**
     * Reads, pseudonymizes, validates and classifies the files' rows: lazily (only Parquet footers are read here), and
     * persisted, since monitoring and the intake's tables read them again; {@link #unpersist} drops them.
     */
    static Intake classify(
            SparkSession spark,
            Ingest ingest,
            List<InputFile> files,
            References references,
            JobConfig config,
            UnaryOperator<Dataset<Row>> readRowsHook) {
        // Each row is pseudonymized, typed, resolved and checked in plain Java as it is read (RecordClassifier: the
        // output of Validation.validate, which Spark would evaluate as about a hundred generated expressions per row).
        RecordClassifier classifier = new RecordClassifier(
                references.resolution().table(),
                config.runDate(),
                references.schemes(),
                Pseudonymizer.hasher(config.key()));
        Ingest.Reading reading = ingest.read(files, classifier::classify, RecordClassifier.SCHEMA);
        return new Intake(files, reading, readRowsHook.apply(reading.rows()));
    }

    /**
     * The classified rows, persisted. Made lazily because Supersession's pass takes Spark's rows from the planned query,
     * and adaptive execution plans a query by running its shuffle: the files are read there, so a file that cannot be
     * read fails inside {@link #count} and is reported as the file's fault.
     */
    Dataset<Row> classified() {
        if (classified == null) {
            classified = Supersession.classify(validated).persist(StorageLevel.MEMORY_AND_DISK());
        }
        return classified;
    }

    /** JSON keys that named no field, as "file\tkey", once per record read: filled by the actions that read the rows. */
    List<String> ignoredJsonKeys() {
        return reading.ignoredJsonKeys().value();
    }

    void unpersist() {
        if (classified != null) {
            classified.unpersist();
        }
    }

    /**
     * The first action, which reads every input file: data_quality per file, with the row identity at the source.
     *
     * @throws UserError when an input file cannot be read
     * @throws IllegalStateException when a file has fewer or more rows classified than were counted where it was read
     */
    Counts count() {
        List<Row> perFileRows;
        try {
            perFileRows = Outcomes.dataQuality(classified()).collectAsList();
        } catch (Exception e) {
            Optional<UserError> unreadable = Ingest.unreadableFile(e, files);
            if (unreadable.isPresent()) {
                throw unreadable.get();
            }
            throw e;
        }
        Map<String, Row> perFile = new TreeMap<>();
        for (Row r : perFileRows) {
            perFile.put(r.getString(0), r);
        }
        List<Row> dq = new ArrayList<>();
        for (InputFile f : files) {
            Row r = perFile.get(f.sourceFile());
            dq.add(r != null ? r : zeroRow(f.sourceFile()));
        }
        // Rows read, counted where they were read (the parser, the Parquet footers), not after the joins: a row lost
        // between reading and classification fails the identity below instead of vanishing from both sides.
        Map<String, Long> readAtSource = reading.rowsRead();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i).sourceFile();
            long classifiedRows = dq.get(i).getLong(Outcomes.DATA_QUALITY_SCHEMA.fieldIndex("rows_read"));
            if (!Long.valueOf(classifiedRows).equals(readAtSource.get(file))) {
                throw new IllegalStateException("Row identity failed: " + file + " has " + readAtSource.get(file)
                        + " rows where it was read but " + classifiedRows + " were classified; nothing was published.");
            }
        }
        return new Counts(
                dq, readAtSource.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * The data_quality rows, one per input file in the order discovered (zeros for a file without rows), and the rows
     * read in total, counted where they were read.
     */
    record Counts(List<Row> dataQuality, long rowsRead) {
        long accepted() {
            return sum(Supersession.ACCEPTED);
        }

        long superseded() {
            return sum(Supersession.SUPERSEDED);
        }

        long quarantined() {
            return sum(Supersession.QUARANTINED);
        }

        /** Rows read from the i-th input file. */
        long rowsRead(int file) {
            return dataQuality.get(file).getLong(Outcomes.DATA_QUALITY_SCHEMA.fieldIndex("rows_read"));
        }

        /** Quarantined rows by reason, every reason in its order. */
        Map<String, Long> quarantinedByReason() {
            Map<String, Long> byReason = new java.util.LinkedHashMap<>();
            for (ReasonCode reason : ReasonCode.values()) {
                byReason.put(reason.name(), sum(Outcomes.column(reason)));
            }
            return byReason;
        }

        /** Accepted rows whose county code resolved through the code history, by kind. */
        Map<RegionResolution.Kind, Long> resolvedRows() {
            Map<RegionResolution.Kind, Long> resolved = new java.util.EnumMap<>(RegionResolution.Kind.class);
            for (RegionResolution.Kind kind : RegionResolution.Kind.values()) {
                resolved.put(kind, sum(kind.column()));
            }
            return resolved;
        }

        /** By the schema's index, not the row's: a file with no rows has a data_quality row built here, without one. */
        private long sum(String column) {
            int index = Outcomes.DATA_QUALITY_SCHEMA.fieldIndex(column);
            long total = 0;
            for (Row r : dataQuality) {
                total += r.getLong(index);
            }
            return total;
        }
    }

    private static Row zeroRow(String sourceFile) {
        Object[] values = new Object[Outcomes.DATA_QUALITY_SCHEMA.size()];
        values[0] = sourceFile;
        for (int i = 1; i < values.length; i++) {
            values[i] = 0L;
        }
        return RowFactory.create(values);
    }
}
