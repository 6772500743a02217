/**
 * Disclosure control: the published layer (docs/published-layer.md), designed for publication (issue 26).
 *
 * <p>{@link org.crossenroll.disclosure.DesignedLayer} builds it: only the tables designed for publication, each count
 * the sum of fine values made by the additive threshold method ({@link org.crossenroll.disclosure.AdditiveThreshold}), so
 * that the tables add up and a fine cell whose count did not change shows the same value in every table and on every
 * night; {@code DisclosureAudit} proves its promise from its rows and the grain
 * before anything is published.
 */
package org.crossenroll.disclosure;
