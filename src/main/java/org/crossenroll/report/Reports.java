package org.crossenroll.report;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.crossenroll.reference.Regions;

/**
 * Builds the reports from accepted enrollments, as pure Dataset-to-Dataset steps. Everything is aggregated once, at
 * the finest grain any report needs ({@link #fineGrain}); every rollup is then a small aggregation of that small
 * table, never a count(DISTINCT) over enrollment rows inside a ROLLUP.
 */
public final class Reports {
    static final List<String> ORIGIN = List.of(
            "origin_province_code",
            "origin_province_name",
            "origin_prefecture_code",
            "origin_prefecture_name",
            "origin_county_code",
            "origin_county_name",
            "origin_school");
    static final List<String> HOST = List.of(
            "host_province_code",
            "host_province_name",
            "host_prefecture_code",
            "host_prefecture_name",
            "host_county_code",
            "host_county_name",
            "host_school_code",
            "host_school_name");
    static final String YEAR = "intake_year";

    private Reports() {}

    /**
     * The counts per (intake year, scheme, origin county and school, host school): every report rolls up from it. A
     * county code resolved only to its prefecture or province has its county (and prefecture) here as an explicit
     * undetermined unit ({@link Regions#undeterminedCounty}), so each level's rows still add up to the level above.
     */
    public static Dataset<Row> fineGrain(Dataset<Row> enrollments, Map<String, String> qualifiedNames) {
        List<Column> keys = new ArrayList<>();
        keys.add(col(YEAR));
        keys.add(col("scheme"));
        ORIGIN.forEach(c -> keys.add(col(c)));
        HOST.forEach(c -> keys.add(col(c)));
        List<Column> aggs = Counts.fromEnrollments();
        Dataset<Row> fine = enrollments
                .groupBy(keys.toArray(new Column[0]))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
        return displayNames(
                displayNames(undeterminedUnits(undeterminedUnits(fine, "origin"), "host"), "origin", qualifiedNames),
                "host",
                qualifiedNames);
    }

    /**
     * A code's display name ({@link Regions#displayNames()}): the qualified name when {@code qualifiedNames} (the
     * display names that differ from the reference's names, a few dozen) has the code, else {@code name}.
     */
    static Column display(Column code, Column name, Map<String, String> qualifiedNames) {
        if (qualifiedNames.isEmpty()) {
            return name;
        }
        List<Column> entries = new ArrayList<>();
        qualifiedNames.forEach((k, v) -> {
            entries.add(lit(k));
            entries.add(lit(v));
        });
        return coalesce(element_at(map(entries.toArray(new Column[0])), code), name);
    }

    /**
     * Adds a side's prefecture and county display names, on the fine grain (few rows). An undetermined unit is named
     * after its parent: {@code 云南省 地级未确定}, {@code 大理白族自治州 县级未确定}.
     */
    private static Dataset<Row> displayNames(Dataset<Row> fine, String side, Map<String, String> qualifiedNames) {
        Column prefectureName = col(side + "_prefecture_name");
        Column countyName = col(side + "_county_name");
        Column prefecture = when(
                        prefectureName.equalTo(lit(Regions.PREFECTURE_NOT_DETERMINED)),
                        concat_ws(" ", col(side + "_province_name"), prefectureName))
                .otherwise(display(col(side + "_prefecture_code"), prefectureName, qualifiedNames));
        return fine.withColumn(side + "_prefecture_display", prefecture)
                .withColumn(
                        side + "_county_display",
                        when(
                                        countyName.equalTo(lit(Regions.COUNTY_NOT_DETERMINED)),
                                        concat_ws(" ", col(side + "_prefecture_display"), countyName))
                                .otherwise(display(col(side + "_county_code"), countyName, qualifiedNames)));
    }

    /** Names the undetermined prefecture and county of a side, on the fine grain (few rows) rather than per row. */
    private static Dataset<Row> undeterminedUnits(Dataset<Row> fine, String side) {
        Column prefecture = col(side + "_prefecture_code");
        Column county = col(side + "_county_code");
        Column prefectureCode = coalesce(prefecture, Regions.undeterminedPrefecture(col(side + "_province_code")));
        return fine.withColumn(
                        side + "_county_name",
                        when(county.isNull(), lit(Regions.COUNTY_NOT_DETERMINED))
                                .otherwise(col(side + "_county_name")))
                .withColumn(side + "_county_code", coalesce(county, Regions.undeterminedCounty(prefectureCode)))
                .withColumn(
                        side + "_prefecture_name",
                        when(prefecture.isNull(), lit(Regions.PREFECTURE_NOT_DETERMINED))
                                .otherwise(col(side + "_prefecture_name")))
                .withColumn(side + "_prefecture_code", prefectureCode);
    }

