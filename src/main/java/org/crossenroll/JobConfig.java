package org.crossenroll;

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
 * @param minCellCount k of the published layer: person counts of 1..k-1 are withheld there (README, "The published
 *     layer")
 * @param schemesFile the scheme vocabulary: schemes outside it are published as 其他 ({@code Schemes})
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
    String schemesFile) {
  public static final double DEFAULT_MAX_QUARANTINED_FRACTION = 0.05;
}
