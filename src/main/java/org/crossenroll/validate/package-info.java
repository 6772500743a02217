/**
 * Every row's fate: typed and checked against the contract, then quarantined, superseded or accepted
 * (docs/input-contract.md).
 *
 * <p>{@link org.crossenroll.validate.Validation} (typing and the first broken rule, as Spark expressions), {@link
 * org.crossenroll.validate.ReasonCode} (the quarantine reasons in order of precedence), {@link
 * org.crossenroll.validate.Supersession} (one row per record, then per enrollment), {@link
 * org.crossenroll.validate.Outcomes} (clean enrollments, quarantine, data quality) and {@link
 * org.crossenroll.validate.SchoolNames} (each school's one name).
 */
package org.crossenroll.validate;