    /** The five reports of a run, in publishing order, from the fine grain and the pairings. */
    public static Map<Report, Dataset<Row>> all(
            Dataset<Row> fine, Dataset<Row> pairings, Map<String, String> qualifiedNames) {
        return all(fine, pairings, qualifiedNames, Set.of());
    }

    /**
     * As above; {@code sharedSchoolNames} are the school names that two or more school codes of the night or the
     * registry share ({@link org.crossenroll.validate.SchoolNames#shared}), which host_summary qualifies by county.
     */
    public static Map<Report, Dataset<Row>> all(
            Dataset<Row> fine,
            Dataset<Row> pairings,
            Map<String, String> qualifiedNames,
            Set<String> sharedSchoolNames) {
        return all(fine, pairings, qualifiedNames, sharedSchoolNames, Cohorts.ALL_COMPLETE);
    }

    /** As above; {@code lastComplete} is the last complete intake cohort ({@link Cohorts#lastComplete}). */
    public static Map<Report, Dataset<Row>> all(
            Dataset<Row> fine,
            Dataset<Row> pairings,
            Map<String, String> qualifiedNames,
            Set<String> sharedSchoolNames,
            int lastComplete) {
        Map<Report, Dataset<Row>> reports = new LinkedHashMap<>();
        reports.put(Report.FLOWS, flows(fine));
        reports.put(Report.ORIGIN_SUMMARY, originSummary(fine));
        reports.put(Report.HOST_SUMMARY, hostSummary(fine, sharedSchoolNames));
        reports.put(Report.PAIRING_PROGRESS, pairingProgress(fine, pairings, qualifiedNames));
        reports.put(Report.OUTCOMES, outcomes(fine, lastComplete));
        return reports;
    }

    private static Dataset<Row> aggregate(Dataset<Row> rows, List<Column> keys, List<Column> extra) {
        List<Column> aggs = new ArrayList<>(Counts.summed());
        aggs.addAll(extra);
        return rows.groupBy(keys.toArray(new Column[0]))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
    }

    private static List<Column> cols(String... names) {
        return new ArrayList<>(Arrays.stream(names).map(n -> col(n)).toList());
    }

    private static Column[] ordered(List<String> names) {
        return names.stream().map(n -> col(n)).toArray(Column[]::new);
    }

    private static List<String> withCounts(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(Counts.NAMES);
        all.addAll(List.of(tail));
        return all;
    }

    /** One row per (intake_year, scheme, origin prefecture, host prefecture). */
    public static Dataset<Row> flows(Dataset<Row> fine) {
        List<String> keys = List.of(
                YEAR,
                "scheme",
                "origin_province_code",
                "origin_province_name",
                "origin_prefecture_code",
                "origin_prefecture_name",
                "origin_prefecture_display",
                "host_province_code",
                "host_province_name",
                "host_prefecture_code",
                "host_prefecture_name",
                "host_prefecture_display");
        return aggregate(fine, cols(keys.toArray(new String[0])), List.of())
                .select(ordered(withCounts(keys)))
                .orderBy(ordered(keys));
    }

    /** A hierarchy level: its code, name and display name columns, and the ancestor codes it carries. */
    private record Level(String name, String code, String label, String display, String[] ancestors) {}

    /**
     * The origin hierarchy rolled up: level, region_code, region_name, province_code, prefecture_code, intake_year
     * (null = all years), the counts, host_provinces, host_schools and origin_schools (distinct).
     */
    public static Dataset<Row> originSummary(Dataset<Row> fine) {
        List<Level> levels = List.of(
                new Level(
                        "province",
                        "origin_province_code",
                        "origin_province_name",
                        "origin_province_name",
                        new String[] {"origin_province_code", null}),
                new Level(
                        "prefecture",
                        "origin_prefecture_code",
                        "origin_prefecture_name",
                        "origin_prefecture_display",
                        new String[] {"origin_province_code", "origin_prefecture_code"}),
                new Level("county", "origin_county_code", "origin_county_name", "origin_county_display", new String[] {
                    "origin_province_code", "origin_prefecture_code"
                }));
        Map<String, Column> distinct = new LinkedHashMap<>();
        distinct.put("host_provinces", distinctOf("host_province_code"));
        distinct.put("host_schools", distinctOf("host_school_code"));
        distinct.put("origin_schools", distinctOf("origin_county_code", "origin_school"));
        List<String> out = withCounts(
                List.of(
                        "level",
                        "region_code",
                        "region_name",
                        "region_display",
                        "province_code",
                        "prefecture_code",
                        YEAR),
                "host_provinces",
                "host_schools",
                "origin_schools");
        return rollup(fine, levels, List.of("province_code", "prefecture_code"), distinct, null, null, out);
    }

