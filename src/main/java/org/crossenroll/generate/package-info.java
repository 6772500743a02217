/**
 * Synthetic input for benchmarks and for the monitoring's scripted nights: {@link
 * org.crossenroll.generate.SyntheticInput}, behind {@code crossenroll generate}. Deterministic: record i depends only
 * on the seed and i.
 */
package org.crossenroll.generate;
