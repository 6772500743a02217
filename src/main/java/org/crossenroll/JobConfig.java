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
 */
public record JobConfig(
    String inputDir,
    String outputDir,
    LocalDate runDate,
    String regionsDir,
    String pairingsFile,
    PseudonymKey key,
    Encoding encoding) {}