    /**
     * The host hierarchy rolled up to province, prefecture, county and school: level, region_code, region_name,
     * province_code, prefecture_code, county_code, intake_year (null = all years), the counts, and distinct
     * origin_provinces, origin_prefectures, origin_counties, origin_schools.
     */
    public static Dataset<Row> hostSummary(Dataset<Row> fine) {
        return hostSummary(fine, Set.of());
    }

    /**
     * As above, a school's {@code region_display} qualified by its county's display name ({@code 江宁区 职业中学})
     * when its name is one of {@code sharedSchoolNames}, as a county's is by its prefecture; else its name.
     */
    public static Dataset<Row> hostSummary(Dataset<Row> fine, Set<String> sharedSchoolNames) {
        List<Level> levels = List.of(
                new Level("province", "host_province_code", "host_province_name", "host_province_name", new String[] {
                    "host_province_code", null, null
                }),
                new Level(
                        "prefecture",
                        "host_prefecture_code",
                        "host_prefecture_name",
                        "host_prefecture_display",
                        new String[] {"host_province_code", "host_prefecture_code", null}),
                new Level("county", "host_county_code", "host_county_name", "host_county_display", new String[] {
                    "host_province_code", "host_prefecture_code", "host_county_code"
                }),
                new Level("school", "host_school_code", null, null, new String[] {
                    "host_province_code", "host_prefecture_code", "host_county_code"
                }));
        Map<String, Column> distinct = new LinkedHashMap<>();
        distinct.put("origin_provinces", distinctOf("origin_province_code"));
        distinct.put("origin_prefectures", distinctOf("origin_prefecture_code"));
        distinct.put("origin_counties", distinctOf("origin_county_code"));
        distinct.put("origin_schools", distinctOf("origin_county_code", "origin_school"));
        List<String> out = withCounts(
                List.of(
                        "level",
                        "region_code",
                        "region_name",
                        "region_display",
                        "province_code",
                        "prefecture_code",
                        "county_code",
                        YEAR),
                "origin_provinces",
                "origin_prefectures",
                "origin_counties",
                "origin_schools");
        Column schoolName = col("host_school_name");
        Column schoolDisplay = sharedSchoolNames.isEmpty()
                ? schoolName
                : when(
                                schoolName.isin(sharedSchoolNames.toArray()),
                                concat_ws(" ", col("host_county_display"), schoolName))
                        .otherwise(schoolName);
        return rollup(
                fine,
                levels,
                List.of("province_code", "prefecture_code", "county_code"),
                distinct,
                schoolName,
                schoolDisplay,
                out);
    }

