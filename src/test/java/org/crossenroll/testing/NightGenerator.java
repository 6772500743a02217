package org.crossenroll.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Valid nights drawn from the whole input contract (../shared/spec/records.md, README "The input contract"),
 * corners included, for {@link PropertyNightsTest}. A night is a list of accepted enrollments, each with the raw
 * rows that make it (its winning row and the older versions it supersedes), a few bad rows of each reason code, and
 * a pairings list. The generator knows, without the job's code, what every row must become: accepted (one per
 * enrollment), superseded (every other valid row) or quarantined (with its reason), and where every region code
 * resolves (the reference's files read here, and the code-history cases the README spells out).
 */
public final class NightGenerator {
    public static final LocalDate RUN_DATE = LocalDate.parse(Runs.RUN_DATE);

    // ---------------------------------------------------------------------------------------------------------------
    // The region reference, read from data/regions/*.csv (not through the project's Regions)
    // ---------------------------------------------------------------------------------------------------------------

    /** Where a submitted county code resolves: county, prefecture and province (null when not determined). */
    public record Place(
            String submitted,
            String county,
            String countyName,
            String prefecture,
            String prefectureName,
            String province,
            String provinceName,
            String kind) {
        @Override
        public String toString() {
            return submitted
                    + (county == null ? "->" + (prefecture != null ? prefecture : province) : "")
                    + (kind.equals("county") ? "" : "(" + kind + ")");
        }
    }

    static final Map<String, String> PROVINCES = new TreeMap<>();
    static final Map<String, String[]> PREFECTURES = new TreeMap<>(); // code -> name, province
    static final Map<String, Place> COUNTIES = new TreeMap<>(); // counties and stats-only zones
    /** Codes outside the reference that its code history resolves, as README "Codes of other vintages" says. */
    static final List<Place> HISTORY = new ArrayList<>();
    /** County-level units of the reference by province, and the provinces drawn from. */
    static final Map<String, List<Place>> BY_PROVINCE = new TreeMap<>();

    static {
        Path dir = TestSpark.projectDir().resolve("data/regions");
        for (String[] r : csv(dir.resolve("provinces.csv"))) {
            PROVINCES.put(r[0], r[1]);
        }
        for (String[] r : csv(dir.resolve("prefectures.csv"))) {
            PREFECTURES.put(r[0], new String[] {r[1], r[2]});
        }
        for (String file : List.of("counties.csv", "counties_stats_only_zones.csv")) {
            for (String[] r : csv(dir.resolve(file))) {
                String kind = file.startsWith("counties_stats")
                        ? "zone"
                        : PREFECTURES.get(r[2])[0].endsWith("直辖县级行政区划") ? "direct" : "county";
                Place p = new Place(r[0], r[0], r[1], r[2], PREFECTURES.get(r[2])[0], r[3], PROVINCES.get(r[3]), kind);
                COUNTIES.put(r[0], p);
                BY_PROVINCE.computeIfAbsent(r[3], x -> new ArrayList<>()).add(p);
            }
        }
        // forward to one county (泸水县 -> 泸水市, 彭山县 -> 彭山区, 株洲县 -> 渌口区), to a prefecture (邯郸县 -> 邯郸市),
        // to a province (和县 -> 安徽省)
        for (String[] h : new String[][] {{"533321", "533301"}, {"511422", "511403"}, {"430221", "430212"}}) {
            Place c = COUNTIES.get(h[1]);
            HISTORY.add(new Place(
                    h[0],
                    c.county(),
                    c.countyName(),
                    c.prefecture(),
                    c.prefectureName(),
                    c.province(),
                    c.provinceName(),
                    "forward"));
        }
        HISTORY.add(new Place(
                "130421",
                null,
                null,
                "130400",
                PREFECTURES.get("130400")[0],
                "130000",
                PROVINCES.get("130000"),
                "to_prefecture"));
        HISTORY.add(new Place("341424", null, null, null, null, "340000", PROVINCES.get("340000"), "to_province"));
    }

    /** Where a submitted county code resolves: the reference's county, or a code-history case above. */
    public static Place place(String submitted) {
        Place p = COUNTIES.get(submitted);
        return p != null
                ? p
                : HISTORY.stream()
                        .filter(h -> h.submitted().equals(submitted))
                        .findFirst()
                        .orElseThrow();
    }

    private static List<String[]> csv(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.subList(1, lines.size()).stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> l.split(",", -1))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A night
    // ---------------------------------------------------------------------------------------------------------------

    /** A host school: its code, its submitted name (may be null) and where it lies. */
    public record School(String code, String name, Place place) {}

    /**
     * One accepted enrollment as the job must keep it (canonical values), and the raw rows that make it: {@code
     * rows.get(0)} is the winner, the others are valid older versions it supersedes.
     */
    public record Enrollment(
            String studentKey,
            int year,
            String recordId,
            Place origin,
            String originSchool,
            School host,
            String scheme,
            String gender,
            Boolean minority,
            boolean poor,
            boolean lhs,
            String status,
            String employment,
            Place employmentPlace,
            List<Map<String, String>> rows) {
        Enrollment withRows(List<Map<String, String>> r) {
            return new Enrollment(
                    studentKey,
                    year,
                    recordId,
                    origin,
                    originSchool,
                    host,
                    scheme,
                    gender,
                    minority,
                    poor,
                    lhs,
                    status,
                    employment,
                    employmentPlace,
                    r);
        }
    }

    /** A bad row and the reason code the job must give it. */
    public record Bad(String reason, Map<String, String> row) {}

    /** A pairing: host and origin region codes (each a province or prefecture) and an optional target. */
    public record Pairing(String host, String origin, Long target) {}

    /**
     * A night: enrollments, bad rows, pairings (null = the bundled list), and how its rows go to files (tier b): the
     * files' formats, the file each row goes to chosen by {@code fileSeed}.
     */
    public record Night(
            long seed,
            String shape,
            List<Enrollment> enrollments,
            List<Bad> bad,
            List<Pairing> pairings,
            List<String> formats,
            long fileSeed) {
        public long rows() {
            return enrollments.stream().mapToLong(e -> e.rows().size()).sum() + bad.size();
        }

        public long superseded() {
            return enrollments.stream().mapToLong(e -> e.rows().size() - 1).sum();
        }

        Night with(List<Enrollment> e, List<Bad> b, List<Pairing> p) {
            return new Night(seed, shape, e, b, p, formats, fileSeed);
        }

        public String describe() {
            return "night seed " + seed + " (" + shape + "; " + enrollments.size() + " enrollments, " + rows()
                    + " rows, " + bad.size() + " bad; pairings " + (pairings == null ? "bundled" : pairings.size())
                    + "; formats " + formats + ")";
        }
    }

    static final String[] SCHEMES = {"东西协作", "兜底招生", "沪滇联盟", "对口支援"};
    static final String[] STATUSES = {"ENROLLED", "GRADUATED", "WITHDRAWN", "TRANSFERRED"};
    static final String[] EMPLOYMENT = {"EMPLOYED", "FURTHER_STUDY", "UNEMPLOYED"};
    /** Every spelling the contract allows for each canonical value (case and spaces are added on top). */
    static final Map<String, String[]> SPELLINGS = Map.ofEntries(
            Map.entry("M", new String[] {"M", "男", "1"}),
            Map.entry("F", new String[] {"F", "女", "2"}),
            Map.entry("true", new String[] {"true", "1", "Y", "yes", "是"}),
            Map.entry("false", new String[] {"false", "0", "N", "no", "否"}),
            Map.entry("ENROLLED", new String[] {"ENROLLED", "在读", "在讀", "在籍"}),
            Map.entry("GRADUATED", new String[] {"GRADUATED", "毕业", "畢業"}),
            Map.entry("WITHDRAWN", new String[] {"WITHDRAWN", "退学", "退學", "辍学", "輟學"}),
            Map.entry("TRANSFERRED", new String[] {"TRANSFERRED", "转学", "轉學"}),
            Map.entry("EMPLOYED", new String[] {"EMPLOYED", "就业", "就業"}),
            Map.entry("FURTHER_STUDY", new String[] {"FURTHER_STUDY", "升学", "升學"}),
            Map.entry("UNEMPLOYED", new String[] {"UNEMPLOYED", "待业", "待業"}));

    static final String[] HAN = {"01", "1", "汉族", "漢族"};
    static final String[] MINORITY = {"03", "3", "06", "蒙古族", "傣族", "17"};

    /** Builds night number {@code seed}; {@code maxEnrollments} bounds its size (1 .. a few thousand). */
    public static Night generate(long seed, int maxEnrollments) {
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + 17);
        List<String> shapes = new ArrayList<>();
        // ---- the geography: a few provinces, origins and host schools, corners first
        List<String> provinces = new ArrayList<>(BY_PROVINCE.keySet());
        List<String> picked = new ArrayList<>();
        int mode = rnd.nextInt(6);
        if (mode == 0) {
            picked.add(
                    rnd.nextBoolean() ? "460000" : "420000"); // one province: Hainan or Hubei, origin = host province
            shapes.add("one province " + picked.get(0));
        } else {
            if (rnd.nextInt(3) == 0) {
                picked.add(rnd.nextBoolean() ? "460000" : "420000");
            }
            int n = 1 + rnd.nextInt(3);
            while (picked.size() < n + (picked.isEmpty() ? 0 : 1)) {
                String p = provinces.get(rnd.nextInt(provinces.size()));
                if (!picked.contains(p)) {
                    picked.add(p);
                }
            }
            shapes.add("provinces " + picked);
        }
        List<Place> pool = new ArrayList<>();
        for (String p : picked) {
            List<Place> all = BY_PROVINCE.get(p);
            // a prefecture or two of each province, so that origins and hosts share prefectures and counties
            List<String> prefs = all.stream().map(Place::prefecture).distinct().toList();
            String f1 = prefs.get(rnd.nextInt(prefs.size()));
            String f2 = prefs.get(rnd.nextInt(prefs.size()));
            for (Place c : all) {
                if ((c.prefecture().equals(f1) || c.prefecture().equals(f2)) && rnd.nextInt(3) > 0) {
                    pool.add(c);
                }
            }
            if (pool.stream().noneMatch(c -> c.province().equals(p))) {
                pool.add(all.get(rnd.nextInt(all.size())));
            }
        }
        // the code history's cases, now and then
        for (Place h : HISTORY) {
            if (rnd.nextInt(4) == 0) {
                pool.add(h);
            }
        }
        Collections.shuffle(pool, rnd);
        int nOrigins = Math.max(1, Math.min(pool.size(), 1 + rnd.nextInt(6)));
        List<Place> origins = new ArrayList<>(pool.subList(0, nOrigins));
        List<Place> hostPlaces = new ArrayList<>();
        int hostMode = rnd.nextInt(4); // 0: the origins' own counties, 1: disjoint, else mixed
        for (int i = 0; i < 1 + rnd.nextInt(5); i++) {
            hostPlaces.add(
                    hostMode == 0
                            ? origins.get(rnd.nextInt(origins.size()))
                            : hostMode == 1 && pool.size() > nOrigins
                                    ? pool.get(nOrigins + rnd.nextInt(pool.size() - nOrigins))
                                    : pool.get(rnd.nextInt(pool.size())));
        }
        shapes.add(hostMode == 0 ? "hosts in origin counties" : hostMode == 1 ? "hosts apart" : "hosts mixed");
        List<School> schools = new ArrayList<>();
        int nSchools = hostPlaces.size() + rnd.nextInt(3);
        for (int i = 0; i < nSchools; i++) {
            Place p = hostPlaces.get(i % hostPlaces.size());
            // now and then a school code already used in another county (the contract does not forbid it)
            String code = i > 0 && rnd.nextInt(8) == 0
                    ? schools.get(rnd.nextInt(schools.size())).code()
                    : String.format("%s%04d", p.submitted(), 1000 + rnd.nextInt(9000));
            schools.add(new School(code, rnd.nextInt(5) == 0 ? null : "学校" + code.substring(6), p));
        }
        // ---- distributions: skewed or uniform
        boolean skewed = rnd.nextBoolean();
        shapes.add(skewed ? "skewed" : "uniform");
        double[] originW = weights(rnd, origins.size(), skewed);
        double[] schoolW = weights(rnd, schools.size(), skewed);
        int firstYear = 2010 + rnd.nextInt(14);
        int nYears = 1 + rnd.nextInt(Math.min(5, 2025 - firstYear));
        double[] yearW = weights(rnd, nYears, skewed);
        double[] schemeW = weights(rnd, 6, skewed); // 4 listed, null, outside the vocabulary
        double[] statusW = weights(rnd, 4, skewed);
        double female = rnd.nextDouble();
        double poor = rnd.nextDouble();
        double lhs = rnd.nextDouble() * 0.5;
        double minority = rnd.nextDouble();
        // sizes from 1 to maxEnrollments, log-uniform; now and then exactly one
        int n = rnd.nextInt(10) == 0 ? 1 : (int) Math.round(Math.exp(rnd.nextDouble() * Math.log(maxEnrollments)));
        shapes.add(n + " enrollments");

        // ---- the enrollments, and their rows
        Counter ids = new Counter();
        List<Enrollment> enrollments = new ArrayList<>();
        Map<String, List<Integer>> yearsOf = new HashMap<>();
        List<String> students = new ArrayList<>();
        while (enrollments.size() < n) {
            String student;
            // one student in several intake years now and then
            if (!students.isEmpty() && rnd.nextInt(8) == 0) {
                student = students.get(rnd.nextInt(students.size()));
            } else {
                student = rnd.nextInt(4) == 0
                        ? String.format(
                                "%06d%04d%02d%02d%03d%s",
                                110101 + rnd.nextInt(400000),
                                1995 + rnd.nextInt(15),
                                1 + rnd.nextInt(12),
                                1 + rnd.nextInt(28),
                                rnd.nextInt(1000),
                                rnd.nextInt(3) == 0 ? "X" : "7")
                        : "G" + ids.next("S");
                students.add(student);
            }
            int year = firstYear + pick(rnd, yearW);
            List<Integer> taken = yearsOf.computeIfAbsent(student, s -> new ArrayList<>());
            if (taken.contains(year)) {
                continue;
            }
            taken.add(year);
            Place origin = origins.get(pick(rnd, originW));
            School host = schools.get(pick(rnd, schoolW));
            int s = pick(rnd, schemeW);
            String scheme = s < 4 ? SCHEMES[s] : s == 4 ? null : "其他";
            String submittedScheme = s < 4 ? SCHEMES[s] : s == 4 ? "" : rnd.nextBoolean() ? "扶贫专项" : "其他";
            String status = STATUSES[pick(rnd, statusW)];
            String employment = null;
            Place employmentPlace = null;
            if (status.equals("GRADUATED") && rnd.nextInt(4) > 0) {
                employment = EMPLOYMENT[rnd.nextInt(3)];
                if (employment.equals("EMPLOYED")) {
                    int w = rnd.nextInt(
                            5); // origin province, host province (the same when they coincide), a third, none
                    List<Place> in = w == 0
                            ? BY_PROVINCE.get(origin.province())
                            : w == 1
                                    ? BY_PROVINCE.get(host.place().province())
                                    : w == 2 ? BY_PROVINCE.get(provinces.get(rnd.nextInt(provinces.size()))) : null;
                    employmentPlace = in == null
                            ? null
                            : w == 3 ? HISTORY.get(rnd.nextInt(HISTORY.size())) : in.get(rnd.nextInt(in.size()));
                }
            }
            String gender = rnd.nextDouble() < female ? "F" : "M";
            int eth = rnd.nextInt(10);
            Boolean isMinority = eth == 0 ? null : rnd.nextDouble() < minority;
            boolean isPoor = rnd.nextDouble() < poor;
            boolean isLhs = rnd.nextDouble() < lhs;
            LocalDate intake = date(rnd, year);
            String originSchool = rnd.nextInt(6) == 0
                    ? null
                    : rnd.nextInt(10) == 0 ? "第\"一\"中学,\n分校" : "第" + (1 + rnd.nextInt(3)) + "中学";
            String recordId = ids.next("R");
            // the winning row
            LocalDateTime updated = LocalDateTime.of(2024, 1, 1, 8, 0)
                    .plusMinutes(rnd.nextInt(200_000))
                    .plusNanos(rnd.nextInt(3) == 0 ? 500_000_000 : 0);
            Map<String, String> win = row(
                    rnd,
                    student,
                    recordId,
                    gender,
                    eth == 0 ? "" : isMinority ? MINORITY[rnd.nextInt(MINORITY.length)] : HAN[rnd.nextInt(HAN.length)],
                    origin,
                    originSchool,
                    host,
                    submittedScheme,
                    intake,
                    isPoor,
                    isLhs,
                    status,
                    employment,
                    employmentPlace,
                    updated);
            List<Map<String, String>> rows = new ArrayList<>();
            rows.add(win);
            // older versions: the same record resent (possibly another intake year), another record of the same
            // enrollment older, or of the same updated_at and a smaller record id (compared as text: R9 > R10)
            int versions = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(3) : 0;
            boolean tied = false;
            for (int v = 0; v < versions; v++) {
                int kind = rnd.nextInt(3);
                if (kind == 2 && tied) {
                    kind = 1; // one tie per enrollment: its loser's record id must stay below the winner's
                }
                tied |= kind == 2;
                LocalDateTime older = updated.minusMinutes(1 + rnd.nextInt(5000));
                LocalDate otherIntake = kind == 0 && rnd.nextBoolean() ? date(rnd, 2010 + rnd.nextInt(15)) : intake;
                Place o2 = origins.get(rnd.nextInt(origins.size()));
                School h2 = schools.get(rnd.nextInt(schools.size()));
                String st2 = STATUSES[rnd.nextInt(4)];
                if (kind == 0) {
                    rows.add(row(
                            rnd,
                            variant(rnd, student),
                            recordId,
                            rnd.nextBoolean() ? "M" : "F",
                            "",
                            o2,
                            null,
                            h2,
                            "",
                            otherIntake,
                            rnd.nextBoolean(),
                            false,
                            st2,
                            null,
                            null,
                            older));
                } else if (kind == 1) {
                    rows.add(row(
                            rnd,
                            variant(rnd, student),
                            ids.next("R"),
                            gender,
                            "",
                            o2,
                            null,
                            h2,
                            "对口支援",
                            intake,
                            !isPoor,
                            false,
                            st2,
                            null,
                            null,
                            older));
                } else {
                    // a tie on updated_at: the winner must have the greater record id, so the winner is renamed
                    String c = ids.next("T");
                    String winnerId = c + "9";
                    win.put("record_id", winnerId);
                    for (Map<String, String> r : rows) {
                        if (r.get("record_id").equals(recordId)) {
                            r.put("record_id", winnerId);
                        }
                    }
                    recordId = winnerId;
                    rows.add(row(
                            rnd,
                            variant(rnd, student),
                            c + "10",
                            gender,
                            "",
                            o2,
                            null,
                            h2,
                            "",
                            intake,
                            isPoor,
                            false,
                            st2,
                            null,
                            null,
                            updated));
                }
            }
            enrollments.add(new Enrollment(
                    student.toUpperCase(),
                    year,
                    recordId,
                    origin,
                    originSchool,
                    host,
                    scheme,
                    gender,
                    isMinority,
                    isPoor,
                    isLhs,
                    status,
                    employment,
                    employmentPlace,
                    rows));
        }
        // ---- bad rows, now and then, one of each reason
        List<Bad> bad = new ArrayList<>();
        if (rnd.nextInt(3) == 0) {
            shapes.add("bad rows");
            Place o = origins.get(0);
            School h = schools.get(0);
            for (String reason : List.of(
                    "MALFORMED",
                    "PERSONAL_DATA_IN_FIELD",
                    "MISSING_FIELD",
                    "INVALID_VALUE",
                    "UNKNOWN_REGION",
                    "INCONSISTENT")) {
                Map<String, String> r = row(
                        rnd,
                        "Q" + ids.next("B"),
                        ids.next("R"),
                        "F",
                        "01",
                        o,
                        "第一中学",
                        h,
                        "东西协作",
                        LocalDate.of(2020, 9, 1),
                        true,
                        false,
                        "ENROLLED",
                        null,
                        null,
                        LocalDateTime.of(2024, 3, 1, 9, 0));
                switch (reason) {
                    case "MALFORMED" -> r.put("program_name", "数控\u0001技术");
                    case "PERSONAL_DATA_IN_FIELD" -> r.put("origin_school", "110101200301011234");
                    case "MISSING_FIELD" -> r.put("gender", "");
                    case "INVALID_VALUE" -> r.put("intake_date", rnd.nextBoolean() ? "2019-02-30" : "2024-07-01");
                    case "UNKNOWN_REGION" -> r.put("origin_county_code", "990101");
                    default -> {
                        if (rnd.nextBoolean()) {
                            r.put("status_date", "2020-08-31");
                        } else {
                            r.put("employment_status", "EMPLOYED");
                        }
                    }
                }
                bad.add(new Bad(reason, r));
            }
        }
        // ---- pairings: none given (the bundled list), an empty list, or overlapping pairs from the geography
        List<Pairing> pairings = null;
        int pm = rnd.nextInt(4);
        if (pm == 1) {
            pairings = List.of();
        } else if (pm >= 2) {
            pairings = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(5); i++) {
                School h = schools.get(rnd.nextInt(schools.size()));
                Place o = origins.get(rnd.nextInt(origins.size()));
                String host = rnd.nextBoolean() || h.place().prefecture() == null
                        ? h.place().province()
                        : h.place().prefecture();
                String origin = rnd.nextBoolean() || o.prefecture() == null ? o.province() : o.prefecture();
                if (!seen.contains(host + "<-" + origin)) {
                    seen.add(host + "<-" + origin);
                    pairings.add(new Pairing(host, origin, rnd.nextBoolean() ? null : (long) rnd.nextInt(50)));
                }
            }
        }
        shapes.add("pairings " + (pairings == null ? "bundled" : pairings.isEmpty() ? "empty" : pairings.size()));
        // ---- files
        List<String> formatChoices = List.of("csv-utf8", "csv-utf8-bom", "csv-gb18030", "jsonl", "parquet");
        List<String> formats = new ArrayList<>();
        for (int i = 0; i < 1 + rnd.nextInt(3); i++) {
            formats.add(formatChoices.get(rnd.nextInt(formatChoices.size())));
        }
        return new Night(seed, String.join(", ", shapes), enrollments, bad, pairings, formats, rnd.nextLong());
    }

    /** How many of the nights show each corner of the contract (printed by the suite, to see what it covered). */
    public static Map<String, Integer> coverage(List<Night> nights) {
        Map<String, Integer> c = new TreeMap<>();
        for (Night n : nights) {
            java.util.Set<String> seen = new java.util.TreeSet<>();
            Map<String, Integer> perSchool = new HashMap<>();
            Map<String, Integer> perStudent = new HashMap<>();
            Map<String, java.util.Set<String>> schoolCounties = new HashMap<>();
            for (Enrollment e : n.enrollments()) {
                Place o = e.origin();
                Place h = e.host().place();
                if (o.province().equals(h.province())) {
                    seen.add("origin and host in one province");
                }
                if (o.prefecture() != null && o.prefecture().equals(h.prefecture())) {
                    seen.add("origin and host in one prefecture");
                }
                if (o.county() != null && o.county().equals(h.county())) {
                    seen.add("origin and host in one county");
                }
                for (Place p : List.of(o, h)) {
                    seen.add("place " + p.kind());
                }
                if (e.employmentPlace() != null) {
                    String ep = e.employmentPlace().province();
                    seen.add(
                            ep.equals(o.province()) && ep.equals(h.province())
                                    ? "employed in origin = host province"
                                    : ep.equals(o.province())
                                            ? "employed in origin province"
                                            : ep.equals(h.province())
                                                    ? "employed in host province"
                                                    : "employed in a third province");
                } else if ("EMPLOYED".equals(e.employment())) {
                    seen.add("employed, no county");
                }
                seen.add("scheme " + (e.scheme() == null ? "null" : e.scheme().equals("其他") ? "outside" : "listed"));
                seen.add("status " + e.status());
                if (e.rows().size() > 1) {
                    seen.add("superseded versions");
                }
                if (e.rows().stream().anyMatch(r -> r.get("record_id").endsWith("10"))) {
                    seen.add("tie on updated_at");
                }
                perSchool.merge(e.host().code(), 1, Integer::sum);
                perStudent.merge(e.studentKey(), 1, Integer::sum);
                schoolCounties
                        .computeIfAbsent(e.host().code(), x -> new java.util.HashSet<>())
                        .add(h.submitted());
            }
            if (perSchool.containsValue(1)) {
                seen.add("a school with one student");
            }
            if (perStudent.values().stream().anyMatch(v -> v > 1)) {
                seen.add("a student in several intake years");
            }
            if (schoolCounties.values().stream().anyMatch(v -> v.size() > 1)) {
                seen.add("a school code in two counties");
            }
            if (n.rows() == 1) {
                seen.add("one row");
            }
            if (!n.bad().isEmpty()) {
                seen.add("bad rows");
            }
            seen.add(
                    n.pairings() == null
                            ? "pairings bundled"
                            : n.pairings().isEmpty() ? "pairings empty" : "pairings given");
            seen.forEach(x -> c.merge(x, 1, Integer::sum));
        }
        return c;
    }

    /** The same student id as another version may spell it: lower case, surrounding spaces. */
    private static String variant(Random rnd, String id) {
        String v = rnd.nextBoolean() ? id.toLowerCase() : id;
        return rnd.nextBoolean() ? " " + v + "  " : v;
    }

    private static LocalDate date(Random rnd, int year) {
        LocalDate d = rnd.nextInt(20) == 0
                ? LocalDate.of(year, 1, 1)
                : LocalDate.of(year, 9, 1).plusDays(rnd.nextInt(20) - 10);
        return d.isAfter(RUN_DATE) ? RUN_DATE : d;
    }

    /** A raw row in the contract's canonical field names, every value in one of its allowed spellings. */
    private static Map<String, String> row(
            Random rnd,
            String student,
            String recordId,
            String gender,
            String ethnicity,
            Place origin,
            String originSchool,
            School host,
            String scheme,
            LocalDate intake,
            boolean poor,
            boolean lhs,
            String status,
            String employment,
            Place employmentPlace,
            LocalDateTime updated) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("record_id", recordId);
        r.put("student_id", student);
        r.put("student_name", rnd.nextBoolean() ? "" : "学生" + (char) ('甲' + rnd.nextInt(10)));
        r.put("gender", spell(rnd, gender));
        r.put(
                "birth_date",
                rnd.nextBoolean()
                        ? ""
                        : dateText(rnd, LocalDate.of(2000 + rnd.nextInt(8), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28))));
        r.put("ethnicity", ethnicity);
        r.put("origin_county_code", origin.submitted());
        r.put("origin_school", originSchool == null ? "" : originSchool);
        r.put("host_school_code", host.code());
        r.put("host_school_name", host.name() == null ? "" : host.name());
        r.put("host_county_code", host.place().submitted());
        r.put("program_code", rnd.nextBoolean() ? "" : "6601" + (10 + rnd.nextInt(80)));
        r.put("program_name", rnd.nextBoolean() ? "" : "数控技术应用");
        r.put("scheme", scheme);
        r.put("intake_date", dateText(rnd, intake));
        r.put("registered_poor", spell(rnd, String.valueOf(poor)));
        r.put("liang_hou_sheng", !lhs && rnd.nextBoolean() ? "" : spell(rnd, String.valueOf(lhs)));
        r.put("status", spell(rnd, status));
        LocalDate statusDate = rnd.nextBoolean() ? null : intake.plusDays(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1500));
        r.put(
                "status_date",
                statusDate == null || statusDate.isAfter(RUN_DATE.plusYears(3)) ? "" : dateText(rnd, statusDate));
        r.put("employment_status", employment == null ? "" : spell(rnd, employment));
        r.put("employment_county_code", employmentPlace == null ? "" : employmentPlace.submitted());
        r.put("updated_at", timestampText(rnd, updated));
        return r;
    }

    /** A canonical value in one of its spellings, in some case, with surrounding spaces now and then. */
    static String spell(Random rnd, String canonical) {
        String[] forms = SPELLINGS.get(canonical);
        String s = forms[rnd.nextInt(forms.length)];
        s = switch (rnd.nextInt(3)) {
            case 0 -> s.toLowerCase();
            case 1 -> s;
            default -> s.length() > 1 ? s.charAt(0) + s.substring(1).toLowerCase() : s;
        };
        return rnd.nextInt(5) == 0 ? " " + s + " " : s;
    }

    static String dateText(Random rnd, LocalDate d) {
        return switch (rnd.nextInt(5)) {
            case 0 -> d.toString();
            case 1 -> String.format("%04d/%02d/%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            case 2 -> String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            case 3 -> String.format("%d/%d/%d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            default -> String.format("%d-%d-%d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        };
    }

    static String timestampText(Random rnd, LocalDateTime t) {
        String date = rnd.nextInt(4) == 0
                ? String.format("%d-%d-%d", t.getYear(), t.getMonthValue(), t.getDayOfMonth())
                : t.toLocalDate().toString();
        String time = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        String fraction = t.getNano() != 0 ? "." + (t.getNano() / 100_000_000) : rnd.nextInt(6) == 0 ? ".000" : "";
        return date + (rnd.nextBoolean() ? " " : "T") + time + fraction;
    }

    private static double[] weights(Random rnd, int n, boolean skewed) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = skewed ? 1 / Math.pow(i + 1, 1.3) : 1;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = w[i];
            w[i] = w[j];
            w[j] = t;
        }
        return w;
    }

    public static int pick(Random rnd, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = rnd.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static final class Counter {
        private int n;

        String next(String prefix) {
            return prefix + (++n);
        }
    }
}
