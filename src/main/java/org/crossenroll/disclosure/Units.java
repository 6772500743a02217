package org.crossenroll.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.report.Reports;

/**
 * The finest grain every report rolls up from, without the origin school (no report is keyed by it): one unit per
 * intake year, scheme, origin county and host school, with its counts. A unit lies in one row of each report that
 * groups it (and in every pairing whose regions contain it), so moving students from one unit to another changes
 * exactly the rows that contain one and not the other, and every sum any reader can form still holds. That is how
 * {@link Protection} proves a withheld count's range without a linear program: each move is a feasible alternative
 * set of tables.
 */
final class Units {
    /** A place where students can be: the unit's coordinates (year, scheme, origin county, host school). */
    record Unit(Integer year, String scheme, List<String> origin, List<String> host) {
        Unit withScheme(String s) {
            return new Unit(year, s, origin, host);
        }

        Unit withYear(Integer y) {
            return new Unit(y, scheme, origin, host);
        }

        Unit withOrigin(List<String> o) {
            return new Unit(year, scheme, o, host);
        }

        Unit withHost(List<String> h) {
            return new Unit(year, scheme, origin, h);
        }
    }

    private static final Comparator<Row> BY_KEY = byKey();
    final List<Unit> units = new ArrayList<>();
    final Set<String> schemes = new LinkedHashSet<>();
    final Set<Integer> years = new TreeSet<>();
    /** Origin counties as (province, prefecture, county), host schools as (province, prefecture, county, school). */
    final Set<List<String>> origins = new LinkedHashSet<>();

    final Set<List<String>> hosts = new LinkedHashSet<>();
    private final LinkedCells cells;
    private final Map<Unit, int[]> coverage = new HashMap<>();
    /** The units each row contains. */
    final List<List<Integer>> unitsOfRow;
    /** The rows of each unit of {@link #units}. */
    private final List<int[]> rowsOfUnit = new ArrayList<>();

    Units(List<Row> rows, LinkedCells cells) {
        this.cells = cells;
        unitsOfRow = new ArrayList<>(cells.rows());
        for (int g = 0; g < cells.rows(); g++) {
            unitsOfRow.add(new ArrayList<>(2));
        }
        // in a fixed order, whatever order the cluster collected them in: the protection, and so the published
        // layer, must not depend on partitioning
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(BY_KEY);
        for (Row r : sorted) {
            Unit unit = new Unit(
                    r.getAs("intake_year"),
                    r.getAs("scheme"),
                    List.of(
                            r.getAs("origin_province_code"),
                            r.getAs("origin_prefecture_code"),
                            r.getAs("origin_county_code")),
                    List.of(
                            r.getAs("host_province_code"),
                            r.getAs("host_prefecture_code"),
                            r.getAs("host_county_code"),
                            r.getAs("host_school_code")));
            int[] rowsOfUnit = coverage(unit);
            if (rowsOfUnit == null) {
                throw new IllegalStateException("An enrollment unit " + unit + " has no row in some report.");
            }
            int u = units.size();
            units.add(unit);
            this.rowsOfUnit.add(rowsOfUnit);
            schemes.add(unit.scheme());
            years.add(unit.year());
            origins.add(unit.origin());
            hosts.add(unit.host());
            for (int g : rowsOfUnit) {
                unitsOfRow.get(g).add(u);
            }
        }
    }

    private static Comparator<Row> byKey() {
        Comparator<Row> c = Comparator.comparing(
                r -> (Integer) r.getAs("intake_year"), Comparator.nullsFirst(Comparator.naturalOrder()));
        for (String key : Reports.UNIT_KEYS.subList(1, Reports.UNIT_KEYS.size())) {
            c = c.thenComparing(r -> (String) r.getAs(key), Comparator.nullsFirst(Comparator.naturalOrder()));
        }
        return c;
    }

    /** The rows of every report that contain unit u of {@link #units}. */
    int[] coverage(int u) {
        return rowsOfUnit.get(u);
    }

