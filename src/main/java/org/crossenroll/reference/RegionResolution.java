package org.crossenroll.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.reference.CodeHistory.Period;
import org.crossenroll.reference.CodeHistory.Successor;
import org.crossenroll.reference.Regions.Region;

/**
 * Where every county code a record can carry lies in the reference's vintage (contract v1.1). A code of the
 * reference resolves as it is. A code the reference lacks but the {@link CodeHistory} knows follows its successors
 * (a retired or changed code), transitively, or its predecessors (a code newer than the reference) to units of the
 * reference: one county resolves to it; several to their lowest common region, the prefecture if they share one,
 * else the province, with the finer codes null. Never a guess: a code whose area the history does not lead entirely
 * into one province of the reference does not resolve, and stays UNKNOWN_REGION.
 *
 * <p>Time matters in two places. A {@code [YYYY]} successor means that code as it was in YYYY (codes are reused),
 * and is where that part of the area went in YYYY. A record is entered with the code in force when its school
 * registered the student, never before {@code earliestRecordYear} (the first intake year the contract accepts): so
 * of a code used for several areas only the periods in force since then are followed, and area a code handed over
 * before its record could have been entered is not the record's. (增城市 440183 handed 萝岗 land over in 2005 and
 * became 增城区 440118 in 2014: a record carrying it is from 增城区, not merely from 广州.)
 *
 * <p>Worked out once on the driver for every code of the history (a few thousand), as a table that validation
 * broadcasts and joins: the rows pay one hash lookup per code, as they did for the reference alone.
 */
public final class RegionResolution {
    /** How a code outside the reference was resolved through the code history: the data_quality columns. */
    public enum Kind {
        /** A retired or changed code whose area went, through its successors, to one county of the reference. */
        FORWARD,
        /** A code newer than the reference whose area was, through its predecessors, one county of the reference. */
        BACKWARD,
        /** A code whose area lies in several counties of one prefecture: resolved to the prefecture, county null. */
        TO_PREFECTURE,
        /** A code whose area lies in several prefectures of one province: resolved to the province only. */
        TO_PROVINCE;

        /** The data_quality column counting rows resolved this way. */
        public String column() {
            return "resolved_" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** The lookup table: a submitted code, where it lies, and how it got there ({@code resolution}: null = as is). */
    public static final StructType SCHEMA = new StructType()
            .add("submitted_code", DataTypes.StringType, false)
            .add("county_code", DataTypes.StringType, true)
            .add("county_name", DataTypes.StringType, true)
            .add("prefecture_code", DataTypes.StringType, true)
            .add("prefecture_name", DataTypes.StringType, true)
            .add("province_code", DataTypes.StringType, false)
            .add("province_name", DataTypes.StringType, false)
            .add("resolution", DataTypes.StringType, true);

    /** Where a code lies: a county, or only a prefecture or a province (finer codes null); kind null = as it is. */
    public record Resolved(String county, String prefecture, String province, Kind kind) {}

    /** A unit of the reference a code's area reaches: a county-level unit, a prefecture or a province. */
    private record Target(String level, String code) {}

    private final Regions regions;
    private final CodeHistory history;
    private final int earliestRecordYear;
    private final Map<String, Period> referencePeriods = new TreeMap<>();
    /** Codes outside the reference that resolve, by code. */
    private final Map<String, Resolved> throughHistory = new TreeMap<>();

    private static final Map<Regions, RegionResolution> WORKED_OUT = new WeakHashMap<>();

    /**
     * The resolution of a reference, worked out once per loaded reference (the bundled one is loaded once per JVM: a
     * test JVM runs the job dozens of times).
     */
    public static synchronized RegionResolution of(Regions regions, int earliestRecordYear) {
        RegionResolution known = WORKED_OUT.get(regions);
        if (known == null || known.earliestRecordYear != earliestRecordYear) {
            known = new RegionResolution(regions, earliestRecordYear);
            WORKED_OUT.put(regions, known);
        }
        return known;
    }

    public RegionResolution(Regions regions, int earliestRecordYear) {
        this.regions = regions;
        this.history = regions.history();
        this.earliestRecordYear = earliestRecordYear;
        Set<String> codes = new TreeSet<>();
        for (Period p : history.all()) {
            if (p.level().equals("county") && regions.countyLevel(p.code()) == null) {
                codes.add(p.code());
            }
        }
        for (String code : codes) {
            throughHistory(code).ifPresent(r -> throughHistory.put(code, r));
        }
    }

    /** Where a submitted county code lies; empty when neither the reference nor its history leads it anywhere. */
    public Optional<Resolved> resolve(String code) {
        Region county = regions.countyLevel(code);
        if (county != null) {
            return Optional.of(new Resolved(
                    code,
                    county.parent(),
                    regions.prefectures().get(county.parent()).parent(),
                    null));
        }
        return Optional.ofNullable(throughHistory.get(code));
    }

    /** How many codes outside the reference resolve, by kind. */
    public Map<Kind, Integer> codesByKind() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            counts.put(k, 0);
        }
        throughHistory.values().forEach(r -> counts.merge(r.kind(), 1, Integer::sum));
        return counts;
    }

