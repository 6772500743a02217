package org.crossenroll.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
     * Proves the designed layer's promise (docs/published-layer.md, "The guarantee") from its published rows and the
     * fine cells, without taking {@link DesignedLayer}'s aggregation for anything. It first checks every fine value:
     * the rule's for the fine cell's count and threshold, and 0, k or a count of at least k shown exactly. Then, for every
     * published row, it scans the fine cells that row's own columns select (not the builder's keyed sums) and checks
     * that each count is the sum of the fine values of the fine cells its condition selects (re-derived here from the
     * column's name), that it is 0 or at least k, that it is within (k-1) x (its fine cells of 1..k-1) of the true
     * count, that a row is shown only with students (but a pairing's all-years row), and that each rate is the one of its published
     * counts. Any failure throws: nothing is published.
     *
     * @return what was checked, for the manifest
     */
    static Map<String, Object> checkDesigned(
            Map<DesignedLayer.Table, List<Row>> published,
            List<DesignedLayer.Grain> grain,
            AdditiveThreshold.Rule rule) {
        long k = rule.k();
        Map<DesignedLayer.Grain, Long> fine = new IdentityHashMap<>();
        Map<String, List<DesignedLayer.Grain>> byOrigin = new HashMap<>();
        Map<String, List<DesignedLayer.Grain>> byHost = new HashMap<>();
        for (DesignedLayer.Grain g : grain) {
            long v = rule.fineValue(g.n(), g.hash());
            boolean allowed = g.n() >= k ? v == g.n() : g.n() == 0 ? v == 0 : v == 0 || v == k;
            if (!allowed) {
                fail("fine cell " + g + " has fine value " + v + ", not 0, k or its count of at least k");
            }
            fine.put(g, v);
            byOrigin.computeIfAbsent(g.originPrefecture().substring(0, 2), x -> new ArrayList<>())
                    .add(g);
            byHost.computeIfAbsent(g.hostPrefecture().substring(0, 2), x -> new ArrayList<>())
                    .add(g);
        }
        long cells = 0;
        for (Map.Entry<DesignedLayer.Table, List<Row>> e : published.entrySet()) {
            DesignedLayer.Table t = e.getKey();
            for (Row row : e.getValue()) {
                Selector select = selector(t, row);
                List<DesignedLayer.Grain> candidates = select.origin() != null
                        ? byOrigin.getOrDefault(select.origin().substring(0, 2), List.of())
                        : byHost.getOrDefault(select.host().substring(0, 2), List.of());
                for (int m : DesignedLayer.measures(t)) {
                    String column = DesignedLayer.MEASURES.get(m);
                    long n = 0;
                    long sum = 0;
                    long small = 0;
                    for (DesignedLayer.Grain g : candidates) {
                        if (select.test(g) && counts(column, g)) {
                            n += g.n();
                            sum += fine.get(g);
                            small += g.n() > 0 && g.n() < k ? 1 : 0;
                        }
                    }
                    long v = row.<Long>getAs(column);
                    cells++;
                    if (v > 0 && v < k) {
                        fail(t.table() + " shows " + column + " = " + v + ", a count of 1.." + (k - 1) + ": " + row);
                    }
                    if (v != sum) {
                        fail(t.table() + " " + column + " = " + v + " is not the sum of its fine values, " + sum + ": "
                                + row);
                    }
                    if (Math.abs(v - n) > (k - 1) * small) {
                        fail(t.table() + " " + column + " = " + v + " is further from its true count than (k-1) x "
                                + small + " small fine cells: " + row);
                    }
                }
                boolean pairingTotal = t == DesignedLayer.Table.PAIRING_STUDENTS && row.getAs("intake_year") == null;
                if (!pairingTotal && row.<Long>getAs("students") == 0) {
                    fail(t.table() + " shows a row with 0 students (only a pairing's all-years row may): " + row);
                }
                for (String[] rate : DesignedLayer.rates(t)) {
                    Object den = row.getAs(rate[2]);
                    long d = den == null ? 0 : ((Number) den).longValue();
                    Double expected = d == 0 ? null : row.<Long>getAs(rate[1]) / (double) d;
                    if (!Objects.equals(expected, row.getAs(rate[0]))) {
                        fail(t.table() + " " + rate[0] + " is not " + rate[1] + " / " + rate[2] + ": " + row);
                    }
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "passed");
        m.put("fine_cells", (long) grain.size());
        m.put("cells_audited", cells);
        m.put(
                "promise",
                "every fine value is the rule's for its fine cell, 0, k or its count of at least k; every published"
                        + " count is the sum of the fine values it selects, none is in 1.." + (k - 1)
                        + ", and each is within (k-1) x its fine cells of 1.." + (k - 1) + " of its true count");
        return m;
    }

    /** Whether a fine cell's enrollments count in the published column {@code column} (the contract's conditions). */
    private static boolean counts(String column, DesignedLayer.Grain g) {
        String outcome = DesignedLayer.OUTCOME_CLASSES.get(g.outcome());
        return switch (column) {
            case "students" -> true;
            case "registered_poor" -> g.registeredPoor();
            case "graduated" -> !outcome.equals("not_graduated");
            case "employed" -> outcome.startsWith("employed_");
            case "employed_in_origin_province" -> outcome.equals("employed_at_home");
            default -> throw new IllegalArgumentException("no published count " + column);
        };
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
