package org.crossenroll;

/**
 * The input was read, but failed a data check (too many quarantined rows): the run published quarantine and
 * data_quality for diagnosis, no reports, and the CLI exits with {@link ExitCode#DATA_CHECK}.
 */
public class DataCheckFailed extends RuntimeException {
  public DataCheckFailed(String message) {
    super(message);
  }
}
