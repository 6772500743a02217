package org.crossenroll.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.crossenroll.report.Counts;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;

/**
 * The person counts of all the reports of a run as one table of cells, the form in which disclosure control sees
 * them: row {@code g} is a row of one report (reports one after the other), column {@code c} the count's place in
 * {@link Counts#NAMES}; cell {@code g * COLUMNS + c}. A report without some count leaves those cells unused.
 *
 * <p>Besides the cells, each row has its {@link Form}s: linear combinations of its counts that are never negative
 * whatever the enrollments are (the complement {@code students - female}, the graduates neither employed nor in
 * further study, ...). A reader knows them, so they bound what a withheld cell can be; and a complement is itself a
 * count of persons, so one of 1..k-1 needs the same protection as a published count.
 */
final class LinkedCells {
    static final int COLUMNS = Counts.NAMES.size();
    static final int STUDENTS = Counts.NAMES.indexOf("students");

    /** A linear combination of a row's counts that is never negative; {@code sensitive}: a count of persons. */
    record Form(String name, int[] columns, int[] coefficients, boolean sensitive) {
        long value(long[] values, int row) {
            long v = 0;
            for (int i = 0; i < columns.length; i++) {
                v += coefficients[i] * values[row * COLUMNS + columns[i]];
            }
            return v;
        }
    }

    final List<Report> reports;
    final Map<Report, Integer> offset = new HashMap<>();
    final Map<Report, List<Row>> rowsOf;
    final Report[] reportOf;
    final int[] localRow;
    /** The value of every cell as a reader with full access sees it (the internal layer), or -1 where unknown. */
    final long[] value;
    /** Whether the cell exists (its report has that count). */
    final boolean[] exists;
    /** The least value a reader knows {@code students} of the row has: 1 where a row is shown only with students. */
    final long[] studentsAtLeast;
    /** What a reader knows of the two provinces of each row's students (see {@link Provinces}). */
    final Provinces[] provinces;
    /** Each row's forms: its report's counts, and what the reader knows of its provinces. */
    final Form[][] formsOfRow;

    private final Map<Report, Map<List<Object>, Integer>> rowByKey = new HashMap<>();

