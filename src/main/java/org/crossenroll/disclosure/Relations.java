package org.crossenroll.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.crossenroll.report.Counts;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;

/**
 * The linear equalities a reader can write between the published tables, from their rows and the report
 * descriptions alone. Each holds for every input the contract allows, because every count is a sum over accepted
 * enrollments (one per student and intake year) and each enrollment lies in exactly one row of each grouping:
 * <ul>
 *   <li>a hierarchy's parent is the sum of its children: an enrollment has one intake year (the all-years row sums
 *       the years), one host school in one host county (a school submitted in two counties has a row under each,
 *       see ReportSpec), and each county code resolves to one prefecture and province of the reference (or to an
 *       explicit undetermined unit below its prefecture or province); a pairing's cumulative row sums its years;
 *   <li>a row's students are the sum of its four statuses: status is required and has exactly one of four values;
 *   <li>a row whose students all study in their home province has as many employed there as in the host province:
 *       the two conditions are then one (which rows, see {@link LinkedCells.Provinces});
 *   <li>across reports, a host_summary or origin_summary prefecture-year row, an outcomes row and a pairing's row of
 *       a year are each the sum of the flows rows of their prefecture(s) and year: flows group by year, scheme and
 *       both prefectures, so each enrollment of those rows is in exactly one of those flows rows.
 * </ul>
 * (The inequalities are the rows' {@link LinkedCells.Form}s.) The audit checks every certificate of protection
 * against these, so it does not take the protection's word for what a move changes; and it first checks each of
 * them on the internal reports.
 */
final class Relations {
    /** {@code sum(coefficients[i] * cell[cells[i]]) = 0}. */
    record Equality(String kind, int[] cells, int[] coefficients) {}

    private static final String ORIGIN = "employed_in_origin_province";
    private static final String HOST = "employed_in_host_province";

    private Relations() {}

    static List<Equality> of(LinkedCells cells) {
        List<Equality> result = new ArrayList<>();
        for (Report report : cells.reports) {
            ReportSpec spec = ReportSpec.of(report);
            List<Row> rows = cells.rowsOf.get(report);
            int base = cells.offset.get(report);
            for (Function<Row, List<Object>> parentOf : spec.parents()) {
                Map<Integer, List<Integer>> children = new LinkedHashMap<>();
                for (int r = 0; r < rows.size(); r++) {
                    List<Object> parent = parentOf.apply(rows.get(r));
                    int p = parent == null ? -1 : cells.row(report, parent);
                    if (p >= 0) {
                        children.computeIfAbsent(p, x -> new ArrayList<>()).add(base + r);
                    }
                }
                children.forEach((p, parts) -> sums(result, report.table() + " hierarchy", spec.counts(), p, parts));
            }
            if (spec.counts().containsAll(List.of(ORIGIN, HOST))) {
                // a student studying in the home province is employed in both or neither (see LinkedCells.Provinces)
                for (int r = 0; r < rows.size(); r++) {
                    int g = base + r;
                    if (cells.provinces[g] == LinkedCells.Provinces.SAME) {
                        result.add(new Equality(
                                report.table() + " within one province",
                                new int[] {
                                    g * LinkedCells.COLUMNS + Counts.NAMES.indexOf(ORIGIN),
                                    g * LinkedCells.COLUMNS + Counts.NAMES.indexOf(HOST)
                                },
                                new int[] {1, -1}));
                    }
                }
            }
            if (spec.counts().containsAll(ReportSpec.STATUSES)) {
                int students = Counts.NAMES.indexOf("students");
                for (int r = 0; r < rows.size(); r++) {
                    int g = base + r;
                    int[] cs = new int[1 + ReportSpec.STATUSES.size()];
                    int[] co = new int[cs.length];
                    cs[0] = g * LinkedCells.COLUMNS + students;
                    co[0] = 1;
                    for (int s = 0; s < ReportSpec.STATUSES.size(); s++) {
                        cs[s + 1] = g * LinkedCells.COLUMNS + Counts.NAMES.indexOf(ReportSpec.STATUSES.get(s));
                        co[s + 1] = -1;
                    }
                    result.add(new Equality(report.table() + " statuses", cs, co));
                }
            }
        }
        linkedThroughFlows(cells, result);
        return result;
    }

    /** For each count: {@code parent - sum(parts) = 0}. */
    private static void sums(List<Equality> result, String kind, List<String> counts, int parent, List<Integer> parts) {
        for (String count : counts) {
            int c = Counts.NAMES.indexOf(count);
            int[] cs = new int[parts.size() + 1];
            int[] co = new int[cs.length];
            cs[0] = parent * LinkedCells.COLUMNS + c;
            co[0] = 1;
            for (int i = 0; i < parts.size(); i++) {
                cs[i + 1] = parts.get(i) * LinkedCells.COLUMNS + c;
                co[i + 1] = -1;
            }
            result.add(new Equality(kind, cs, co));
        }
    }

    /** The sums between reports: each through flows (intake year, scheme, origin and host prefecture). */
    private static void linkedThroughFlows(LinkedCells cells, List<Equality> result) {
        if (!cells.reports.contains(Report.FLOWS)) {
            return;
        }
        Map<Report, Function<Row, List<List<Object>>>> parentsOfFlow = new LinkedHashMap<>();
        parentsOfFlow.put(
                Report.HOST_SUMMARY,
                f -> List.of(
                        Arrays.asList("prefecture", f.getAs("host_prefecture_code"), null, f.getAs("intake_year"))));
        parentsOfFlow.put(
                Report.ORIGIN_SUMMARY,
                f -> List.of(Arrays.asList("prefecture", f.getAs("origin_prefecture_code"), f.getAs("intake_year"))));
        parentsOfFlow.put(
                Report.OUTCOMES,
                f -> List.of(Arrays.asList(
                        f.getAs("intake_year"), f.getAs("origin_prefecture_code"), f.getAs("host_province_code"))));
        parentsOfFlow.put(Report.PAIRING_PROGRESS, f -> {
            List<List<Object>> keys = new ArrayList<>();
            for (Object host : List.of(f.getAs("host_province_code"), f.getAs("host_prefecture_code"))) {
                for (Object origin : List.of(f.getAs("origin_province_code"), f.getAs("origin_prefecture_code"))) {
                    keys.add(Arrays.asList(host, origin, f.getAs("intake_year")));
                }
            }
            return keys;
        });
        List<Row> flows = cells.rowsOf.get(Report.FLOWS);
        int flowsBase = cells.offset.get(Report.FLOWS);
        parentsOfFlow.forEach((report, parents) -> {
            if (!cells.reports.contains(report)) {
                return;
            }
            Map<Integer, List<Integer>> parts = new LinkedHashMap<>();
            for (int f = 0; f < flows.size(); f++) {
                for (List<Object> key : parents.apply(flows.get(f))) {
                    int parent = cells.row(report, key);
                    if (parent >= 0) {
                        parts.computeIfAbsent(parent, x -> new ArrayList<>()).add(flowsBase + f);
                    }
                }
            }
            parts.forEach((parent, flowRows) -> sums(
                    result, "flows to " + report.table(), ReportSpec.of(report).counts(), parent, flowRows));
        });
    }
}
