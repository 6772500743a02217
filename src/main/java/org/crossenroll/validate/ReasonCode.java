package org.crossenroll.validate;

/**
 * Why a row was quarantined. When several apply, the first in this order wins (input contract, "Bad input";
 * docs/input-contract.md, "Every row ends in exactly one place").
 */
public enum ReasonCode {
    /**
     * The row cannot be split into fields: wrong column count, broken quoting, an unparseable JSON line, a JSON object
     * or array as a value, bytes that are not text in the file's encoding, a control character in a value.
     */
    MALFORMED,
    /**
     * A field other than {@code student_id} holds a value shaped like an ID-card or national student number
     * ({@link org.crossenroll.privacy.PersonalData}), or the row's own student name or student id
     * ({@link org.crossenroll.privacy.OwnIdentity}, decided by the readers): a student's identity typed into the wrong
     * column. Checked before
     * every rule about the values, so that the row's reason says so whatever else is wrong with it; the value is not
     * kept anywhere (not even the record_id of the row, which may be the value itself), and the detail gives only its
     * shape.
     */
    PERSONAL_DATA_IN_FIELD,
    /** A required field is blank. */
    MISSING_FIELD,
    /** A value has the wrong form or is out of range: a bad date, a 5-digit code, an unknown enum, a future intake. */
    INVALID_VALUE,
    /**
     * A well-formed county code that neither the region reference nor its code history resolves
     * ({@link org.crossenroll.reference.RegionResolution}): a code of another vintage is resolved first.
     */
    UNKNOWN_REGION,
    /** Fields contradict each other: status_date before intake_date, employment fields on a non-graduate. */
    INCONSISTENT
}