    /**
     * One row of the lookup table, {@link #SCHEMA} without its key: where a submitted code lies, with the names, and
     * how it got there ({@code resolution}: a {@link Kind} name, null = a code of the reference as it is).
     */
    public record Located(
            String countyCode,
            String countyName,
            String prefectureCode,
            String prefectureName,
            String provinceCode,
            String provinceName,
            String resolution)
            implements java.io.Serializable {}

    /**
     * The lookup table as a plain map, submitted code to where it lies: every code of the reference and every code
     * that resolves through history, as {@link #dataset} holds them (for code that looks codes up row by row).
     */
    public Map<String, Located> table() {
        Map<String, Located> table = new java.util.LinkedHashMap<>();
        for (Map<String, Region> units : List.of(regions.counties(), regions.zones())) {
            for (String code : units.keySet()) {
                table.putIfAbsent(code, located(resolve(code).orElseThrow()));
            }
        }
        throughHistory.forEach((code, r) -> table.putIfAbsent(code, located(r)));
        return Collections.unmodifiableMap(table);
    }

    /** The lookup table ({@link #SCHEMA}): every code of the reference and every code that resolves through history. */
    public Dataset<Row> dataset(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (Map<String, Region> units : List.of(regions.counties(), regions.zones())) {
            for (String code : units.keySet()) {
                rows.add(row(code, resolve(code).orElseThrow()));
            }
        }
        throughHistory.forEach((code, r) -> rows.add(row(code, r)));
        return spark.createDataFrame(rows, SCHEMA);
    }

    private Located located(Resolved r) {
        return new Located(
                r.county(),
                r.county() == null ? null : regions.countyLevel(r.county()).name(),
                r.prefecture(),
                r.prefecture() == null
                        ? null
                        : regions.prefectures().get(r.prefecture()).name(),
                r.province(),
                regions.provinces().get(r.province()).name(),
                r.kind() == null ? null : r.kind().name());
    }

    private Row row(String code, Resolved r) {
        Located l = located(r);
        return RowFactory.create(
                code,
                l.countyCode(),
                l.countyName(),
                l.prefectureCode(),
                l.prefectureName(),
                l.provinceCode(),
                l.provinceName(),
                l.resolution());
    }

    private Optional<Resolved> throughHistory(String code) {
        List<Period> periods = history.periods(code).stream()
                .filter(p -> p.level().equals("county"))
                .toList();
        // Only the meanings in force since records could be entered, unless the code was retired before that.
        List<Period> current = periods.stream()
                .filter(p -> p.changedIn() == null || p.changedIn() > earliestRecordYear)
                .toList();
        Walk walk = new Walk();
        for (Period p : current.isEmpty() ? periods : current) {
            walk.forward(p, current.isEmpty() ? p.validFrom() : Math.max(p.validFrom(), earliestRecordYear));
        }
        return walk.complete && !walk.targets.isEmpty() ? commonRegion(walk.targets, walk.backward) : Optional.empty();
    }

    /** One code's way through the history: the reference units its area reaches, and whether all of it got there. */
    private final class Walk {
        final Set<Target> targets = new LinkedHashSet<>();
        final Set<Period> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean backward;
        boolean complete = true;

        /** The area of a period as it was in {@code since} and after. */
        void forward(Period p, int since) {
            if (!visited.add(p)) {
                return; // the area came back to a period already followed (a split undone): it is covered there
            }
            Target t = target(p);
            if (t != null) {
                targets.add(t);
            } else if (p.inUse()) {
                backward(p); // in use yet not in the reference: newer than the reference
            } else {
                boolean any = false;
                for (Successor s : p.successors()) {
                    if (s.year() >= since) { // area handed over before then was no longer this code's
                        any = true;
                        successor(s);
                    }
                }
                complete &= any;
            }
        }

