/**
 * The five reports (docs/reports.md), built from the accepted enrollments as pure Dataset-to-Dataset steps.
 *
 * <p>{@link org.crossenroll.report.Report} (the reports and the schema version), {@link
 * org.crossenroll.report.Reports} (builds them from one fine-grained aggregation), {@link
 * org.crossenroll.report.ReportSpec} (what each column is: every report is checked against it before it is written),
 * {@link org.crossenroll.report.Counts} (the counts every report carries) and {@link
 * org.crossenroll.report.ReportChecks} (the cross-report totals checked before publishing).
 */
package org.crossenroll.report;
