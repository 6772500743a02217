/**
 * Night over night: the {@code metrics}, {@code completeness} and {@code anomalies} tables (docs/operations.md,
 * "Night over night").
 *
 * <p>{@link org.crossenroll.monitor.Metrics} (what a night received, per file, school and province), {@link
 * org.crossenroll.monitor.History} (the earlier published nights), {@link org.crossenroll.monitor.Completeness} (who
 * was expected and did not submit), {@link org.crossenroll.monitor.Anomalies} (Deequ's strategies), {@link
 * org.crossenroll.monitor.ExpectedSubmitters} ({@code --expected-submitters}), and {@link
 * org.crossenroll.monitor.Monitor}, which reads the inputs and ties them together.
 */
package org.crossenroll.monitor;
