/**
 * Disclosure control: the published layer of the reports, in which no count of 1..k-1 can be narrowed by a reader to
 * a range less than k wide (docs/published-layer.md).
 *
 * <p>{@link org.crossenroll.disclosure.PublishedLayer} builds the published reports; {@code Protection} chooses the
 * cells to withhold by moving students between {@code Units} (the finest grain every report sums), over the cells of
 * {@code LinkedCells}; {@code DisclosureAudit} proves the result from the published rows alone, with the equalities
 * of {@code Relations}, before anything is published.
 */
package org.crossenroll.disclosure;