    /**
     * @param rowsOf every report's rows; a count that is null (withheld in a published layer) is unknown, -1
     */
    LinkedCells(Map<Report, List<Row>> rowsOf) {
        this.reports = new ArrayList<>(rowsOf.keySet());
        this.rowsOf = rowsOf;
        int total = 0;
        for (Report report : reports) {
            offset.put(report, total);
            total += rowsOf.get(report).size();
        }
        reportOf = new Report[total];
        localRow = new int[total];
        value = new long[total * COLUMNS];
        exists = new boolean[total * COLUMNS];
        studentsAtLeast = new long[total];
        formsOfRow = new Form[total][];
        provinces = new Provinces[total];
        ProvinceScopes scopes = new ProvinceScopes(rowsOf.get(Report.FLOWS));
        for (Report report : reports) {
            ReportSpec spec = ReportSpec.of(report);
            Map<Provinces, Form[]> formsOf = new java.util.EnumMap<>(Provinces.class);
            for (Provinces p : Provinces.values()) {
                formsOf.put(p, forms(spec, p).toArray(new Form[0]));
            }
            Map<List<Object>, Integer> byKey = new HashMap<>();
            rowByKey.put(report, byKey);
            List<Row> rows = rowsOf.get(report);
            int base = offset.get(report);
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                int g = base + r;
                reportOf[g] = report;
                provinces[g] = scopes.of(report, row);
                formsOfRow[g] = formsOf.get(provinces[g]);
                localRow[g] = r;
                if (byKey.put(spec.key(row), g) != null) {
                    throw new IllegalStateException(
                            "Two rows of " + report.table() + " share the identity " + spec.key(row));
                }
                studentsAtLeast[g] = spec.emptyRowsShown().apply(row) ? 0 : 1;
                for (String count : spec.counts()) {
                    int c = Counts.NAMES.indexOf(count);
                    int f = row.fieldIndex(count);
                    exists[g * COLUMNS + c] = true;
                    value[g * COLUMNS + c] = row.isNullAt(f) ? -1 : row.getLong(f);
                }
            }
        }
    }

    int rows() {
        return reportOf.length;
    }

    /** The row of a report with the given identity, or -1. */
    int row(Report report, List<Object> key) {
        Map<List<Object>, Integer> byKey = rowByKey.get(report);
        Integer g = byKey == null ? null : byKey.get(key);
        return g == null ? -1 : g;
    }

    Row rowOf(int g) {
        return rowsOf.get(reportOf[g]).get(localRow[g]);
    }

    /** The least value a reader knows the cell has. */
    long lower(int cell) {
        return cell % COLUMNS == STUDENTS ? studentsAtLeast[cell / COLUMNS] : 0;
    }

    String describe(int cell) {
        int g = cell / COLUMNS;
        return reportOf[g].table() + " " + ReportSpec.of(reportOf[g]).key(rowOf(g)) + " "
                + Counts.NAMES.get(cell % COLUMNS);
    }

    /**
     * What a reader knows, from the rows that exist, of whether a row's students study in their home province: this
     * decides which relations between {@code employed}, {@code employed_in_origin_province} and
     * {@code employed_in_host_province} hold. The contract lets origin and host lie in one province (a province pairs
     * its own poor counties with richer ones; guaranteed enrollment is often within a province): for such a student the
     * two employment counts count the same person.
     */
    enum Provinces {
        /** Every student of the row has origin province != host province: employed >= in origin + in host. */
        DIFFERENT,
        /** Every student of the row has origin province == host province: in origin == in host. */
        SAME,
        /** Either may hold: only employed >= in origin and employed >= in host. */
        MIXED
    }

    /**
     * The province relation of a row. A flows row names both provinces. A summary row covers the flows rows of its
     * region's prefecture (or province) and year, and a flows row exists exactly when it has students, so a reader
     * knows the row is {@link Provinces#DIFFERENT} (or SAME) when every such flows row is; a county or school row is
     * judged by its prefecture's flows rows, since no report shows flows by county. Anything else is MIXED.
     */
    private static final class ProvinceScopes {
        /** (side, region code, year or null) -> bit 1: some flows row there is within a province, bit 2: across. */
        private final Map<List<Object>, Integer> seen = new HashMap<>();

        ProvinceScopes(List<Row> flows) {
            for (Row f : flows == null ? List.<Row>of() : flows) {
                int bit = java.util.Objects.equals(f.getAs("origin_province_code"), f.getAs("host_province_code"))
                        ? 1
                        : 2;
                for (Object year : java.util.Arrays.asList(f.getAs("intake_year"), null)) {
                    for (String side : List.of("origin", "host")) {
                        for (String level : List.of("_province_code", "_prefecture_code")) {
                            seen.merge(
                                    java.util.Arrays.asList(side, f.getAs(side + level), year), bit, (a, b) -> a | b);
                        }
                    }
                }
            }
        }

        Provinces of(Report report, Row row) {
            return switch (report) {
                case FLOWS, OUTCOMES ->
                    java.util.Objects.equals(row.getAs("origin_province_code"), row.getAs("host_province_code"))
                            ? Provinces.SAME
                            : Provinces.DIFFERENT;
                case ORIGIN_SUMMARY -> scope("origin", row);
                case HOST_SUMMARY -> scope("host", row);
                case PAIRING_PROGRESS -> Provinces.MIXED;
            };
        }

        private Provinces scope(String side, Row row) {
            String level = row.getAs("level");
            Object region = level.equals("province") || level.equals("prefecture")
                    ? row.getAs("region_code")
                    : row.getAs("prefecture_code");
            Integer bits = seen.get(java.util.Arrays.asList(side, region, row.getAs("intake_year")));
            return bits == null || bits == 3 ? Provinces.MIXED : bits == 1 ? Provinces.SAME : Provinces.DIFFERENT;
        }
    }

    /**
     * The never-negative combinations of a report's counts that hold for every input the contract allows, given what
     * a reader knows of a row's provinces:
     * <ul>
     *   <li>each split's complement, {@code students - female} and so on (sensitive: a count of persons): a split
     *       counts some of the row's students (an unknown ethnicity is not counted as a minority);
     *   <li>the graduates neither employed nor in further study: an employment status is allowed only on a graduate
     *       and is one of the two or unemployed;
     *   <li>the employed working outside their home province, and outside their host province: each employment count
     *       counts some of the employed (an employed student without an employment county is in neither);
     *   <li>where every student of the row crossed a province border ({@link Provinces#DIFFERENT}), the employed
     *       working in neither province: no one works in two provinces at once. Where origin and host coincide the two
     *       counts are equal instead (an equality, see {@link Relations});
     *   <li>where a report does not show all four statuses, the students neither graduated nor withdrawn: a student
     *       has exactly one status.
     * </ul>
     */
    static List<Form> forms(ReportSpec spec, Provinces provinces) {
        List<String> counts = spec.counts();
        List<Form> forms = new ArrayList<>();
        for (String split : spec.splits()) {
            forms.add(form("students_not_" + split, true, counts, "students", split));
        }
        if (counts.contains("graduated") && counts.contains("employed")) {
            forms.add(form(
                    "graduated_not_employed_or_studying", false, counts, "graduated", "employed", "further_study"));
        }
        if (counts.contains("employed")) {
            boolean origin = counts.contains("employed_in_origin_province");
            boolean host = counts.contains("employed_in_host_province");
            if (provinces == Provinces.DIFFERENT && (origin || host)) {
                forms.add(form(
                        "employed_elsewhere",
                        false,
                        counts,
                        "employed",
                        "employed_in_origin_province",
                        "employed_in_host_province"));
            } else {
                if (origin) {
                    forms.add(form(
                            "employed_outside_origin_province",
                            false,
                            counts,
                            "employed",
                            "employed_in_origin_province"));
                }
                if (host && provinces == Provinces.MIXED) {
                    forms.add(form(
                            "employed_outside_host_province", false, counts, "employed", "employed_in_host_province"));
                }
            }
        }
        if (!counts.containsAll(ReportSpec.STATUSES) && counts.contains("graduated")) {
            forms.add(form("students_not_graduated_or_withdrawn", false, counts, "students", "graduated", "withdrawn"));
        }
        return forms;
    }

    /** {@code first - rest...} over those of the columns the report has. */
    private static Form form(String name, boolean sensitive, List<String> counts, String first, String... rest) {
        List<Integer> columns = new ArrayList<>();
        List<Integer> coefficients = new ArrayList<>();
        columns.add(Counts.NAMES.indexOf(first));
        coefficients.add(1);
        for (String r : rest) {
            if (counts.contains(r)) {
                columns.add(Counts.NAMES.indexOf(r));
                coefficients.add(-1);
            }
        }
        return new Form(
                name,
                columns.stream().mapToInt(Integer::intValue).toArray(),
                coefficients.stream().mapToInt(Integer::intValue).toArray(),
                sensitive);
    }
}
