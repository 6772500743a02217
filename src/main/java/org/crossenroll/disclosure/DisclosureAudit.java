package org.crossenroll.disclosure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.disclosure.LinkedCells.Form;
import org.crossenroll.disclosure.Protection.Point;
import org.crossenroll.disclosure.Protection.Target;
import org.crossenroll.disclosure.Relations.Equality;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.report.ReportSpec.Rate;

/**
 * Proves the published layers safe before anything is published, from the published rows themselves and the report
 * descriptions, without taking the protection's word for anything: it rebuilds every relation a reader can write
 * ({@link Relations}, the rows' inequalities, the bounds), checks that each certificate of protection is a set of
 * tables that agrees with every published value and satisfies every relation, and then that every withheld count of
 * 1..k-1 and every complement of 1..k-1 takes values at least k apart across those tables. A reader's range for such
 * a count, by linear programming over all the relations at once or any other means, contains those values, so it is
 * at least k wide; and a count with two possible values is not determined exactly. Any failure throws: nothing is
 * published.
 */
final class DisclosureAudit {
    private static final int COLUMNS = LinkedCells.COLUMNS;

    /** What the audit checked and found; recorded in the manifest. */
    record Result(
            Map<String, Integer> relations,
            int inequalities,
            int cellsAudited,
            int points,
            Long narrowestRange,
            Map<String, Loss> loss) {
        Map<String, Object> toManifest() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", "passed");
            m.put("relations", relations);
            m.put("inequalities", inequalities);
            m.put("cells_audited", cellsAudited);
            m.put("points_of_protection", points);
            m.put("narrowest_range", narrowestRange);
            Map<String, Object> l = new LinkedHashMap<>();
            loss.forEach((report, x) -> l.put(report, x.toManifest()));
            m.put("loss", l);
            return m;
        }
    }

    /** Information loss of one report: cells withheld, and the share of its students in withheld students cells. */
    record Loss(long cells, long withheld, long students, long studentsWithheld) {
        Map<String, Object> toManifest() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count_cells", cells);
            m.put("count_cells_withheld", withheld);
            m.put("students_in_withheld_cells_share", students == 0 ? 0.0 : (double) studentsWithheld / students);
            return m;
        }
    }

    private DisclosureAudit() {}

    static Result check(
            Map<Report, List<Row>> internal,
            Map<Report, StructType> schemas,
            Map<Report, List<Row>> published,
            List<Point> points,
            long k) {
        for (Report report : internal.keySet()) {
            checkRows(report, schemas.get(report), internal.get(report), published.get(report), k);
        }
        LinkedCells truth = new LinkedCells(internal);
        LinkedCells seen = new LinkedCells(published);
        List<Equality> equalities = Relations.of(seen);
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (Equality eq : equalities) {
            kinds.merge(eq.kind(), 1, Integer::sum);
            if (sum(eq, truth.value) != 0) {
                fail("the relation " + eq.kind() + " at " + truth.describe(eq.cells()[0])
                        + " does not hold on the internal " + "reports, so the relations are not what the reports are");
            }
        }
        List<List<Integer>> equalitiesOfCell = new ArrayList<>(truth.value.length);
        for (int i = 0; i < truth.value.length; i++) {
            equalitiesOfCell.add(null);
        }
        for (int e = 0; e < equalities.size(); e++) {
            for (int cell : equalities.get(e).cells()) {
                if (equalitiesOfCell.get(cell) == null) {
                    equalitiesOfCell.set(cell, new ArrayList<>(3));
                }
                equalitiesOfCell.get(cell).add(e);
            }
        }
        int inequalities = 0;
        for (int g = 0; g < truth.rows(); g++) {
            inequalities += truth.formsOfRow[g].length;
        }

        List<Target> targets = Protection.targets(truth, k);
        long[] lowest = new long[targets.size()];
        long[] highest = new long[targets.size()];
        List<List<Integer>> targetsOfRow = new ArrayList<>(truth.rows());
        for (int g = 0; g < truth.rows(); g++) {
            targetsOfRow.add(new ArrayList<>(1));
        }
        for (int i = 0; i < targets.size(); i++) {
            lowest[i] = highest[i] = targets.get(i).value(truth.value);
            targetsOfRow.get(targets.get(i).row()).add(i);
        }
        // one array for every point's changes, reset after each: a new one per point would be the audit's main cost
        long[] delta = new long[truth.value.length];
        for (Point point : points) {
            java.util.Set<Integer> rows = new java.util.TreeSet<>();
            for (int i = 0; i < point.cells().length; i++) {
                int cell = point.cells()[i];
                if (seen.value[cell] >= 0) {
                    fail("a point of protection changes the published cell " + seen.describe(cell));
                }
                delta[cell] = point.delta()[i];
                rows.add(cell / COLUMNS);
            }
            for (int cell : point.cells()) {
                for (int e : equalitiesOfCell.get(cell) == null ? List.<Integer>of() : equalitiesOfCell.get(cell)) {
                    if (sum(equalities.get(e), delta) != 0) {
                        fail("a point of protection breaks the relation "
                                + equalities.get(e).kind() + " at " + seen.describe(cell));
                    }
                }
            }
            for (int g : rows) {
                for (int c = 0; c < COLUMNS; c++) {
                    int cell = g * COLUMNS + c;
                    if (truth.exists[cell] && truth.value[cell] + delta[cell] < truth.lower(cell)) {
                        fail("a point of protection takes " + seen.describe(cell) + " below " + truth.lower(cell));
                    }
                }
                for (Form form : truth.formsOfRow[g]) {
                    if (form.value(truth.value, g) + form.value(delta, g) < 0) {
                        fail("a point of protection takes " + form.name() + " of " + seen.describe(g * COLUMNS)
                                + " below 0");
                    }
                }
                for (int i : targetsOfRow.get(g)) {
                    long v = targets.get(i).value(truth.value) + targets.get(i).value(delta);
                    lowest[i] = Math.min(lowest[i], v);
                    highest[i] = Math.max(highest[i], v);
                }
            }
            for (int cell : point.cells()) {
                delta[cell] = 0;
            }
        }
        Long narrowest = null;
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            long range = highest[i] - lowest[i];
            if (range < k) {
                fail(t.name() + " of " + seen.describe(t.row() * COLUMNS) + " (a count of 1.." + (k - 1) + ") can be "
                        + "narrowed by a reader to less than " + k
                        + ": no set of tables consistent with the published ones "
                        + "was shown where it differs by " + k);
            }
            narrowest = narrowest == null ? range : Math.min(narrowest, range);
        }
        return new Result(kinds, inequalities, targets.size(), points.size(), narrowest, loss(truth, seen));
    }

    private static Map<String, Loss> loss(LinkedCells truth, LinkedCells seen) {
        Map<String, Loss> loss = new LinkedHashMap<>();
        for (Report report : truth.reports) {
            long cells = 0;
            long withheld = 0;
            long students = 0;
            long studentsWithheld = 0;
            int base = truth.offset.get(report);
            for (int g = base; g < base + truth.rowsOf.get(report).size(); g++) {
                for (int c = 0; c < COLUMNS; c++) {
                    int cell = g * COLUMNS + c;
                    if (truth.exists[cell]) {
                        cells++;
                        withheld += seen.value[cell] < 0 ? 1 : 0;
                    }
                }
                students += truth.value[g * COLUMNS + LinkedCells.STUDENTS];
                studentsWithheld += seen.value[g * COLUMNS + LinkedCells.STUDENTS] < 0
                        ? truth.value[g * COLUMNS + LinkedCells.STUDENTS]
                        : 0;
            }
            loss.put(report.table(), new Loss(cells, withheld, students, studentsWithheld));
        }
        return loss;
    }

    private static long sum(Equality eq, long[] values) {
        long s = 0;
        for (int i = 0; i < eq.cells().length; i++) {
            s += eq.coefficients()[i] * values[eq.cells()[i]];
        }
        return s;
    }

    /** The rules of each row: what is withheld is null, the rest as internally, rates and distinct counts follow. */
    private static void checkRows(Report report, StructType schema, List<Row> internal, List<Row> published, long k) {
        ReportSpec spec = ReportSpec.of(report);
        spec.check(schema);
        List<String> flagged = spec.flagged();
        if (internal.size() != published.size()) {
            fail(report.table() + " has " + published.size() + " published rows for " + internal.size()
                    + " internal ones");
        }
        for (int r = 0; r < internal.size(); r++) {
            Row in = internal.get(r);
            Row out = published.get(r);
            for (int f = 0; f < schema.size(); f++) {
                String column = schema.fields()[f].name();
                boolean withheld =
                        flagged.contains(column) && out.getBoolean(out.fieldIndex(column + PublishedLayer.FLAG));
                if (withheld && !out.isNullAt(f)) {
                    failRow(report, r, column + " is null when flagged withheld", out);
                }
                if (!withheld && !Objects.equals(in.get(f), out.get(f))) {
                    failRow(report, r, column + " is published as in the internal report unless withheld", out);
                }
            }
            for (String count : spec.counts()) {
                int f = out.fieldIndex(count);
                if (!out.isNullAt(f) && out.getLong(f) >= 1 && out.getLong(f) < k) {
                    failRow(report, r, count + " is not published between 1 and " + (k - 1), out);
                }
            }
            for (Rate rate : spec.rates()) {
                boolean parts =
                        withheldCount(spec, out, rate.numerator()) || withheldCount(spec, out, rate.denominator());
                if (parts && !out.getBoolean(out.fieldIndex(rate.column() + PublishedLayer.FLAG))) {
                    failRow(report, r, rate.column() + " is withheld with its numerator or denominator", out);
                }
            }
            for (String distinct : spec.distinctCounts()) {
                if (out.isNullAt(out.fieldIndex("students")) && !out.isNullAt(out.fieldIndex(distinct))) {
                    failRow(report, r, distinct + " is withheld with students", out);
                }
            }
        }
    }

    private static boolean withheldCount(ReportSpec spec, Row published, String column) {
        return spec.counts().contains(column) && published.isNullAt(published.fieldIndex(column));
    }

    /** Names the row by its identity (region codes, year...: never a person) and its place in the report. */
    private static void failRow(Report report, int row, String rule, Row published) {
        fail(rule + " does not hold in " + report.table() + " row " + (row + 1) + " "
                + ReportSpec.of(report).key(published));
    }

    private static void fail(String what) {
        throw new PublishedLayer.NotProven("the disclosure audit of the published layer failed: " + what);
    }

    /**
     * Proves the designed layer's promise (docs/published-layer.md, "The designed layer") from its published rows and
     * the grain, without taking {@link DesignedLayer}'s aggregation for anything: for every published row it sums the
     * grain that row's identity selects (a scan per row, not the builder's keyed sums), and checks that each count is
     * the ptable's value for that true count and cell key (so the same contributors give the same value on every
     * night), that it is 0 or at least k, that the true count lies within the bounds a reader is told
     * ({@link CellKey.PTable#lowestTrue}, {@link CellKey.PTable#highestTrue}), that a row is shown only with students
     * (but a pairing's), and that each rate is the one of its published counts. Any failure throws: nothing is
     * published.
     *
     * @return what was checked, for the manifest
     */
    static Map<String, Object> checkDesigned(
            Map<DesignedLayer.Table, List<Row>> published, List<DesignedLayer.Grain> grain, CellKey.PTable ptable) {
        long cells = 0;
        for (Map.Entry<DesignedLayer.Table, List<Row>> e : published.entrySet()) {
            DesignedLayer.Table t = e.getKey();
            for (Row row : e.getValue()) {
                long[] n = new long[DesignedLayer.MEASURES.size()];
                long[] keys = new long[DesignedLayer.MEASURES.size()];
                Selector select = selector(t, row);
                for (DesignedLayer.Grain g : grain) {
                    if (select.test(g)) {
                        for (int m = 0; m < n.length; m++) {
                            n[m] += g.counts()[m];
                            keys[m] += g.keySums()[m];
                        }
                    }
                }
                for (int m : DesignedLayer.measures(t)) {
                    String column = DesignedLayer.MEASURES.get(m);
                    long v = row.<Long>getAs(column);
                    cells++;
                    if (v > 0 && v < ptable.k()) {
                        fail(t.table() + " shows " + column + " = " + v + ", a count of 1.." + (ptable.k() - 1) + ": "
                                + row);
                    }
                    if (v != ptable.value(n[m], CellKey.cellKey(keys[m]))) {
                        fail(t.table() + " " + column + " = " + v + " is not the ptable's value for its contributors: "
                                + row);
                    }
                    if (n[m] < ptable.lowestTrue(v) || n[m] > ptable.highestTrue(v)) {
                        fail(t.table() + " " + column + " = " + v + " is outside its documented bound: " + row);
                    }
                }
                if (t != DesignedLayer.Table.PAIRING_STUDENTS && row.<Long>getAs("students") == 0) {
                    fail(t.table() + " shows a row with 0 students: " + row);
                }
                for (String[] rate : DesignedLayer.rates(t)) {
                    Object den = row.getAs(rate[2]);
                    Double expected = den == null
                            ? null
                            : DesignedLayer.rate(row.<Long>getAs(rate[1]), ((Number) den).longValue());
                    if (!Objects.equals(expected, row.getAs(rate[0]))) {
                        fail(t.table() + " " + rate[0] + " is not " + rate[1] + " / " + rate[2] + ": " + row);
                    }
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "passed");
        m.put("cells_audited", cells);
        m.put(
                "promise",
                "every count is the ptable's value for its contributors' true count and cell key; none is in 1.."
                        + (ptable.k() - 1) + "; every true count within its published bound");
        return m;
    }

    /** Whether a grain cell counts in one published row: its year (null: any), and its region codes on each side. */
    private record Selector(Integer year, boolean originProvince, String origin, boolean hostProvince, String host) {
        boolean test(DesignedLayer.Grain g) {
            return (year == null || year == g.year())
                    && (origin == null || origin.equals(originProvince ? g.originProvince() : g.originPrefecture()))
                    && (host == null || host.equals(hostProvince ? g.hostProvince() : g.hostPrefecture()));
        }
    }

    /** What selects the grain of row {@code row} of table {@code t}, read from the row's own columns. */
    private static Selector selector(DesignedLayer.Table t, Row row) {
        Integer year = row.getAs("intake_year");
        return switch (t) {
            case STUDENTS_BY_ORIGIN ->
                new Selector(year, "province".equals(row.getAs("level")), row.getAs("region_code"), true, null);
            case STUDENTS_BY_HOST ->
                new Selector(year, true, null, "province".equals(row.getAs("level")), row.getAs("region_code"));
            case PROVINCE_FLOWS, PROVINCE_OUTCOMES ->
                new Selector(year, true, row.getAs("origin_province_code"), true, row.getAs("host_province_code"));
            case PAIRING_STUDENTS ->
                new Selector(
                        year,
                        "province".equals(row.getAs("origin_region_level")),
                        row.getAs("origin_region_code"),
                        "province".equals(row.getAs("host_region_level")),
                        row.getAs("host_region_code"));
        };
    }
}