    /**
     * Every level, per year and for all years, in one aggregation: each fine-grain row is repeated once per (level,
     * year or all years) with that level's keys, then grouped once. The fine grain is small (already aggregated), so
     * the repetition is cheap, and one aggregation plans and compiles once where a UNION ALL of a GROUP BY per level
     * paid Spark's fixed cost of a job per branch (two thirds of the reports' time on the sample). Distinct counts
     * are sizes of sets, not count(DISTINCT), which Spark would plan as a further expansion and aggregation.
     */
    private static Dataset<Row> rollup(
            Dataset<Row> fine,
            List<Level> levels,
            List<String> ancestorNames,
            Map<String, Column> distinct,
            Column schoolName,
            Column schoolDisplay,
            List<String> out) {
        List<Column> keySets = new ArrayList<>();
        for (Level level : levels) {
            for (boolean perYear : new boolean[] {true, false}) {
                List<Column> fields = new ArrayList<>();
                fields.add(lit(level.name()).as("level"));
                fields.add(col(level.code()).as("region_code"));
                fields.add((level.label() != null ? col(level.label()) : schoolName).as("region_name"));
                fields.add((level.display() != null ? col(level.display()) : schoolDisplay).as("region_display"));
                for (int i = 0; i < ancestorNames.size(); i++) {
                    String a = level.ancestors()[i];
                    fields.add((a == null ? lit(null).cast(DataTypes.StringType) : col(a)).as(ancestorNames.get(i)));
                }
                fields.add((perYear ? col(YEAR) : lit(null).cast(DataTypes.IntegerType)).as(YEAR));
                keySets.add(struct(fields.toArray(new Column[0])));
            }
        }
        List<Column> keys = new ArrayList<>();
        for (String k : List.of("level", "region_code")) {
            keys.add(col("k." + k).as(k));
        }
        ancestorNames.forEach(a -> keys.add(col("k." + a).as(a)));
        keys.add(col("k." + YEAR).as(YEAR));
        List<Column> aggs = new ArrayList<>(Counts.summed());
        // A code's name comes from the reference, a school's from SchoolNames: one per code either way.
        aggs.add(max(col("k.region_name")).as("region_name"));
        aggs.add(max(col("k.region_display")).as("region_display"));
        distinct.forEach((name, value) ->
                aggs.add(size(collect_set(value)).cast(DataTypes.LongType).as(name)));
        return fine.withColumn("k", explode(array(keySets.toArray(new Column[0]))))
                .groupBy(keys.toArray(new Column[0]))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
                .select(ordered(out))
                .orderBy(col("level"), col("region_code"), col(YEAR).asc_nulls_first());
    }

    /** The distinct non-null values of one or more columns, as countDistinct counts them, for a set. */
    private static Column distinctOf(String... columns) {
        if (columns.length == 1) {
            return col(columns[0]);
        }
        Column allPresent = lit(true);
        for (String c : columns) {
            allPresent = allPresent.and(col(c).isNotNull());
        }
        return when(allPresent, struct(Arrays.stream(columns).map(c -> col(c)).toArray(Column[]::new)));
    }

    /**
     * For each pairing (host region, origin region, each a province or a prefecture) the students whose host school
     * lies in the host region and whose home lies in the origin region: one row per intake year with students, and
     * a cumulative row (intake_year null) for every pairing, zero when it has none.
     */
    public static Dataset<Row> pairingProgress(
            Dataset<Row> fine, Dataset<Row> pairings, Map<String, String> qualifiedNames) {
        Dataset<Row> grain = fine.groupBy(
                        col(YEAR),
                        col("host_province_code"),
                        col("host_prefecture_code"),
                        col("origin_province_code"),
                        col("origin_prefecture_code"))
                .agg(
                        sum(col("students")).as("students"),
                        sum(col("registered_poor")).as("registered_poor"));
        Column hostMatch = when(
                        col("host_region_level").equalTo(lit("province")),
                        col("host_province_code").equalTo(col("host_region_code")))
                .otherwise(col("host_prefecture_code").equalTo(col("host_region_code")));
        Column originMatch = when(
                        col("origin_region_level").equalTo(lit("province")),
                        col("origin_province_code").equalTo(col("origin_region_code")))
                .otherwise(col("origin_prefecture_code").equalTo(col("origin_region_code")));
        List<String> pairingCols = List.of(
                "host_region_code",
                "host_region_name",
                "host_region_display",
                "host_region_level",
                "origin_region_code",
                "origin_region_name",
                "origin_region_display",
                "origin_region_level",
                "target_students");
        Dataset<Row> named = pairings.withColumn(
                        "host_region_display",
                        display(col("host_region_code"), col("host_region_name"), qualifiedNames))
                .withColumn(
                        "origin_region_display",
                        display(col("origin_region_code"), col("origin_region_name"), qualifiedNames));
        // The pairings stream and the students' grain is broadcast: a left outer join keeps its streamed side's
        // partitioning, so on the reports' one partition (ReportsStage) the sums and the sort below need no shuffle.
        Dataset<Row> matched = named.coalesce(1).join(broadcast(grain), hostMatch.and(originMatch), "left_outer");
        List<Column> keys = new ArrayList<>(cols(pairingCols.toArray(new String[0])));
        List<Column> sums = List.of(
                coalesce(sum(col("students")), lit(0L)).cast(DataTypes.LongType).as("students"),
                coalesce(sum(col("registered_poor")), lit(0L))
                        .cast(DataTypes.LongType)
                        .as("registered_poor"));
        Dataset<Row> cumulative = matched.groupBy(keys.toArray(new Column[0]))
                .agg(sums.get(0), sums.get(1))
                .withColumn(YEAR, lit(null).cast(DataTypes.IntegerType));
        keys.add(col(YEAR));
        Dataset<Row> perYear = matched.filter(col(YEAR).isNotNull())
                .groupBy(keys.toArray(new Column[0]))
                .agg(sums.get(0), sums.get(1));
        List<String> out = List.of(
                "host_region_code",
                "host_region_name",
                "host_region_display",
                "host_region_level",
                "origin_region_code",
                "origin_region_name",
                "origin_region_display",
                "origin_region_level",
                YEAR,
                "students",
                "registered_poor",
                "target_students",
                "share_of_target");
        return perYear.unionByName(cumulative)
                .withColumn(
                        "share_of_target",
                        when(
                                col("target_students").gt(0),
                                col("students")
                                        .cast(DataTypes.DoubleType)
                                        .divide(col("target_students").cast(DataTypes.DoubleType))))
                .select(ordered(out))
                .orderBy(
                        col("host_region_code"),
                        col("origin_region_code"),
                        col(YEAR).asc_nulls_first());
    }

