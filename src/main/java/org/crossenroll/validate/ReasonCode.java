package org.crossenroll.validate;

/**
 * Why a row was quarantined. When several apply, the first in this order wins (input contract, "Bad input").
 */
public enum ReasonCode {
  /** The row cannot be split into fields: wrong column count, broken quoting, an unparseable JSON line. */
  MALFORMED,
  /** A required field is blank. */
  MISSING_FIELD,
  /** A value has the wrong form or is out of range: a bad date, a 5-digit code, an unknown enum, a future intake. */
  INVALID_VALUE,
  /** A well-formed region code that the region reference does not contain. */
  UNKNOWN_REGION,
  /** Fields contradict each other: status_date before intake_date, employment fields on a non-graduate. */
  INCONSISTENT
}
