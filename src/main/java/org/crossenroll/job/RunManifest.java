package org.crossenroll.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code _runs/D/manifest.json}: what a run read, did and checked. The job fills it as each step and check runs and
 * serializes it once, at publish; a check that did not run says so ({@link Check#notRun}), so a run that stopped
 * early never claims more than it verified. Field names are the JSON keys (snake case); docs/operations.md's
 * "What a run writes" lists them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public final class RunManifest {
  /** Status values. */
  public static final String PUBLISHED = "published";
  public static final String FAILED_QUARANTINE = "failed: quarantined fraction above the maximum";
  public static final String FAILED_ANOMALY = "failed: severe anomalies with --fail-on-anomaly";
  public static final String FAILED_DISCLOSURE = "failed: the published layer could not be proven safe";

  public String runDate;
  public String startedAt;
  public String finishedAt;
  public String status;
  public String codeVersion;
  public String sparkVersion;
  public String inputDir;
  public String regionsDir;
  public String encoding;
  public String pseudonymKeyFingerprint;
  public List<InputFileEntry> inputFiles = new ArrayList<>();
  public List<String> skippedFiles = new ArrayList<>();
  /** Paths that name a file already read under another path (links): path -> the path it was read as. */
  public Map<String, String> sameFilesReadOnce = new LinkedHashMap<>();
  public long rowsRead;
  public long accepted;
  public long superseded;
  public long quarantined;
  public Map<String, Long> quarantinedByReason = new LinkedHashMap<>();
  public double quarantinedFraction;
  public double maxQuarantinedFraction;
  public String pairings;
  public PairingsEntry pairingsUsed;
  public String schemes;
  /** The school registry ({@code --schools}) and how many schools it named; null without one. */
  public SchoolsEntry schools;
  public RegionReferenceEntry regionReference;
  /**
   * Accepted rows with a county code resolved through the code history, by kind (forward, backward, to_prefecture,
   * to_province): the sums of data_quality's resolved_* columns.
   */
  public Map<String, Long> regionCodesResolved;
  public int reportSchemaVersion;
  /** Each self-check by name: identity, cross_report, disclosure_audit. */
  public Map<String, Check> checks = new LinkedHashMap<>();
  public Map<String, Integer> reportRows;
  public PublishedLayerEntry publishedLayer;
  public MonitoringEntry monitoring;
  public List<String> publishedTables = new ArrayList<>();
  /** Rows of each published table for the night, from the staged Parquet footers: the runs table shows them. */
  public Map<String, Long> tableRows;
  /** Run dates removed by --keep-days after this run published, if it was given. */
  public List<String> retentionRemoved;

  /** One input file as read. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InputFileEntry(String sourceFile, String format, long sizeBytes, String encoding, long rowsRead,
      List<String> ignoredColumns) {}

  /** A self-check: passed (with what it checked) or not run (with why). A failed check stops the run. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Check(String status, String detail) {
    public static Check passed(String detail) {
      return new Check("passed", detail);
    }

    public static Check notRun(String why) {
      return new Check("not run", why);
    }

    public static Check failed(String why) {
      return new Check("failed", why);
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
  public record RegionReferenceEntry(String vintage, int provinces, int prefectures, int counties, int statsOnlyZones,
      int codeHistoryRows, Map<String, Integer> historyCodesByKind) {}

  /** The published layer: k, cells withheld per report, the audit's record, and how long it took. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PublishedLayerEntry(long minCellCount, Map<String, Long> withheldCells, Object audit,
      double seconds) {}

  /**
   * The night-over-night monitoring: the earlier nights compared with, where the expected submitters came from
   * ({@code history} of the last N days, or the file), how many were expected and missing, anomalies by severity.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record MonitoringEntry(List<String> historyNights, int expectFromDays, String expectedSubmitters,
      long expected, long missing, Map<String, Long> anomalies, boolean failOnAnomaly) {}

  public byte[] toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
