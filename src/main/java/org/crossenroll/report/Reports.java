package org.crossenroll.report;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds the reports from accepted enrollments, as pure Dataset-to-Dataset steps. Everything is aggregated once, at
 * the finest grain any report needs ({@link #fineGrain}); every rollup is then a small aggregation of that small
 * table, never a count(DISTINCT) over enrollment rows inside a ROLLUP.
 */
public final class Reports {
  static final List<String> ORIGIN = List.of("origin_province_code", "origin_province_name",
      "origin_prefecture_code", "origin_prefecture_name", "origin_county_code", "origin_county_name",
      "origin_school");
  static final List<String> HOST = List.of("host_province_code", "host_province_name", "host_prefecture_code",
      "host_prefecture_name", "host_county_code", "host_county_name", "host_school_code", "host_school_name");
  static final String YEAR = "intake_year";
  /** The columns of a row of {@link #units}, before its counts. */
  public static final List<String> UNIT_KEYS = List.of(YEAR, "scheme", "origin_province_code",
      "origin_prefecture_code", "origin_county_code", "host_province_code", "host_prefecture_code",
      "host_county_code", "host_school_code");

  private Reports() {}

  /** The counts per (intake year, scheme, origin county and school, host school): every report rolls up from it. */
  public static Dataset<Row> fineGrain(Dataset<Row> enrollments) {
    List<Column> keys = new ArrayList<>();
    keys.add(col(YEAR));
    keys.add(col("scheme"));
    ORIGIN.forEach(c -> keys.add(col(c)));
    HOST.forEach(c -> keys.add(col(c)));
    List<Column> aggs = Counts.fromEnrollments();
    return enrollments.groupBy(keys.toArray(new Column[0]))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
  }

  /** The five reports of a run, in publishing order, from the fine grain and the pairings. */
  public static Map<Report, Dataset<Row>> all(Dataset<Row> fine, Dataset<Row> pairings) {
    Map<Report, Dataset<Row>> reports = new LinkedHashMap<>();
    reports.put(Report.FLOWS, flows(fine));
    reports.put(Report.ORIGIN_SUMMARY, originSummary(fine));
    reports.put(Report.HOST_SUMMARY, hostSummary(fine));
    reports.put(Report.PAIRING_PROGRESS, pairingProgress(fine, pairings));
    reports.put(Report.OUTCOMES, outcomes(fine));
    return reports;
  }

  /**
   * The fine grain without the origin school (no report is keyed by it): one row per intake year, scheme, origin
   * county and host school with its region codes and counts. Disclosure control moves students between these.
   */
  public static Dataset<Row> units(Dataset<Row> fine) {
    return aggregate(fine, cols(UNIT_KEYS.toArray(new String[0])), List.of());
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
    List<String> keys = List.of(YEAR, "scheme", "origin_province_code", "origin_province_name",
        "origin_prefecture_code", "origin_prefecture_name", "host_province_code", "host_province_name",
        "host_prefecture_code", "host_prefecture_name");
    return aggregate(fine, cols(keys.toArray(new String[0])), List.of())
        .select(ordered(withCounts(keys)))
        .orderBy(ordered(keys));
  }

  /** A hierarchy level: its code and name columns, and the ancestor codes it carries. */
  private record Level(String name, String code, String label, String[] ancestors) {}

  /**
   * The origin hierarchy rolled up: level, region_code, region_name, province_code, prefecture_code, intake_year
   * (null = all years), the counts, host_provinces, host_schools and origin_schools (distinct).
   */
  public static Dataset<Row> originSummary(Dataset<Row> fine) {
    List<Level> levels = List.of(
        new Level("province", "origin_province_code", "origin_province_name",
            new String[] {"origin_province_code", null}),
        new Level("prefecture", "origin_prefecture_code", "origin_prefecture_name",
            new String[] {"origin_province_code", "origin_prefecture_code"}),
        new Level("county", "origin_county_code", "origin_county_name",
            new String[] {"origin_province_code", "origin_prefecture_code"}));
    List<Column> distinct = List.of(
        countDistinct(col("host_province_code")).cast("bigint").as("host_provinces"),
        countDistinct(col("host_school_code")).cast("bigint").as("host_schools"),
        countDistinct(col("origin_county_code"), col("origin_school")).cast("bigint").as("origin_schools"));
    List<String> out = withCounts(List.of("level", "region_code", "region_name", "province_code",
        "prefecture_code", YEAR), "host_provinces", "host_schools", "origin_schools");
    return rollup(fine, levels, List.of("province_code", "prefecture_code"), distinct, out);
  }

  /**
   * The host hierarchy rolled up to province, prefecture, county and school: level, region_code, region_name,
   * province_code, prefecture_code, county_code, intake_year (null = all years), the counts, and distinct
   * origin_provinces, origin_prefectures, origin_counties, origin_schools.
   */
  public static Dataset<Row> hostSummary(Dataset<Row> fine) {
    List<Level> levels = List.of(
        new Level("province", "host_province_code", "host_province_name",
            new String[] {"host_province_code", null, null}),
        new Level("prefecture", "host_prefecture_code", "host_prefecture_name",
            new String[] {"host_province_code", "host_prefecture_code", null}),
        new Level("county", "host_county_code", "host_county_name",
            new String[] {"host_province_code", "host_prefecture_code", "host_county_code"}),
        new Level("school", "host_school_code", null,
            new String[] {"host_province_code", "host_prefecture_code", "host_county_code"}));
    List<Column> distinct = List.of(
        countDistinct(col("origin_province_code")).cast("bigint").as("origin_provinces"),
        countDistinct(col("origin_prefecture_code")).cast("bigint").as("origin_prefectures"),
        countDistinct(col("origin_county_code")).cast("bigint").as("origin_counties"),
        countDistinct(col("origin_county_code"), col("origin_school")).cast("bigint").as("origin_schools"));
    List<String> out = withCounts(List.of("level", "region_code", "region_name", "province_code",
        "prefecture_code", "county_code", YEAR), "origin_provinces", "origin_prefectures", "origin_counties",
        "origin_schools");
    return rollup(fine, levels, List.of("province_code", "prefecture_code", "county_code"), distinct, out);
  }

  /**
   * A UNION ALL of plain GROUP BYs, one per level and per year-or-all-years: Spark's ROLLUP would expand every row
   * once per grouping set before the distinct counts.
   */
  private static Dataset<Row> rollup(Dataset<Row> fine, List<Level> levels, List<String> ancestorNames,
      List<Column> distinct, List<String> out) {
    Dataset<Row> result = null;
    for (Level level : levels) {
      for (boolean perYear : new boolean[] {true, false}) {
        List<Column> keys = new ArrayList<>();
        keys.add(col(level.code()).as("region_code"));
        if (level.label() != null) {
          keys.add(col(level.label()).as("region_name"));
        }
        for (int i = 0; i < ancestorNames.size(); i++) {
          String a = level.ancestors()[i];
          if (a != null && !a.equals(level.code())) {
            keys.add(col(a).as(ancestorNames.get(i)));
          }
        }
        if (perYear) {
          keys.add(col(YEAR));
        }
        List<Column> extra = new ArrayList<>(distinct);
        if (level.label() == null) {
          extra.add(max(col("host_school_name")).as("region_name")); // a school's name as its rows give it
        }
        Dataset<Row> agg = aggregate(fine, keys, extra).withColumn("level", lit(level.name()));
        for (int i = 0; i < ancestorNames.size(); i++) {
          String a = level.ancestors()[i];
          if (a == null) {
            agg = agg.withColumn(ancestorNames.get(i), lit(null).cast("string"));
          } else if (a.equals(level.code())) {
            agg = agg.withColumn(ancestorNames.get(i), col("region_code"));
          }
        }
        if (!perYear) {
          agg = agg.withColumn(YEAR, lit(null).cast("int"));
        }
        agg = agg.select(ordered(out));
        result = result == null ? agg : result.unionByName(agg);
      }
    }
    return result.orderBy(col("level"), col("region_code"), col(YEAR).asc_nulls_first());
  }

  /**
   * For each pairing (host region, origin region, each a province or a prefecture) the students whose host school
   * lies in the host region and whose home lies in the origin region: one row per intake year with students, and
   * a cumulative row (intake_year null) for every pairing, zero when it has none.
   */
  public static Dataset<Row> pairingProgress(Dataset<Row> fine, Dataset<Row> pairings) {
    Dataset<Row> grain = fine.groupBy(col(YEAR), col("host_province_code"), col("host_prefecture_code"),
            col("origin_province_code"), col("origin_prefecture_code"))
        .agg(sum(col("students")).as("students"), sum(col("registered_poor")).as("registered_poor"));
    Column hostMatch = when(col("host_region_level").equalTo(lit("province")),
        col("host_province_code").equalTo(col("host_region_code")))
        .otherwise(col("host_prefecture_code").equalTo(col("host_region_code")));
    Column originMatch = when(col("origin_region_level").equalTo(lit("province")),
        col("origin_province_code").equalTo(col("origin_region_code")))
        .otherwise(col("origin_prefecture_code").equalTo(col("origin_region_code")));
    List<String> pairingCols = List.of("host_region_code", "host_region_name", "host_region_level",
        "origin_region_code", "origin_region_name", "origin_region_level", "target_students");
    Dataset<Row> matched = broadcast(pairings).join(grain, hostMatch.and(originMatch), "left_outer");
    List<Column> keys = new ArrayList<>(cols(pairingCols.toArray(new String[0])));
    List<Column> sums = List.of(coalesce(sum(col("students")), lit(0L)).cast("bigint").as("students"),
        coalesce(sum(col("registered_poor")), lit(0L)).cast("bigint").as("registered_poor"));
    Dataset<Row> cumulative = matched.groupBy(keys.toArray(new Column[0]))
        .agg(sums.get(0), sums.get(1)).withColumn(YEAR, lit(null).cast("int"));
    keys.add(col(YEAR));
    Dataset<Row> perYear = matched.filter(col(YEAR).isNotNull()).groupBy(keys.toArray(new Column[0]))
        .agg(sums.get(0), sums.get(1));
    List<String> out = List.of("host_region_code", "host_region_name", "host_region_level", "origin_region_code",
        "origin_region_name", "origin_region_level", YEAR, "students", "registered_poor", "target_students",
        "share_of_target");
    return perYear.unionByName(cumulative)
        .withColumn("share_of_target", when(col("target_students").gt(0),
            col("students").cast("double").divide(col("target_students").cast("double"))))
        .select(ordered(out))
        .orderBy(col("host_region_code"), col("origin_region_code"), col(YEAR).asc_nulls_first());
  }

  /**
   * Per (intake_year, origin prefecture, host province): students, graduated, withdrawn, graduation_rate
   * (graduated / students), employed, employment_rate (employed / graduated), employed_in_origin_province,
   * return_home_rate (employed in origin province / employed). A rate is null when its denominator is 0.
   */
  public static Dataset<Row> outcomes(Dataset<Row> fine) {
    List<String> keys = List.of(YEAR, "origin_province_code", "origin_province_name", "origin_prefecture_code",
        "origin_prefecture_name", "host_province_code", "host_province_name");
    Dataset<Row> agg = aggregate(fine, cols(keys.toArray(new String[0])), List.of());
    List<Column> out = new ArrayList<>(cols(keys.toArray(new String[0])));
    out.add(col("students"));
    out.add(col("graduated"));
    out.add(col("withdrawn"));
    out.add(rate("graduated", "students").as("graduation_rate"));
    out.add(col("employed"));
    out.add(rate("employed", "graduated").as("employment_rate"));
    out.add(col("employed_in_origin_province"));
    out.add(rate("employed_in_origin_province", "employed").as("return_home_rate"));
    return agg.select(out.toArray(new Column[0])).orderBy(ordered(keys));
  }

  private static Column rate(String numerator, String denominator) {
    return when(col(denominator).gt(0), col(numerator).cast("double").divide(col(denominator).cast("double")));
  }
}
