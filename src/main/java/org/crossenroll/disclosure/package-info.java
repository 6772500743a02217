/**
 * Disclosure control: the published layer of the reports, in which no count of 1..k-1 can be narrowed by a reader to
 * a range less than k wide (docs/published-layer.md).
 *
 * <p>{@link org.crossenroll.disclosure.PublishedLayer} builds the published reports; {@code Protection} chooses the
 * cells to withhold by moving students between {@code Units} (the finest grain every report sums), over the cells of
 * {@code LinkedCells}; {@code DisclosureAudit} proves the result from the published rows alone, with the equalities
 * of {@code Relations}, before anything is published.
 *
 * <p>Its successor (issue 26), {@link org.crossenroll.disclosure.DesignedLayer}: only the tables designed for
 * publication, each count perturbed by the cell-key method ({@link org.crossenroll.disclosure.CellKey}), so that the
 * same enrollments give the same value in every table and on every night; {@code DisclosureAudit.checkDesigned} proves
 * its promise from its rows and the grain. Every run builds and audits it beside the suppressed layer.
 */
package org.crossenroll.disclosure;