    /**
     * The rows of every report that contain the unit, or null if one of them is not shown (students put there would
     * make a new row appear). Cached: candidate moves ask again and again.
     */
    int[] coverage(Unit unit) {
        if (coverage.containsKey(unit)) {
            return coverage.get(unit);
        }
        List<List<Object>> keys = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        String oProv = unit.origin().get(0);
        String oPref = unit.origin().get(1);
        String hProv = unit.host().get(0);
        String hPref = unit.host().get(1);
        for (Integer y : Arrays.asList(unit.year(), null)) {
            String[] levels = {"province", "prefecture", "county", "school"};
            for (int l = 0; l < 3; l++) {
                add(
                        keys,
                        reports,
                        Report.ORIGIN_SUMMARY,
                        Arrays.asList(levels[l], unit.origin().get(l), y));
            }
            for (int l = 0; l < 4; l++) {
                // host_summary rows of a county and a school carry the county (ReportSpec)
                add(
                        keys,
                        reports,
                        Report.HOST_SUMMARY,
                        Arrays.asList(
                                levels[l],
                                unit.host().get(l),
                                l >= 2 ? unit.host().get(2) : null,
                                y));
            }
        }
        add(keys, reports, Report.FLOWS, Arrays.asList(unit.year(), unit.scheme(), oProv, oPref, hProv, hPref));
        add(keys, reports, Report.OUTCOMES, Arrays.asList(unit.year(), oPref, hProv));
        if (cells.reports.contains(Report.OUTCOMES)) {
            // whether the cohort is complete is said by its own row, which a unit moved there must have anyway
            int cohort = cells.row(Report.OUTCOMES, Arrays.asList(unit.year(), oPref, hProv));
            List<Object> pooled = cohort < 0 ? null : ReportSpec.pooledOutcomeRow(cells.rowOf(cohort));
            if (pooled != null) {
                add(keys, reports, Report.OUTCOMES, pooled);
            }
        }
        boolean complete = true;
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!cells.reports.contains(reports.get(i))) {
                continue;
            }
            int g = cells.row(reports.get(i), keys.get(i));
            complete &= g >= 0;
            rows.add(g);
        }
        if (cells.reports.contains(Report.PAIRING_PROGRESS)) {
            for (String host : new LinkedHashSet<>(Arrays.asList(hProv, hPref))) {
                for (String origin : new LinkedHashSet<>(Arrays.asList(oProv, oPref))) {
                    // only pairings of the reference have rows; each has its cumulative row
                    if (cells.row(Report.PAIRING_PROGRESS, Arrays.asList(host, origin, null)) >= 0) {
                        int cumulative = cells.row(Report.PAIRING_PROGRESS, Arrays.asList(host, origin, null));
                        int year = cells.row(Report.PAIRING_PROGRESS, Arrays.asList(host, origin, unit.year()));
                        complete &= year >= 0;
                        rows.add(cumulative);
                        rows.add(year);
                    }
                }
            }
        }
        int[] result = complete
                ? rows.stream().mapToInt(Integer::intValue).distinct().sorted().toArray()
                : null;
        coverage.put(unit, result);
        return result;
    }

    private static void add(List<List<Object>> keys, List<Report> reports, Report report, List<Object> key) {
        keys.add(key);
        reports.add(report);
    }

    private final Map<List<Object>, List<List<String>>> nearCache = new HashMap<>();

    /**
     * The other origin counties (or host schools) that share the first {@code depth} codes with this one and differ
     * in the next, at most {@code limit} of them: the nearest first (a school of the same county is depth 3, of
     * another province depth 0). Cached: every target asks for the same few places.
     */
    List<List<String>> near(boolean host, List<String> place, int depth, int limit) {
        return nearCache.computeIfAbsent(List.of(host, place, depth, limit), key -> {
            List<List<String>> result = new ArrayList<>();
            for (List<String> other : host ? hosts : origins) {
                if (result.size() < limit
                        && Objects.equals(other.subList(0, depth), place.subList(0, depth))
                        && !Objects.equals(other.get(depth), place.get(depth))) {
                    result.add(other);
                }
            }
            return result;
        });
    }
}