        private void successor(Successor s) {
            Period next = history.at(s.code(), s.year());
            if (next != null) {
                forward(next, s.year());
            } else if (history.periods(s.code()).isEmpty() && unit(s.code()) != null) {
                targets.add(unit(s.code())); // a unit of the reference the history has no rows for
            } else {
                complete = false;
            }
        }

        void backward(Period p) {
            backward = true;
            List<Period> predecessors = history.predecessors(p);
            if (predecessors.isEmpty()) {
                // A new code whose area the history does not trace back: its row still names its province (and
                // prefecture).
                Target named = named(p);
                complete &= named != null;
                if (named != null) {
                    targets.add(named);
                }
            }
            for (Period r : predecessors) {
                if (visited.add(r)) {
                    Target t = target(r);
                    if (t != null) {
                        targets.add(t);
                    } else {
                        backward(r);
                    }
                }
            }
        }
    }

    /** The unit of the reference a period is, when it is the reference's own period of its code; else null. */
    private Target target(Period p) {
        Target unit = unit(p.code());
        return unit != null && referencePeriod(p.code()) == p ? unit : null;
    }

    /**
     * The unit of the reference with this code, or null. A county-level unit comes first: 东莞市 441900 is a
     * prefecture without counties, and a county of itself.
     */
    private Target unit(String code) {
        if (regions.countyLevel(code) != null) {
            return new Target("county", code);
        }
        if (regions.prefectures().containsKey(code)) {
            return new Target("prefecture", code);
        }
        return regions.provinces().containsKey(code) ? new Target("province", code) : null;
    }

    /**
     * Which period of a reference code the reference means: the latest with the reference's name (a code renamed or
     * reused after the reference's vintage has later periods), else the latest.
     */
    private Period referencePeriod(String code) {
        return referencePeriods.computeIfAbsent(code, c -> {
            Region unit = regions.countyLevel(c) != null
                    ? regions.countyLevel(c)
                    : regions.prefectures().containsKey(c)
                            ? regions.prefectures().get(c)
                            : regions.provinces().get(c);
            Period latest = null;
            Period named = null;
            for (Period p : history.periods(c)) {
                if (latest == null || p.validFrom() > latest.validFrom()) {
                    latest = p;
                }
                if (p.name().equals(unit.name()) && (named == null || p.validFrom() > named.validFrom())) {
                    named = p;
                }
            }
            return named != null ? named : latest;
        });
    }

    /** The province (and prefecture) a history row names, when the reference has them by those names; else null. */
    private Target named(Period p) {
        for (Region province : regions.provinces().values()) {
            if (province.name().equals(p.province())) {
                for (Region prefecture : regions.prefectures().values()) {
                    if (prefecture.parent().equals(province.code())
                            && prefecture.name().equals(p.prefecture())) {
                        return new Target("prefecture", prefecture.code());
                    }
                }
                return new Target("province", province.code());
            }
        }
        return null;
    }

    /** The lowest region that holds every target: a county, a prefecture or a province; empty across provinces. */
    private Optional<Resolved> commonRegion(Set<Target> targets, boolean backward) {
        List<String[]> ancestry = new ArrayList<>(); // province, prefecture, county
        for (Target t : targets) {
            switch (t.level()) {
                case "county" -> {
                    String prefecture = regions.countyLevel(t.code()).parent();
                    ancestry.add(
                            new String[] {regions.prefectures().get(prefecture).parent(), prefecture, t.code()});
                }
                case "prefecture" ->
                    ancestry.add(
                            new String[] {regions.prefectures().get(t.code()).parent(), t.code(), null});
                default -> ancestry.add(new String[] {t.code(), null, null});
            }
        }
        String[] first = ancestry.get(0);
        if (!ancestry.stream().allMatch(a -> a[0].equals(first[0]))) {
            return Optional.empty();
        }
        if (first[1] == null || !ancestry.stream().allMatch(a -> Objects.equals(a[1], first[1]))) {
            return Optional.of(new Resolved(null, null, first[0], Kind.TO_PROVINCE));
        }
        if (first[2] == null || !ancestry.stream().allMatch(a -> Objects.equals(a[2], first[2]))) {
            return Optional.of(new Resolved(null, first[1], first[0], Kind.TO_PREFECTURE));
        }
        return Optional.of(new Resolved(first[2], first[1], first[0], backward ? Kind.BACKWARD : Kind.FORWARD));
    }
}
