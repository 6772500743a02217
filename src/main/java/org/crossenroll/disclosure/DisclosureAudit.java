package org.crossenroll.disclosure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Row;

/**
 * Proves the published layer's promise before anything is published, from its rows and the grain, without taking
 * {@link DesignedLayer}'s aggregation for anything. Any failure throws: nothing is published.
 */
final class DisclosureAudit {
    private DisclosureAudit() {}

    private static void fail(String what) {
        throw new DesignedLayer.NotProven("the disclosure audit of the published layer failed: " + what);
    }

    /**
     * Proves the designed layer's promise (docs/published-layer.md, "The guarantee") from its published rows and
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
                            : t == DesignedLayer.Table.PAIRING_STUDENTS
                                    ? DesignedLayer.shareOfTarget(row.<Long>getAs(rate[1]), ((Number) den).longValue())
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
