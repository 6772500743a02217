package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.crossenroll.testing.NightFiles;
import org.crossenroll.testing.NightGenerator;
import org.crossenroll.testing.NightGenerator.Enrollment;
import org.crossenroll.testing.NightGenerator.Night;
import org.crossenroll.testing.NightGenerator.Place;
import org.crossenroll.testing.PropertyNights;
import org.crossenroll.testing.PropertyNights.Target;
import org.crossenroll.testing.PythonEnv;
import org.crossenroll.testing.ReportSums;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests over the whole input contract (issue 23, point 2): valid nights drawn by
 * {@link NightGenerator} from everything the contract allows, corners included, and on each night:
 * <ul>
 *   <li>the cheap tier (many nights): the generator's accepted enrollments built into the reports by the real
 *       {@code Reports} (many nights per Spark pass), every report level summing to the level above and to the
 *       generator's totals (checked by {@link ReportSums}, not by ReportChecks), the published layer built for
 *       k = 3 and 10 with its audit passed and no count of 1..k-1 shown, and the independent attacker
 *       (disclosure_attack.py, many layers per process) narrowing nothing below k;</li>
 *   <li>the whole-job tier (a few nights): the night's raw rows written in every format and run through the CLI:
 *       exit 0, every row accounted for (rows read = accepted + superseded + quarantined, each as the generator
 *       expects, quarantined by reason), {@code enrollments_clean} exactly the generator's enrollments (pseudonym,
 *       year, record id, resolved regions and values), the written reports summing up, the audit passed, the
 *       attacker finding nothing.</li>
 * </ul>
 * A failing night is shrunk ({@link PropertyNights#shrink}) and printed by hand-checkable lines. Longer runs:
 * {@code -Dcrossenroll.propertyNights=N} (cheap tier), {@code -Dcrossenroll.propertyWholeNights=M},
 * {@code -Dcrossenroll.propertySeed=S} (the first seed).
 */
class PropertyNightsTest {
    /** The default: a few hundred cheap nights, two whole ones, within the suite's time (README). */
    static final int CHEAP = Integer.getInteger("crossenroll.propertyNights", 200);

    static final int WHOLE = Integer.getInteger("crossenroll.propertyWholeNights", 2);
    static final long FIRST_SEED = Long.getLong("crossenroll.propertySeed", 1);
    /** Cheap nights are attacked up to this many enrollments (the attacker's LPs grow with the places). */
    static final int ATTACK_MAX = Integer.getInteger("crossenroll.propertyAttackMax", 60);
    /** How many cheap nights (the first of at most ATTACK_MAX enrollments) are attacked, at both k. */
    static final int ATTACK_NIGHTS = Integer.getInteger("crossenroll.propertyAttackNights", 10);
    /** The largest cheap night (sizes are drawn log-uniform from 1 to this). */
    static final int MAX_ENROLLMENTS = Integer.getInteger("crossenroll.propertyMaxEnrollments", 300);

    static Path dir(String name) throws Exception {
        Path d = TestSpark.projectDir().resolve("target/property-nights/" + name);
        Runs.deleteRecursively(d);
        return Files.createDirectories(d);
    }

    @Test
    void cheapNightsHoldEveryProperty() throws Exception {
        PythonEnv.prepare();
        Path dir = dir("cheap");
        if (Boolean.getBoolean("crossenroll.propertyWarmup")) { // measuring only: as if other classes had run first
            long w = System.nanoTime();
            PropertyNights.build(List.of(NightGenerator.generate(-1, 20), NightGenerator.generate(-2, 20)));
            System.out.printf("[PropertyNightsTest] warm-up %.1f s%n", (System.nanoTime() - w) / 1e9);
        }
        long t0 = System.nanoTime();
        List<Night> nights = new ArrayList<>();
        for (int i = 0; i < CHEAP; i++) {
            nights.add(NightGenerator.generate(FIRST_SEED + i, MAX_ENROLLMENTS));
        }
        List<PropertyNights.Built> built = PropertyNights.build(nights);
        long t1 = System.nanoTime();
        Map<Night, List<String>> problems = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        long enrollments = 0;
        int attacked = 0;
        for (int i = 0; i < nights.size(); i++) {
            Night n = nights.get(i);
            enrollments += n.enrollments().size();
            boolean attack = n.enrollments().size() <= ATTACK_MAX && attacked < ATTACK_NIGHTS;
            attacked += attack ? 1 : 0;
            problems.put(n, PropertyNights.check(n, built.get(i), dir, attack, targets));
        }
        long t2 = System.nanoTime();
        PropertyNights.attack(targets, dir)
                .forEach((t, p) -> problems.get(t.night()).addAll(p));
        long t3 = System.nanoTime();
        System.out.printf(
                "[PropertyNightsTest] %d cheap nights (%d enrollments): reports %.1f s, layers and checks "
                        + "%.1f s (building %.1f s, writing %.1f s), attacker on %d layers %.1f s%n",
                nights.size(),
                enrollments,
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9,
                PropertyNights.BUILD_NANOS.get() / 1e9,
                PropertyNights.WRITE_NANOS.get() / 1e9,
                targets.size(),
                (t3 - t2) / 1e9);
        System.out.println("[PropertyNightsTest] nights showing each corner: " + NightGenerator.coverage(nights));
        failWithShrunk(problems, dir, false);
    }

    @Test
    void wholeNightsThroughTheJobHoldEveryProperty() throws Exception {
        PythonEnv.prepare();
        Path dir = dir("whole");
        Map<Night, List<String>> problems = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        // the first two cover all five formats between them
        List<List<String>> formats =
                List.of(List.of("csv-utf8-bom", "jsonl", "csv-utf8"), List.of("csv-gb18030", "parquet"));
        for (int i = 0; i < WHOLE; i++) {
            Night g = NightGenerator.generate(1_000_000 + FIRST_SEED + i, 300);
            Night n = i < formats.size()
                    ? new Night(
                            g.seed(), g.shape(), g.enrollments(), g.bad(), g.pairings(), formats.get(i), g.fileSeed())
                    : g;
            long k = PropertyNights.KS[i % PropertyNights.KS.length];
            long t0 = System.nanoTime();
            List<String> p = whole(n, k, dir.resolve("n" + i), targets);
            System.out.printf(
                    "[PropertyNightsTest] whole %s, k = %d: %.1f s, %d problems%n",
                    n.describe(), k, (System.nanoTime() - t0) / 1e9, p.size());
            problems.put(n, p);
        }
        PropertyNights.attack(targets, dir)
                .forEach((t, p) -> problems.get(t.night()).addAll(p));
        // a whole night that fails is shrunk by the cheap tier when the reports or the layer fail (the rest: printed)
        failWithShrunk(problems, dir, true);
    }

    /** Runs one night through the CLI and checks what it wrote. */
    static List<String> whole(Night night, long k, Path base, List<Target> targets) throws Exception {
        Path input = Files.createDirectories(base.resolve("in"));
        Path output = base.resolve("out");
        NightFiles.write(night, input);
        List<String> args = new ArrayList<>(List.of("--min-cell-count", String.valueOf(k)));
        if (night.pairings() != null) {
            args.addAll(List.of("--pairings", NightFiles.pairings(night, base).toString()));
        }
        Runs.Result run = Runs.run(input, output, args.toArray(new String[0]));
        List<String> problems = new ArrayList<>();
        if (run.exitCode() != 0) {
            problems.add("exit: " + run.exitCode() + ": " + run.err());
            return problems;
        }
        // every row accounted for, as the generator expects
        JsonNode m = PropertyNights.JSON.readTree(output.resolve("_runs")
                .resolve(Runs.RUN_DATE)
                .resolve("manifest.json")
                .toFile());
        Map<String, Long> want = new LinkedHashMap<>();
        want.put("rows_read", night.rows());
        want.put("accepted", (long) night.enrollments().size());
        want.put("superseded", night.superseded());
        want.put("quarantined", (long) night.bad().size());
        want.forEach((f, v) -> {
            if (m.path(f).asLong(-1) != v) {
                problems.add("accounting: manifest " + f + " = " + m.path(f) + ", the generator made " + v);
            }
        });
        Map<String, Long> reasons = new TreeMap<>();
        night.bad().forEach(b -> reasons.merge(b.reason(), 1L, Long::sum));
        Map<String, Long> got = new TreeMap<>();
        m.path("quarantined_by_reason").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() != 0) {
                got.put(e.getKey(), e.getValue().asLong());
            }
        });
        if (!got.equals(reasons)) {
            problems.add("accounting: quarantined_by_reason " + got + ", the generator made " + reasons);
        }
        long[] dq = new long[4];
        for (Map<String, Object> r : Runs.table(output, "data_quality")) {
            int i = 0;
            for (String f : List.of("rows_read", "accepted", "superseded", "quarantined")) {
                dq[i++] += ((Number) r.get(f)).longValue();
            }
        }
        if (dq[0] != dq[1] + dq[2] + dq[3] || dq[0] != night.rows()) {
            problems.add("accounting: data_quality sums " + java.util.Arrays.toString(dq) + " for " + night.rows()
                    + " rows");
        }
        if (!"passed"
                .equals(m.path("published_layer").path("audit").path("status").asText())) {
            problems.add("audit: " + m.path("published_layer").path("audit"));
        }
        // enrollments_clean: exactly the generator's enrollments
        Map<String, Map<String, Object>> clean = new HashMap<>();
        for (Map<String, Object> r : Runs.table(output, "enrollments_clean")) {
            clean.put(r.get("student_pseudonym") + "/" + r.get("intake_year"), r);
        }
        if (clean.size() != night.enrollments().size()) {
            problems.add("accounting: enrollments_clean has " + clean.size() + " enrollments, the generator made "
                    + night.enrollments().size());
        }
        for (Enrollment e : night.enrollments()) {
            Map<String, Object> r = clean.get(PropertyNights.pseudonym(e.studentKey()) + "/" + e.year());
            if (r == null) {
                problems.add("enrollments_clean: no row for " + e.studentKey() + " " + e.year());
                continue;
            }
            Map<String, Object> expect = expected(e);
            expect.forEach((f, v) -> {
                if (!Objects.equals(v, r.get(f))) {
                    problems.add("enrollments_clean: " + f + " = " + r.get(f) + " where the generator made " + v
                            + " for " + e.studentKey() + " " + e.year() + " ("
                            + e.rows().size() + " rows)");
                }
            });
        }
        // the reports as written add up
        Map<String, List<Map<String, Object>>> reports = new LinkedHashMap<>();
        for (String t : List.of("flows", "origin_summary", "host_summary", "pairing_progress", "outcomes")) {
            reports.put(t, Runs.table(output, t));
        }
        ReportSums.check(reports, PropertyNights.expectedTotals(night.enrollments()))
                .forEach(p -> problems.add("sums: " + p));
        targets.add(new Target(night, k, output, base.resolve("attack-k" + k + ".json")));
        return problems;
    }

    private static Map<String, Object> expected(Enrollment e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("record_id", e.recordId());
        m.put("gender", e.gender());
        m.put("ethnic_minority", e.minority());
        m.put("registered_poor", e.poor());
        m.put("liang_hou_sheng", e.lhs());
        m.put("status", e.status());
        m.put("employment_status", e.employment());
        m.put("scheme", e.scheme());
        m.put("origin_school", e.originSchool());
        m.put("host_school_code", e.host().code());
        for (String side : List.of("origin", "host", "employment")) {
            Place p = side.equals("origin")
                    ? e.origin()
                    : side.equals("host") ? e.host().place() : e.employmentPlace();
            m.put(side + "_county_code_submitted", p == null ? null : p.submitted());
            m.put(side + "_county_code", p == null ? null : p.county());
            m.put(side + "_prefecture_code", p == null ? null : p.prefecture());
            m.put(side + "_province_code", p == null ? null : p.province());
        }
        return m;
    }

    /** Fails with every failing night listed, the first shrunk to a minimal night when the cheap tier shows it. */
    static void failWithShrunk(Map<Night, List<String>> problems, Path dir, boolean whole) throws Exception {
        List<String> report = new ArrayList<>();
        Night first = null;
        for (Map.Entry<Night, List<String>> e : problems.entrySet()) {
            if (!e.getValue().isEmpty()) {
                first = first == null ? e.getKey() : first;
                report.add(e.getKey().describe() + ": " + e.getValue().size() + " problems, first: "
                        + e.getValue().get(0));
            }
        }
        if (first != null) {
            String shrunk = "";
            // the cheap tier reproduces a reports or layer failure without the job; shrink it there
            List<List<String>> again = PropertyNights.evaluate(List.of(first), dir, true);
            if (!again.get(0).isEmpty()) {
                String kind = PropertyNights.kind(again.get(0));
                boolean attack = kind.contains("attacker");
                Night min = PropertyNights.shrink(first, kind, dir.resolve("shrink"), attack);
                shrunk = "\nshrunk (" + kind + ") to:\n" + PropertyNights.show(min) + "failing with: "
                        + PropertyNights.evaluate(List.of(min), dir, attack).get(0);
            } else if (whole) {
                shrunk = "\n(the cheap tier does not reproduce it: the job's intake, not the reports)\n"
                        + PropertyNights.show(first);
            }
            assertThat(report)
                    .as("%d of %d nights failed%s", report.size(), problems.size(), shrunk)
                    .isEmpty();
        }
    }
}
