package org.crossenroll.job;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.ingest.Encoding;

/**
 * {@code _runs/D/manifest.json}: what a run read, did and checked. The job records into a {@link Builder} as each
 * step and check runs and builds the manifest once, at publish, with the run's {@link Status}; a check that did not
 * run says so ({@link Check#notRun}), so a run that stopped early never claims more than it verified. The fields are
 * the JSON keys (snake case), in this order; docs/operations.md's "What a run writes" lists them and
 * {@code RunManifestTest} pins them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class RunManifest {
    /** How the run ended: the manifest's {@code status}, as the runs table and {@code crossenroll status} read it. */
    public enum Status {
        PUBLISHED("published"),
        FAILED_QUARANTINE("failed: quarantined fraction above the maximum"),
        FAILED_ANOMALY("failed: severe anomalies with --fail-on-anomaly"),
        FAILED_DISCLOSURE("failed: the published layer could not be proven safe");

        private final String json;

        Status(String json) {
            this.json = json;
        }

        /** The value written to the manifest. */
        @JsonValue
        public String json() {
            return json;
        }
    }

    /** The self-checks a manifest records, by their key under {@code checks}, in the order they run. */
    public enum CheckName {
        IDENTITY("identity"),
        CROSS_REPORT("cross_report"),
        DISCLOSURE_AUDIT("disclosure_audit");

        private final String json;

        CheckName(String json) {
            this.json = json;
        }

        /** The key under {@code checks}. */
        public String json() {
            return json;
        }
    }

    private final String runDate;
    private final String startedAt;
    private final String finishedAt;
    private final Status status;
    private final String codeVersion;
    private final String sparkVersion;
    private final String inputDir;
    private final String regionsDir;
    private final String encoding;
    private final String pseudonymKeyFingerprint;
    private final List<InputFileEntry> inputFiles;
    private final List<String> skippedFiles;
    /** Paths that name a file already read under another path (links): path -> the path it was read as. */
    private final Map<String, String> sameFilesReadOnce;

    private final long rowsRead;
    private final long accepted;
    private final long superseded;
    private final long quarantined;
    private final Map<String, Long> quarantinedByReason;
    private final double quarantinedFraction;
    private final double maxQuarantinedFraction;
    /**
     * The cooperation records (the other ledger) as classified: rows read = accepted + superseded + quarantined, by
     * reason; null when the run stopped before reading them.
     */
    private final RunResult.Counts cooperation;

    private final String pairings;
    private final PairingsEntry pairingsUsed;
    private final String schemes;
    /** The school registry ({@code --schools}) and how many schools it named; null without one. */
    private final SchoolsEntry schools;

    private final RegionReferenceEntry regionReference;
    /**
     * Accepted rows with a county code resolved through the code history, by kind (forward, backward, to_prefecture,
     * to_province): the sums of data_quality's resolved_* columns.
     */
    private final Map<String, Long> regionCodesResolved;

    private final int reportSchemaVersion;
    /** Each self-check by its {@link CheckName#json()}, in the order recorded. */
    private final Map<String, Check> checks;

    private final Map<String, Integer> reportRows;
    private final PublishedLayerEntry publishedLayer;
    private final MonitoringEntry monitoring;
    private final List<String> publishedTables;
    /** Rows of each published table for the night, from the staged Parquet footers: the runs table shows them. */
    private final Map<String, Long> tableRows;
    /**
     * Always null: the manifest is committed with the night, before --keep-days removes older run dates (the progress
     * line says which). The key stays, since readers of earlier manifests know it.
     */
    private final List<String> retentionRemoved;

    private RunManifest(
            Builder b, Status status, List<String> publishedTables, Map<String, Long> tableRows, String finishedAt) {
        this.runDate = b.runDate;
        this.startedAt = b.startedAt;
        this.finishedAt = finishedAt;
        this.status = Objects.requireNonNull(status, "status");
        this.codeVersion = b.codeVersion;
        this.sparkVersion = b.sparkVersion;
        this.inputDir = b.inputDir;
        this.regionsDir = b.regionsDir;
        this.encoding = b.encoding;
        this.pseudonymKeyFingerprint = b.pseudonymKeyFingerprint;
        this.inputFiles = List.copyOf(b.inputFiles);
        this.skippedFiles = List.copyOf(b.skippedFiles);
        this.sameFilesReadOnce = new LinkedHashMap<>(b.sameFilesReadOnce);
        this.rowsRead = b.rowsRead;
        this.accepted = b.accepted;
        this.superseded = b.superseded;
        this.quarantined = b.quarantined;
        this.quarantinedByReason = new LinkedHashMap<>(b.quarantinedByReason);
        this.quarantinedFraction = b.quarantinedFraction;
        this.maxQuarantinedFraction = b.maxQuarantinedFraction;
        this.cooperation = b.cooperation;
        this.pairings = b.pairings;
        this.pairingsUsed = b.pairingsUsed;
        this.schemes = b.schemes;
        this.schools = b.schools;
        this.regionReference = b.regionReference;
        this.regionCodesResolved = b.regionCodesResolved;
        this.reportSchemaVersion = b.reportSchemaVersion;
        Map<String, Check> named = new LinkedHashMap<>();
        b.checks.forEach((name, check) -> named.put(name.json(), check));
        this.checks = named;
        this.reportRows = b.reportRows;
        this.publishedLayer = b.publishedLayer;
        this.monitoring = b.monitoring;
        this.publishedTables = List.copyOf(publishedTables);
        this.tableRows = tableRows;
        this.retentionRemoved = null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Status status() {
        return status;
    }

    public byte[] toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a run records as it goes, stage by stage; {@link #finish} gives the manifest. Whatever a run did not reach
     * stays null, zero or empty in the JSON (every key is always written).
     */
    public static final class Builder {
        private String runDate;
        private String startedAt;
        private String codeVersion;
        private String sparkVersion;
        private String inputDir;
        private String regionsDir;
        private String encoding;
        private String pseudonymKeyFingerprint;
        private final List<InputFileEntry> inputFiles = new ArrayList<>();
        private final List<String> skippedFiles = new ArrayList<>();
        private final Map<String, String> sameFilesReadOnce = new LinkedHashMap<>();
        private long rowsRead;
        private long accepted;
        private long superseded;
        private long quarantined;
        private final Map<String, Long> quarantinedByReason = new LinkedHashMap<>();
        private double quarantinedFraction;
        private double maxQuarantinedFraction;
        private RunResult.Counts cooperation;
        private String pairings;
        private PairingsEntry pairingsUsed;
        private String schemes;
        private SchoolsEntry schools;
        private RegionReferenceEntry regionReference;
        private Map<String, Long> regionCodesResolved;
        private int reportSchemaVersion;
        private final Map<CheckName, Check> checks = new LinkedHashMap<>();
        private Map<String, Integer> reportRows;
        private PublishedLayerEntry publishedLayer;
        private MonitoringEntry monitoring;

        private Builder() {}

        public Builder runDate(LocalDate date) {
            this.runDate = date.toString();
            return this;
        }

        /** When the run started, in China Standard Time. */
        public Builder startedAt(Instant instant) {
            this.startedAt = chinaTime(instant);
            return this;
        }

        /** The code's and Spark's versions. */
        public Builder versions(String code, String spark) {
            this.codeVersion = code;
            this.sparkVersion = spark;
            return this;
        }

        /**
         * What the run was told: its date, input, reference files, encoding, key (by fingerprint) and quarantine
         * threshold.
         */
        public Builder config(JobConfig config) {
            return runDate(config.runDate())
                    .inputDir(config.inputDir())
                    .regionsDir(config.regionsDir())
                    .encoding(config.encoding())
                    .keyFingerprint(config.key().fingerprint())
                    .pairings(config.pairingsFile())
                    .schemes(config.schemesFile())
                    .maxQuarantinedFraction(config.maxQuarantinedFraction());
        }

        public Builder inputDir(String dir) {
            this.inputDir = dir;
            return this;
        }

        public Builder regionsDir(String dir) {
            this.regionsDir = dir;
            return this;
        }

        public Builder encoding(Encoding encoding) {
            this.encoding = encoding.option();
            return this;
        }

        /** The pseudonym key, by its fingerprint only. */
        public Builder keyFingerprint(String fingerprint) {
            this.pseudonymKeyFingerprint = fingerprint;
            return this;
        }

        /** The pairings file. */
        public Builder pairings(String file) {
            this.pairings = file;
            return this;
        }

        /** The scheme vocabulary file. */
        public Builder schemes(String file) {
            this.schemes = file;
            return this;
        }

        public Builder maxQuarantinedFraction(double fraction) {
            this.maxQuarantinedFraction = fraction;
            return this;
        }

        /** The files read, the files skipped, and paths that named a file already read (path -> read as). */
        public Builder inputs(List<InputFileEntry> files, List<String> skipped, Map<String, String> sameFiles) {
            this.inputFiles.addAll(files);
            this.skippedFiles.addAll(skipped);
            this.sameFilesReadOnce.putAll(sameFiles);
            return this;
        }

        /** The row counts, as written. */
        public Builder counts(
                long rowsRead,
                long accepted,
                long superseded,
                long quarantined,
                Map<String, Long> quarantinedByReason) {
            this.rowsRead = rowsRead;
            this.accepted = accepted;
            this.superseded = superseded;
            this.quarantined = quarantined;
            this.quarantinedByReason.putAll(quarantinedByReason);
            return this;
        }

        /** The cooperation records' counts, as classified (their identity is checked against the tables staged). */
        public Builder cooperation(RunResult.Counts counts) {
            this.cooperation = counts;
            return this;
        }

        public Builder quarantinedFraction(double fraction) {
            this.quarantinedFraction = fraction;
            return this;
        }

        public Builder reportSchemaVersion(int version) {
            this.reportSchemaVersion = version;
            return this;
        }

        /** The pairings followed, the school registry (null without one), the region reference and what resolved. */
        public Builder references(
                PairingsEntry pairingsUsed,
                SchoolsEntry schools,
                RegionReferenceEntry regionReference,
                Map<String, Long> regionCodesResolved) {
            this.pairingsUsed = pairingsUsed;
            this.schools = schools;
            this.regionReference = regionReference;
            this.regionCodesResolved = regionCodesResolved;
            return this;
        }

        /** Records a check's result, replacing an earlier one of the same name. */
        public Builder check(CheckName name, Check check) {
            checks.put(name, check);
            return this;
        }

        /** Records that a check did not run, and why, unless it was already recorded. */
        public Builder notRunUnlessRecorded(CheckName name, String why) {
            checks.putIfAbsent(name, Check.notRun(why));
            return this;
        }

        public Builder monitoring(MonitoringEntry monitoring) {
            this.monitoring = monitoring;
            return this;
        }

        /** Rows per report and the published layer. */
        public Builder reports(Map<String, Integer> reportRows, PublishedLayerEntry publishedLayer) {
            this.reportRows = reportRows;
            this.publishedLayer = publishedLayer;
            return this;
        }

        /** The manifest of a run that ended now with this status, publishing these tables (rows per table). */
        public RunManifest finish(Status status, List<String> publishedTables, Map<String, Long> tableRows) {
            return finish(status, publishedTables, tableRows, Instant.now());
        }

        /** As {@link #finish(Status, List, Map)}, at a given time (null: none). */
        public RunManifest finish(
                Status status, List<String> publishedTables, Map<String, Long> tableRows, Instant finishedAt) {
            return new RunManifest(this, status, publishedTables, tableRows, chinaTime(finishedAt));
        }
    }

    private static String chinaTime(Instant instant) {
        return instant == null ? null : BuildInfo.timestamp(instant);
    }

    /** One input file as read. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputFileEntry(
            String sourceFile,
            String format,
            long sizeBytes,
            String encoding,
            long rowsRead,
            List<String> ignoredColumns) {}

    /** A self-check: passed (with what it checked), not run (with why) or failed (with why; it stops the run). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Check(Result status, String detail) {
        /** A check's {@code status} in the manifest. */
        public enum Result {
            PASSED("passed"),
            NOT_RUN("not run"),
            FAILED("failed");

            private final String json;

            Result(String json) {
                this.json = json;
            }

            @JsonValue
            public String json() {
                return json;
            }
        }

        public static Check passed(String detail) {
            return new Check(Result.PASSED, detail);
        }

        public static Check notRun(String why) {
            return new Check(Result.NOT_RUN, why);
        }

        public static Check failed(String why) {
            return new Check(Result.FAILED, why);
        }
    }

    /** The school registry file used, and how many schools it lists. */
    public record SchoolsEntry(String file, int schools) {}

    /** How many pairings the run followed, and how many of them carry a target_students. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PairingsEntry(int pairings, int withTarget) {}

    /**
     * The region reference the run resolved codes through: its vintage (reference.properties; null when it names
     * none), rows per file, and how many codes outside it resolve through its code history, by kind.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RegionReferenceEntry(
            String vintage,
            int provinces,
            int prefectures,
            int counties,
            int statsOnlyZones,
            int codeHistoryRows,
            Map<String, Integer> historyCodesByKind) {}

    /**
     * The published layer (docs/published-layer.md): its method ({@code additive_threshold}), k, the rule's parameters (as in
     * each file's footer), rows per published table, the audit's record, the utility per table and level (students
     * share, d1-d3, false zeros and non-zeros), and how long building and auditing it took.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PublishedLayerEntry(
            String method,
            long minCellCount,
            Map<String, String> rule,
            Map<String, Integer> rows,
            Object audit,
            Object utility,
            double seconds) {}

    /**
     * The night-over-night monitoring: the earlier nights compared with, where the expected submitters came from
     * ({@code history} of the last N days, or the file), how many were expected and missing, anomalies by severity, and
     * the pairings among the missing (host-origin region codes: their partner stopped reporting cooperation records).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MonitoringEntry(
            List<String> historyNights,
            int expectFromDays,
            String expectedSubmitters,
            long expected,
            long missing,
            Map<String, Long> anomalies,
            boolean failOnAnomaly,
            List<String> missingPairings) {}
}
