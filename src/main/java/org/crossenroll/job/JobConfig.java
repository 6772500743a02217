package org.crossenroll.job;

import java.time.LocalDate;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.privacy.PseudonymKey;

/**
 * A validated, immutable description of one run, built by the CLI (or a test) before Spark does any work.
 *
 * @param inputDir where the submissions are, searched recursively
 * @param outputDir where the tables, the run history and the staging area live
 * @param runDate the partition this run writes and the latest intake date it accepts
 * @param regionsDir provinces.csv, prefectures.csv and counties.csv
 * @param pairingsFile the pairings pairing_progress follows
 * @param maxQuarantinedFraction above this share of quarantined rows no reports are published (exit 3)
 * @param keepDays keep this many run dates back from the run date, removing older ones; null keeps all
 * @param minCellCount k of the published layer: person counts of 1..k-1 are withheld there
 *     (docs/published-layer.md)
 * @param schemesFile the scheme vocabulary: schemes outside it are published as 其他 ({@code Schemes})
 * @param expectFromDays the history window of the monitoring: earlier nights of the last N days are compared with
 *     tonight, and whoever submitted in them is expected tonight (docs/operations.md, "Night over night")
 * @param expectedSubmittersFile the expected submitters instead of the history's; null expects the history's
 * @param failOnAnomaly a severe anomaly fails the night's data check (exit 3), as too many quarantined rows do
 * @param schoolsFile the school registry ({@code --schools}): its names win for the schools it lists; null for none
 */
public record JobConfig(
    String inputDir,
    String outputDir,
    LocalDate runDate,
    String regionsDir,
    String pairingsFile,
    PseudonymKey key,
    Encoding encoding,
    double maxQuarantinedFraction,
    Integer keepDays,
    long minCellCount,
    String schemesFile,
    int expectFromDays,
    String expectedSubmittersFile,
    boolean failOnAnomaly,
    String schoolsFile) {
  public static final double DEFAULT_MAX_QUARANTINED_FRACTION = 0.05;

  /** Without a school registry. */
  public JobConfig(String inputDir, String outputDir, LocalDate runDate, String regionsDir, String pairingsFile,
      PseudonymKey key, Encoding encoding, double maxQuarantinedFraction, Integer keepDays, long minCellCount,
      String schemesFile, int expectFromDays, String expectedSubmittersFile, boolean failOnAnomaly) {
    this(inputDir, outputDir, runDate, regionsDir, pairingsFile, key, encoding, maxQuarantinedFraction, keepDays,
        minCellCount, schemesFile, expectFromDays, expectedSubmittersFile, failOnAnomaly, null);
  }

  /** Without the monitoring options: the history of the last 30 days, anomalies warn. */
  public JobConfig(String inputDir, String outputDir, LocalDate runDate, String regionsDir, String pairingsFile,
      PseudonymKey key, Encoding encoding, double maxQuarantinedFraction, Integer keepDays, long minCellCount,
      String schemesFile) {
    this(inputDir, outputDir, runDate, regionsDir, pairingsFile, key, encoding, maxQuarantinedFraction, keepDays,
        minCellCount, schemesFile, org.crossenroll.monitor.Monitor.DEFAULT_EXPECT_FROM_DAYS, null, false);
  }
}
