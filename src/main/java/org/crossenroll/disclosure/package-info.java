/**
 * Disclosure control: the published layer (docs/published-layer.md), designed for publication (issue 26).
 *
 * <p>{@link org.crossenroll.disclosure.DesignedLayer} builds it: only the tables designed for publication, each count
 * perturbed by the cell-key method ({@link org.crossenroll.disclosure.CellKey}), so that the same enrollments give the
 * same value in every table and on every night; {@code DisclosureAudit} proves its promise from its rows and the grain
 * before anything is published.
 */
package org.crossenroll.disclosure;
