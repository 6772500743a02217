package org.crossenroll.job;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
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
import java.util.Locale;
import java.util.Map;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.base.ExitCode;
import org.crossenroll.monitor.Anomalies;

/**
 * The result of one {@code crossenroll run}, for a scheduler or a monitoring system (as dbt's {@code
 * run_results.json} is for dbt's): the exit code and why, the counts, each stage's seconds, the anomalies, the tables
 * published. A run fills it in as its stages go, so a run that fails still tells how far it got. {@code run --json}
 * prints it; a night that was committed (exit 0, or 3 with its diagnosis tables) also keeps it as {@code
 * _runs/D/result.json}; {@link #prometheus()} gives the same in Prometheus' text format ({@code --metrics-file}).
 * docs/operations.md, "The run's result", lists the fields; {@code RunResultTest} pins them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class RunResult {
    /** Its name in {@code _runs/D/}, beside {@code manifest.json}. */
    public static final String FILE = "result.json";
    /** Raised when a field changes meaning or goes away; new fields keep it. */
    public static final int SCHEMA_VERSION = 1;

    /** The status of a run that ended with exit 1 or 2 (a data check's is its manifest's status). */
    static final String STATUS_USER_ERROR = "failed: user error";

    static final String STATUS_INTERNAL = "failed: internal failure or a fault of the machine";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final int resultSchemaVersion = SCHEMA_VERSION;
    private final String runDate;
    private Integer exitCode;
    private String status;
    private String reason;
    private final String startedAt;
    private String finishedAt;
    private Double elapsedSeconds;
    private final String output;
    private final String codeVersion = BuildInfo.version();
    private Counts counts;
    /** The cooperation records, counted as the enrollment rows are; null when the run stopped before reading them. */
    private Counts cooperationCounts;

    private final List<Stage> stages = new ArrayList<>();
    private AnomalyCounts anomalies;
    /**
     * The pairings whose partner stopped reporting cooperation records (completeness rows of kind pairing that are
     * missing); null when the monitoring did not run.
     */
    private List<MissingPairing> missingPairings;
    /** Rows of each table the run published for its run date, in publish order; empty when it published none. */
    private final Map<String, Long> publishedTables = new LinkedHashMap<>();
    /** Run dates --keep-days removed after the publish; null when it did not run. */
    private List<String> retentionRemoved;
    /** The night's manifest under the output, when the night was committed. */
    private String manifest;

    @com.fasterxml.jackson.annotation.JsonIgnore
    private final Instant started;

    /** Rows as the row identity counts them: read = accepted + superseded + quarantined. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Counts(
            long rowsRead, long accepted, long superseded, long quarantined, Map<String, Long> quarantinedByReason) {}

    /** A pairing expected and missing tonight: its code (host-origin), name, and the last night it reported. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MissingPairing(String code, String name, String lastSeenRunDate) {}

    /** One stage of the run, as its progress line names it, and its seconds. */
    public record Stage(String name, double seconds) {}

    /** The night's anomalies: how many of each severity, and each one (severe first). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AnomalyCounts(long warning, long severe, List<AnomalyEntry> list) {}

    /** One anomaly, as the {@code anomalies} table has it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AnomalyEntry(
            String severity,
            String entityKind,
            String code,
            String name,
            String metric,
            String strategy,
            double tonight,
            double baseline) {}

    /**
     * A run of {@code runDate} into {@code output} that started at {@code started}; {@code runDate} is null when the
     * command line failed before it was known.
     */
    public RunResult(LocalDate runDate, String output, Instant started) {
        this.runDate = runDate == null ? null : runDate.toString();
        this.output = output;
        this.started = started;
        this.startedAt = BuildInfo.timestamp(started);
    }

    void stage(String name, double seconds) {
        stages.add(new Stage(name, round(seconds)));
    }

    void counts(Counts counts) {
        this.counts = counts;
    }

    void cooperationCounts(Counts counts) {
        this.cooperationCounts = counts;
    }

    void missingPairings(List<MissingPairing> missing) {
        this.missingPairings = List.copyOf(missing);
    }

    void anomalies(List<Anomalies.Anomaly> found) {
        List<AnomalyEntry> list = new ArrayList<>();
        long warning = 0;
        long severe = 0;
        for (Anomalies.Anomaly a : found) {
            if (a.severity() == Anomalies.Severity.SEVERE) {
                severe++;
            } else {
                warning++;
            }
            list.add(new AnomalyEntry(
                    a.severity().label(),
                    a.kind().label(),
                    a.code(),
                    a.name(),
                    a.metric(),
                    a.strategy().label(),
                    a.tonight(),
                    a.baseline()));
        }
        this.anomalies = new AnomalyCounts(warning, severe, list);
    }

    void published(Map<String, Long> tableRows, String manifestPath) {
        publishedTables.clear();
        publishedTables.putAll(tableRows);
        this.manifest = manifestPath;
    }

    void retentionRemoved(List<LocalDate> removed) {
        this.retentionRemoved = removed.stream().map(LocalDate::toString).toList();
    }

    /** The status the run would end with if it stopped now with a data check failure (its manifest's status). */
    void status(String status) {
        this.status = status;
    }

    /**
     * Ends the result: the exit code, and for a failure its one sentence (the same the CLI prints). A data check
     * keeps the status it recorded; exit 1 and 2 get their own.
     */
    public RunResult finish(int exitCode, String reason, Instant finished) {
        this.exitCode = exitCode;
        this.reason = reason;
        if (exitCode == ExitCode.OK) {
            this.status = RunManifest.Status.PUBLISHED.json();
        } else if (exitCode == ExitCode.USAGE) {
            this.status = STATUS_USER_ERROR;
        } else if (exitCode != ExitCode.DATA_CHECK || status == null) {
            this.status = STATUS_INTERNAL;
        }
        this.finishedAt = BuildInfo.timestamp(finished);
        this.elapsedSeconds = round((finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        return this;
    }

    public Integer exitCode() {
        return exitCode;
    }

    /** The document, as {@code run --json} prints it and {@code _runs/D/result.json} keeps it. */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same in Prometheus' text exposition format, for node_exporter's textfile collector: gauges of the last run,
     * no timestamps (the collector gives the scrape's own), and no series for what the run never reached (a run
     * refused before reading has no row counts, rather than zeros that would look like an empty night).
     */
    public String prometheus() {
        StringBuilder b = new StringBuilder();
        gauge(
                b,
                "crossenroll_last_run_exit_code",
                "Exit code of the last run: 0 published, 1 internal failure, 2 user " + "error, 3 data check failed.");
        sample(b, "crossenroll_last_run_exit_code", "", exitCode);
        gauge(b, "crossenroll_last_run_success", "1 if the last run published its night (exit 0), else 0.");
        sample(b, "crossenroll_last_run_success", "", exitCode != null && exitCode == ExitCode.OK ? 1 : 0);
        gauge(b, "crossenroll_last_run_timestamp_seconds", "When the last run ended, in seconds since the Unix epoch.");
        sample(b, "crossenroll_last_run_timestamp_seconds", "", finishedSeconds());
        gauge(b, "crossenroll_last_run_duration_seconds", "Wall-clock seconds of the last run.");
        sample(b, "crossenroll_last_run_duration_seconds", "", elapsedSeconds);
        gauge(b, "crossenroll_last_run_info", "The last run's run date, status and code version, as labels.");
        sample(
                b,
                "crossenroll_last_run_info",
                labels("run_date", runDate, "status", status, "code_version", codeVersion),
                1);
        if (!stages.isEmpty()) {
            gauge(b, "crossenroll_stage_duration_seconds", "Seconds of each stage of the last run that finished.");
            for (Stage s : stages) {
                sample(b, "crossenroll_stage_duration_seconds", labels("stage", s.name()), s.seconds());
            }
        }
        if (counts != null) {
            gauge(b, "crossenroll_rows_read", "Rows the last run read.");
            sample(b, "crossenroll_rows_read", "", counts.rowsRead());
            gauge(b, "crossenroll_rows_accepted", "Rows the last run accepted (one per enrollment).");
            sample(b, "crossenroll_rows_accepted", "", counts.accepted());
            gauge(b, "crossenroll_rows_superseded", "Valid rows of the last run that a newer version replaced.");
            sample(b, "crossenroll_rows_superseded", "", counts.superseded());
            gauge(b, "crossenroll_rows_quarantined", "Rows the last run quarantined, by reason (sum them for all).");
            for (Map.Entry<String, Long> e : counts.quarantinedByReason().entrySet()) {
                sample(b, "crossenroll_rows_quarantined", labels("reason", e.getKey()), e.getValue());
            }
        }
        if (cooperationCounts != null) {
            gauge(b, "crossenroll_cooperation_rows_read", "Cooperation record rows the last run read.");
            sample(b, "crossenroll_cooperation_rows_read", "", cooperationCounts.rowsRead());
            gauge(b, "crossenroll_cooperation_rows_accepted", "Cooperation records the last run accepted.");
            sample(b, "crossenroll_cooperation_rows_accepted", "", cooperationCounts.accepted());
            gauge(
                    b,
                    "crossenroll_cooperation_rows_superseded",
                    "Valid cooperation records of the last run that a newer version replaced.");
            sample(b, "crossenroll_cooperation_rows_superseded", "", cooperationCounts.superseded());
            gauge(
                    b,
                    "crossenroll_cooperation_rows_quarantined",
                    "Cooperation record rows the last run quarantined, by reason (sum them for all).");
            for (Map.Entry<String, Long> e :
                    cooperationCounts.quarantinedByReason().entrySet()) {
                sample(b, "crossenroll_cooperation_rows_quarantined", labels("reason", e.getKey()), e.getValue());
            }
        }
        if (missingPairings != null) {
            gauge(
                    b,
                    "crossenroll_missing_pairings",
                    "Pairings that reported cooperation records on an earlier night and none on the last run's.");
            sample(b, "crossenroll_missing_pairings", "", missingPairings.size());
        }
        if (anomalies != null) {
            gauge(b, "crossenroll_anomalies", "Anomalies of the last run against earlier nights, by severity.");
            sample(b, "crossenroll_anomalies", labels("severity", "warning"), anomalies.warning());
            sample(b, "crossenroll_anomalies", labels("severity", "severe"), anomalies.severe());
        }
        if (!publishedTables.isEmpty()) {
            gauge(b, "crossenroll_published_table_rows", "Rows of each table the last run published.");
            publishedTables.forEach(
                    (table, rows) -> sample(b, "crossenroll_published_table_rows", labels("table", table), rows));
        }
        return b.toString();
    }

    private double finishedSeconds() {
        Instant end = finishedAt == null
                ? Instant.now()
                : java.time.OffsetDateTime.parse(finishedAt).toInstant();
        return end.toEpochMilli() / 1000.0;
    }

    private static void gauge(StringBuilder b, String name, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void sample(StringBuilder b, String name, String labels, Number value) {
        b.append(name).append(labels).append(' ');
        if (value == null) {
            b.append("NaN");
        } else if (value instanceof Double d) {
            b.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d));
        } else {
            b.append(value.longValue());
        }
        b.append('\n');
    }

    /** {@code {k="v",...}} with the format's escapes (backslash, quote, line break); null values are left out. */
    private static String labels(String... keyValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                continue;
            }
            b.append(b.length() == 0 ? "{" : ",")
                    .append(keyValues[i])
                    .append("=\"")
                    .append(keyValues[i + 1]
                            .replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("\n", "\\n"))
                    .append('"');
        }
        return b.length() == 0 ? "" : b.append('}').toString();
    }

    private static double round(double seconds) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3f", seconds));
    }
}
