/**
 * The students' identities: pseudonyms at intake, and personal data where it does not belong.
 *
 * <p>{@link org.crossenroll.privacy.PseudonymKey} (the key, its checks and fingerprint), {@link
 * org.crossenroll.privacy.Pseudonymizer} (HMAC-SHA256 of the normalised id), {@link
 * org.crossenroll.privacy.PersonalData} (ID-shaped values, and the shape of a value described without repeating
 * it), {@link org.crossenroll.privacy.OwnIdentity} (a row's own name or id in another field).
 */
package org.crossenroll.privacy;
