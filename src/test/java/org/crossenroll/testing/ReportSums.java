package org.crossenroll.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reports' arithmetic, checked from their rows alone (written from docs/reports.md, not from ReportChecks): every
 * level of origin_summary and host_summary is the sum of the level below, every all-years row the sum of its years,
 * flows add up to both summaries' prefecture rows and to outcomes, pairing rows to flows, statuses to students,
 * splits and employment within their totals, and every count's grand total is what the generator made.
 */
public final class ReportSums {
    static final List<String> COUNTS = List.of(
            "students",
            "female",
            "ethnic_minority",
            "registered_poor",
            "liang_hou_sheng",
            "enrolled",
            "graduated",
            "withdrawn",
            "transferred",
            "employed",
            "further_study",
            "employed_in_origin_province",
            "employed_in_host_province");
    static final List<String> OUTCOME_COUNTS =
            List.of("students", "graduated", "withdrawn", "employed", "employed_in_origin_province");

    private ReportSums() {}

    /** Every problem found, empty when the reports add up; {@code expected} are the grand totals per count. */
    public static List<String> check(Map<String, List<Map<String, Object>>> reports, Map<String, Long> expected) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> flows = reports.get("flows");
        List<Map<String, Object>> origin = reports.get("origin_summary");
        List<Map<String, Object>> host = reports.get("host_summary");
        // grand totals: flows, and each summary's provinces over all years
        for (String c : COUNTS) {
            long want = expected.get(c);
            expectEq(problems, "flows total " + c, sum(flows, r -> true, c), want);
            expectEq(
                    problems,
                    "origin_summary provinces, all years, " + c,
                    sum(origin, r -> "province".equals(r.get("level")) && r.get("intake_year") == null, c),
                    want);
            expectEq(
                    problems,
                    "host_summary provinces, all years, " + c,
                    sum(host, r -> "province".equals(r.get("level")) && r.get("intake_year") == null, c),
                    want);
        }
        // within a row: statuses add to students; splits, employment and the two employment places within totals
        for (String report : List.of("flows", "origin_summary", "host_summary")) {
            for (Map<String, Object> r : reports.get(report)) {
                long students = n(r, "students");
                expectEq(
                        problems,
                        report + " statuses of " + key(r),
                        n(r, "enrolled") + n(r, "graduated") + n(r, "withdrawn") + n(r, "transferred"),
                        students);
                for (String split : List.of("female", "ethnic_minority", "registered_poor", "liang_hou_sheng")) {
                    if (n(r, split) > students || n(r, split) < 0) {
                        problems.add(report + " " + split + " outside 0.." + students + " in " + key(r));
                    }
                }
                if (students <= 0) {
                    problems.add(report + " row with no students: " + key(r));
                }
                if (n(r, "employed") + n(r, "further_study") > n(r, "graduated")) {
                    problems.add(report + " employed + further_study > graduated in " + key(r));
                }
                long eo = n(r, "employed_in_origin_province");
                long eh = n(r, "employed_in_host_province");
                if (eo > n(r, "employed") || eh > n(r, "employed")) {
                    problems.add(report + " employed in a province > employed in " + key(r));
                }
                if (report.equals("flows")
                        && !Objects.equals(r.get("origin_province_code"), r.get("host_province_code"))
                        && eo + eh > n(r, "employed")) {
                    problems.add(
                            "flows employed_in_origin + employed_in_host > employed across provinces in " + key(r));
                }
                if (report.equals("flows")
                        && Objects.equals(r.get("origin_province_code"), r.get("host_province_code"))
                        && eo != eh) {
                    problems.add("flows employed_in_origin != employed_in_host within one province in " + key(r));
                }
            }
        }
        // hierarchies: each level the sum of the level below, per year and all years; all years the sum of the years
        hierarchy(
                problems,
                "origin_summary",
                origin,
                List.of("province", "prefecture", "county"),
                List.of("province_code", "prefecture_code"));
        hierarchy(
                problems,
                "host_summary",
                host,
                List.of("province", "prefecture", "county", "school"),
                List.of("province_code", "prefecture_code", "county_code"));
        // flows -> summaries' prefecture rows, per year
        for (String side : List.of("origin", "host")) {
            List<Map<String, Object>> summary = side.equals("origin") ? origin : host;
            for (Map<String, Object> r : summary) {
                if (!"prefecture".equals(r.get("level")) || r.get("intake_year") == null) {
                    continue;
                }
                for (String c : COUNTS) {
                    expectEq(
                            problems,
                            "flows -> " + side + "_summary " + key(r) + " " + c,
                            sum(
                                    flows,
                                    f -> f.get(side + "_prefecture_code").equals(r.get("region_code"))
                                            && f.get("intake_year").equals(r.get("intake_year")),
                                    c),
                            n(r, c));
                }
            }
        }
        // flows -> outcomes (a cohort's row); a pooled row (intake_year null) sums its complete cohorts' rows
        for (Map<String, Object> r : reports.get("outcomes")) {
            if (r.get("intake_year") == null) {
                for (String c : OUTCOME_COUNTS) {
                    expectEq(
                            problems,
                            "complete cohorts -> pooled outcomes " + key(r) + " " + c,
                            sum(
                                    reports.get("outcomes"),
                                    o -> o.get("intake_year") != null
                                            && o.get("first_cohort") != null
                                            && o.get("origin_prefecture_code").equals(r.get("origin_prefecture_code"))
                                            && o.get("host_province_code").equals(r.get("host_province_code")),
                                    c),
                            n(r, c));
                }
                continue;
            }
            for (String c : OUTCOME_COUNTS) {
                expectEq(
                        problems,
                        "flows -> outcomes " + key(r) + " " + c,
                        sum(
                                flows,
                                f -> f.get("intake_year").equals(r.get("intake_year"))
                                        && f.get("origin_prefecture_code").equals(r.get("origin_prefecture_code"))
                                        && f.get("host_province_code").equals(r.get("host_province_code")),
                                c),
                        n(r, c));
            }
        }
        // a rate covers first_cohort..last_cohort: a cohort's own year or none; null with no cohort or denominator
        String[][] rates = {
            {"graduation_rate", "graduated", "students"},
            {"employment_rate", "employed", "graduated"},
            {"return_home_rate", "employed_in_origin_province", "employed"}
        };
        for (Map<String, Object> r : reports.get("outcomes")) {
            Object year = r.get("intake_year");
            boolean covered = r.get("first_cohort") != null;
            if (covered != (r.get("last_cohort") != null)
                    || (year != null
                            && covered
                            && !(year.equals(r.get("first_cohort")) && year.equals(r.get("last_cohort"))))
                    || (year == null && !covered)) {
                problems.add("outcomes cohorts covered wrong in " + key(r));
            }
            for (String[] rate : rates) {
                Object value = r.get(rate[0]);
                long num = n(r, rate[1]);
                long den = n(r, rate[2]);
                boolean shouldBeNull = !covered || den == 0;
                if (shouldBeNull != (value == null)
                        || (value != null && Math.abs((Double) value - (double) num / den) > 1e-12)) {
                    problems.add("outcomes " + rate[0] + " is not " + rate[1] + " / " + rate[2] + " over complete "
                            + "cohorts in " + key(r));
                }
            }
        }
        expectEq(
                problems,
                "outcomes total students",
                sum(reports.get("outcomes"), r -> r.get("intake_year") != null, "students"),
                expected.get("students"));
        // pairing_progress: each year row the flows of its regions, the cumulative row the sum of its years
        Map<List<Object>, long[]> years = new HashMap<>();
        for (Map<String, Object> r : reports.get("pairing_progress")) {
            List<Object> pair = List.of(r.get("host_region_code"), r.get("origin_region_code"));
            if (r.get("intake_year") == null) {
                continue;
            }
            long[] acc = years.computeIfAbsent(pair, x -> new long[2]);
            acc[0] += n(r, "students");
            acc[1] += n(r, "registered_poor");
            for (String c : List.of("students", "registered_poor")) {
                expectEq(
                        problems,
                        "flows -> pairing_progress " + key(r) + " " + c,
                        sum(
                                flows,
                                f -> f.get("intake_year").equals(r.get("intake_year"))
                                        && in(f, "host", (String) r.get("host_region_level"), r.get("host_region_code"))
                                        && in(
                                                f,
                                                "origin",
                                                (String) r.get("origin_region_level"),
                                                r.get("origin_region_code")),
                                c),
                        n(r, c));
            }
        }
        for (Map<String, Object> r : reports.get("pairing_progress")) {
            if (r.get("intake_year") == null) {
                long[] acc = years.getOrDefault(
                        List.of(r.get("host_region_code"), r.get("origin_region_code")), new long[2]);
                expectEq(problems, "pairing_progress years -> all years " + key(r), acc[0], n(r, "students"));
                expectEq(
                        problems,
                        "pairing_progress years -> all years poor " + key(r),
                        acc[1],
                        n(r, "registered_poor"));
            }
        }
        return problems;
    }

    private static boolean in(Map<String, Object> flow, String side, String level, Object code) {
        return flow.get(side + ("province".equals(level) ? "_province_code" : "_prefecture_code"))
                .equals(code);
    }

    private static void hierarchy(
            List<String> problems,
            String report,
            List<Map<String, Object>> rows,
            List<String> levels,
            List<String> parentColumns) {
        for (int i = 0; i + 1 < levels.size(); i++) {
            String parent = levels.get(i);
            String child = levels.get(i + 1);
            String link = parentColumns.get(i); // the child's column naming its parent
            Map<List<Object>, long[]> sums = new LinkedHashMap<>();
            for (Map<String, Object> r : rows) {
                if (child.equals(r.get("level"))) {
                    long[] acc = sums.computeIfAbsent(
                            java.util.Arrays.asList(r.get(link), r.get("intake_year")), x -> new long[COUNTS.size()]);
                    for (int c = 0; c < COUNTS.size(); c++) {
                        acc[c] += n(r, COUNTS.get(c));
                    }
                }
            }
            int parents = 0;
            for (Map<String, Object> r : rows) {
                if (parent.equals(r.get("level"))) {
                    parents++;
                    long[] acc = sums.remove(java.util.Arrays.asList(r.get("region_code"), r.get("intake_year")));
                    for (int c = 0; c < COUNTS.size(); c++) {
                        expectEq(
                                problems,
                                report + " " + child + "s -> " + key(r) + " " + COUNTS.get(c),
                                acc == null ? 0 : acc[c],
                                n(r, COUNTS.get(c)));
                    }
                }
            }
            if (!sums.isEmpty()) {
                problems.add(report + ": " + child + " rows without their " + parent + " row: " + sums.keySet());
            }
            if (parents == 0 && !rows.isEmpty()) {
                problems.add(report + ": no " + parent + " rows");
            }
        }
        // years -> all years, at every level
        Map<List<Object>, long[]> byRegion = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            if (r.get("intake_year") != null) {
                long[] acc = byRegion.computeIfAbsent(region(r), x -> new long[COUNTS.size()]);
                for (int c = 0; c < COUNTS.size(); c++) {
                    acc[c] += n(r, COUNTS.get(c));
                }
            }
        }
        for (Map<String, Object> r : rows) {
            if (r.get("intake_year") == null) {
                long[] acc = byRegion.remove(region(r));
                for (int c = 0; c < COUNTS.size(); c++) {
                    expectEq(
                            problems,
                            report + " years -> all years " + key(r) + " " + COUNTS.get(c),
                            acc == null ? 0 : acc[c],
                            n(r, COUNTS.get(c)));
                }
            }
        }
        if (!byRegion.isEmpty()) {
            problems.add(report + ": year rows without an all-years row: " + byRegion.keySet());
        }
    }

    /**
     * A summary row's region: its level, code and ancestors (a school code used in two counties is a row in each, as
     * the contract allows a school to be submitted with either county).
     */
    private static List<Object> region(Map<String, Object> r) {
        return java.util.Arrays.asList(
                r.get("level"),
                r.get("region_code"),
                r.get("province_code"),
                r.get("prefecture_code"),
                r.get("county_code"));
    }

    private static void expectEq(List<String> problems, String what, long got, long want) {
        if (got != want) {
            problems.add(what + ": the parts sum to " + got + ", the whole says " + want);
        }
    }

    static long n(Map<String, Object> r, String c) {
        Object v = r.get(c);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static long sum(
            List<Map<String, Object>> rows, java.util.function.Predicate<Map<String, Object>> p, String c) {
        return rows.stream().filter(p).mapToLong(r -> n(r, c)).sum();
    }

    private static String key(Map<String, Object> r) {
        Map<String, Object> k = new LinkedHashMap<>();
        r.forEach((c, v) -> {
            if (!COUNTS.contains(c)
                    && (c.endsWith("code") || c.equals("level") || c.equals("intake_year") || c.equals("scheme"))) {
                k.put(c, v);
            }
        });
        return k.toString();
    }
}
