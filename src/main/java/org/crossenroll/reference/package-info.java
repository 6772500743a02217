/**
 * The reference data a run reads before any input: regions, the codes' history, pairings, schemes, schools.
 *
 * <p>{@link org.crossenroll.reference.Regions} (the national division codes), {@link
 * org.crossenroll.reference.CodeHistory} (the codes' history), {@link org.crossenroll.reference.RegionResolution}
 * (every county code to the reference's vintage: the lookup table validation joins), {@link
 * org.crossenroll.reference.Pairings} ({@code --pairings}), {@link org.crossenroll.reference.Schemes} (the scheme
 * vocabulary, {@code --schemes}) and {@link org.crossenroll.reference.SchoolRegistry} ({@code --schools}).
 */
package org.crossenroll.reference;
