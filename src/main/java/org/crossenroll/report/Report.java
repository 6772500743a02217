package org.crossenroll.report;

/**
 * The reports a run publishes under {@code OUT/<name>/run_date=D/}. Each is documented column by column in
 * docs/reports.md; {@link #SCHEMA_VERSION} changes whenever a column is added, renamed or retyped.
 */
public enum Report {
  /** Students by intake year, scheme, origin prefecture and host prefecture. */
  FLOWS("flows"),
  /** The origin hierarchy (province, prefecture, county) per intake year and for all years. */
  ORIGIN_SUMMARY("origin_summary"),
  /** The host hierarchy (province, prefecture, county, school) per intake year and for all years. */
  HOST_SUMMARY("host_summary"),
  /** Each pairing of the pairings reference against its target, per intake year and cumulative. */
  PAIRING_PROGRESS("pairing_progress"),
  /** Graduation, employment and return home per intake year, origin prefecture and host province. */
  OUTCOMES("outcomes");

  public static final int SCHEMA_VERSION = 1;

  private final String table;

  Report(String table) {
    this.table = table;
  }

  /** The directory name under the output directory. */
  public String table() {
    return table;
  }
}
