package org.crossenroll.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Checks made on the finished reports before anything is published: for every intake year (and for all years),
 * the students of flows, of origin_summary's province rows and of host_summary's province rows agree.
 */
public final class ReportChecks {
    private ReportChecks() {}

    public static void crossTotals(List<Row> flows, List<Row> originSummary, List<Row> hostSummary) {
        Map<String, Long> fromFlows = new TreeMap<>();
        for (Row r : flows) {
            add(fromFlows, String.valueOf((Object) r.getAs("intake_year")), r.getAs("students"));
            add(fromFlows, "all years", r.getAs("students"));
        }
        Map<String, Long> fromOrigin = provinceTotals(originSummary);
        Map<String, Long> fromHost = provinceTotals(hostSummary);
        if (!fromFlows.equals(fromOrigin) || !fromFlows.equals(fromHost)) {
            throw new IllegalStateException("Report totals disagree (students by intake year): flows " + fromFlows
                    + ", origin_summary provinces " + fromOrigin + ", host_summary provinces " + fromHost
                    + "; nothing was published.");
        }
    }

    private static Map<String, Long> provinceTotals(List<Row> summary) {
        Map<String, Long> totals = new TreeMap<>();
        for (Row r : summary) {
            if ("province".equals(r.getAs("level"))) {
                Object year = r.getAs("intake_year");
                add(totals, year == null ? "all years" : String.valueOf(year), r.getAs("students"));
            }
        }
        return totals;
    }

    private static void add(Map<String, Long> totals, String key, Object students) {
        totals.merge(key, ((Number) Objects.requireNonNull(students)).longValue(), Long::sum);
    }
}