    /** As below, every cohort counted as complete: for tables built without a run date. */
    public static Dataset<Row> outcomes(Dataset<Row> fine) {
        return outcomes(fine, Cohorts.ALL_COMPLETE);
    }

    /**
     * Per (intake_year, origin prefecture, host province): students, graduated, withdrawn, graduation_rate
     * (graduated / students), employed, employment_rate (employed / graduated), employed_in_origin_province,
     * return_home_rate (employed in origin province / employed). The rates are null for a cohort after {@code
     * lastComplete} (still in school: its graduates so far are the early ones, and so are their jobs), and when
     * their denominator is 0. Each (origin prefecture, host province) with a complete cohort also has a pooled row,
     * intake_year null, summing its complete cohorts only; first_cohort and last_cohort say which cohorts a row's
     * rates cover (null when none).
     */
    public static Dataset<Row> outcomes(Dataset<Row> fine, int lastComplete) {
        List<String> place = List.of(
                "origin_province_code",
                "origin_province_name",
                "origin_prefecture_code",
                "origin_prefecture_name",
                "origin_prefecture_display",
                "host_province_code",
                "host_province_name");
        List<String> keys = new ArrayList<>();
        keys.add(YEAR);
        keys.addAll(place);
        Column complete = col(YEAR).leq(lit(lastComplete));
        Dataset<Row> perYear = aggregate(fine, cols(keys.toArray(new String[0])), List.of())
                .withColumn("first_cohort", when(complete, col(YEAR)))
                .withColumn("last_cohort", when(complete, col(YEAR)));
        List<Column> pooledAggs = new ArrayList<>(Counts.summed());
        pooledAggs.add(functions.min(col(YEAR)).as("first_cohort"));
        pooledAggs.add(max(col(YEAR)).as("last_cohort"));
        Dataset<Row> pooled = perYear.filter(complete)
                .groupBy(cols(place.toArray(new String[0])).toArray(new Column[0]))
                .agg(pooledAggs.get(0), pooledAggs.subList(1, pooledAggs.size()).toArray(new Column[0]))
                .withColumn(YEAR, lit(null).cast(DataTypes.IntegerType));
        Column covered = col("first_cohort").isNotNull();
        List<Column> out = new ArrayList<>(cols(keys.toArray(new String[0])));
        out.add(col("first_cohort"));
        out.add(col("last_cohort"));
        out.add(col("students"));
        out.add(col("graduated"));
        out.add(col("withdrawn"));
        out.add(when(covered, rate("graduated", "students")).as("graduation_rate"));
        out.add(col("employed"));
        out.add(when(covered, rate("employed", "graduated")).as("employment_rate"));
        out.add(col("employed_in_origin_province"));
        out.add(when(covered, rate("employed_in_origin_province", "employed")).as("return_home_rate"));
        List<Column> order = new ArrayList<>();
        order.add(col(YEAR).asc_nulls_first());
        place.forEach(c -> order.add(col(c)));
        return perYear.unionByName(pooled).select(out.toArray(new Column[0])).orderBy(order.toArray(new Column[0]));
    }

    private static Column rate(String numerator, String denominator) {
        return when(
                col(denominator).gt(0),
                col(numerator)
                        .cast(DataTypes.DoubleType)
                        .divide(col(denominator).cast(DataTypes.DoubleType)));
    }
}
