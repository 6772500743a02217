package org.crossenroll.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What each column of a report is, in one place: the reports are checked against it when they are built, and
 * disclosure control ({@code org.crossenroll.disclosure}) reads from it which cells are person counts, which rows
 * add up to which, and what follows a withheld count. A column that is not described here fails the run before
 * anything is written, so a new column cannot reach the published layer unprotected.
 *
 * @param report the report
 * @param identity the columns that name a row (no two rows share them)
 * @param labels columns that only describe the identity (names, ancestor codes, levels): published as they are
 * @param counts person counts, each a sum over enrollments (a subset of {@link Counts#NAMES})
 * @param rates rates over two counts of the row
 * @param distinctCounts distinct counts (schools, regions) of the row's students: withheld with {@code students}
 * @param constants values that are not about persons (a pairing's target): published as they are
 * @param parents each hierarchy's map from a row to its parent row's identity (null at the top): the parent's counts
 *     are the sums of its children's
 * @param emptyRowsShown whether a row can exist with 0 students (otherwise a row's existence says students >= 1)
 */
public record ReportSpec(
        Report report,
        List<String> identity,
        List<String> labels,
        List<String> counts,
        List<Rate> rates,
        List<String> distinctCounts,
        List<String> constants,
        List<Function<Row, List<Object>>> parents,
        Function<Row, Boolean> emptyRowsShown) {

    /** A rate column and the counts it divides. */
    public record Rate(String column, String numerator, String denominator) {}

    /** The counts that split a row's students in two: the complement ({@code students - X}) is a count too. */
    public static final List<String> SPLITS =
            List.of("female", "ethnic_minority", "registered_poor", "liang_hou_sheng");

    /** The four statuses: every enrollment has exactly one, so they add up to students. */
    public static final List<String> STATUSES = List.of("enrolled", "graduated", "withdrawn", "transferred");

    private static final List<String> SUMMARY_IDENTITY = List.of("level", "region_code", "intake_year");
    /**
     * A school is named by its code, but nothing in the contract ties a school code to one host county: a school
     * whose rows give two counties (a typo, a code that changed) has a row under each, so a school row is also
     * identified by its county.
     */
    private static final List<String> HOST_SUMMARY_IDENTITY =
            List.of("level", "region_code", "county_code", "intake_year");

    public static ReportSpec of(Report report) {
        return switch (report) {
            case FLOWS ->
                new ReportSpec(
                        report,
                        List.of(
                                "intake_year",
                                "scheme",
                                "origin_province_code",
                                "origin_prefecture_code",
                                "host_province_code",
                                "host_prefecture_code"),
                        List.of(
                                "origin_province_name",
                                "origin_prefecture_name",
                                "origin_prefecture_display",
                                "host_province_name",
                                "host_prefecture_name",
                                "host_prefecture_display"),
                        Counts.NAMES,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        r -> false);
            case ORIGIN_SUMMARY ->
                new ReportSpec(
                        report,
                        SUMMARY_IDENTITY,
                        List.of("region_name", "region_display", "province_code", "prefecture_code"),
                        Counts.NAMES,
                        List.of(),
                        List.of("host_provinces", "host_schools", "origin_schools"),
                        List.of(),
                        List.of(ReportSpec::allYearsRow, ReportSpec::parentRegionRow),
                        r -> false);
            case HOST_SUMMARY ->
                new ReportSpec(
                        report,
                        HOST_SUMMARY_IDENTITY,
                        List.of("region_name", "region_display", "province_code", "prefecture_code"),
                        Counts.NAMES,
                        List.of(),
                        List.of("origin_provinces", "origin_prefectures", "origin_counties", "origin_schools"),
                        List.of(),
                        List.of(ReportSpec::allYearsHostRow, ReportSpec::parentHostRow),
                        r -> false);
            case PAIRING_PROGRESS ->
                new ReportSpec(
                        report,
                        List.of("host_region_code", "origin_region_code", "intake_year"),
                        List.of(
                                "host_region_name",
                                "host_region_display",
                                "host_region_level",
                                "origin_region_name",
                                "origin_region_display",
                                "origin_region_level"),
                        List.of("students", "registered_poor"),
                        List.of(new Rate("share_of_target", "students", "target_students")),
                        List.of(),
                        List.of("target_students"),
                        List.of(ReportSpec::cumulativeRow),
                        // the cumulative row of every pairing is shown, with 0 students when it has none yet
                        r -> r.isNullAt(r.fieldIndex("intake_year")));
            case OUTCOMES ->
                new ReportSpec(
                        report,
                        List.of("intake_year", "origin_prefecture_code", "host_province_code"),
                        List.of(
                                "origin_province_code",
                                "origin_province_name",
                                "origin_prefecture_name",
                                "origin_prefecture_display",
                                "host_province_name",
                                "first_cohort",
                                "last_cohort"),
                        List.of("students", "graduated", "withdrawn", "employed", "employed_in_origin_province"),
                        List.of(
                                new Rate("graduation_rate", "graduated", "students"),
                                new Rate("employment_rate", "employed", "graduated"),
                                new Rate("return_home_rate", "employed_in_origin_province", "employed")),
                        List.of(),
                        List.of(),
                        List.of(ReportSpec::pooledOutcomeRow),
                        r -> false);
        };
    }

    /** A summary's per-year row is a part of the region's all-years row. */
    private static List<Object> allYearsRow(Row r) {
        return r.getAs("intake_year") == null ? null : Arrays.asList(r.getAs("level"), r.getAs("region_code"), null);
    }

    /** A host_summary per-year row is a part of the all-years row of its region (and county). */
    private static List<Object> allYearsHostRow(Row r) {
        return r.getAs("intake_year") == null
                ? null
                : Arrays.asList(r.getAs("level"), r.getAs("region_code"), r.getAs("county_code"), null);
    }

    /** A host_summary row is a part of its parent region's row of the same year (a school of its county's). */
    private static List<Object> parentHostRow(Row r) {
        Object year = r.getAs("intake_year");
        return switch ((String) r.getAs("level")) {
            case "prefecture" -> Arrays.asList("province", r.getAs("province_code"), null, year);
            case "county" -> Arrays.asList("prefecture", r.getAs("prefecture_code"), null, year);
            case "school" -> Arrays.asList("county", r.getAs("county_code"), r.getAs("county_code"), year);
            default -> null;
        };
    }

    /** An origin_summary row is a part of its parent region's row of the same year. */
    private static List<Object> parentRegionRow(Row r) {
        Object year = r.getAs("intake_year");
        return switch ((String) r.getAs("level")) {
            case "prefecture" -> Arrays.asList("province", r.getAs("province_code"), year);
            case "county" -> Arrays.asList("prefecture", r.getAs("prefecture_code"), year);
            default -> null;
        };
    }

    /**
     * An outcomes row of a complete cohort (first_cohort set) is a part of its pooled row; a cohort still in school is
     * in no pooled row, so that the pooled rates cover complete cohorts only.
     */
    public static List<Object> pooledOutcomeRow(Row r) {
        return r.getAs("intake_year") == null || r.getAs("first_cohort") == null
                ? null
                : Arrays.asList(null, r.getAs("origin_prefecture_code"), r.getAs("host_province_code"));
    }

    /** A pairing's per-year row is a part of its cumulative row. */
    private static List<Object> cumulativeRow(Row r) {
        return r.getAs("intake_year") == null
                ? null
                : Arrays.asList(r.getAs("host_region_code"), r.getAs("origin_region_code"), null);
    }

    /** The splits of students this report shows. */
    public List<String> splits() {
        return SPLITS.stream().filter(counts::contains).toList();
    }

    /** The row's identity (nulls included), to look rows up by. */
    public List<Object> key(Row row) {
        List<Object> key = new ArrayList<>(identity.size());
        for (String column : identity) {
            key.add(row.getAs(column));
        }
        return key;
    }

    /**
     * Fails unless every column of the schema is described exactly once and every described column exists: the
     * check that keeps an undescribed column out of the published layer.
     */
    public void check(StructType schema) {
        Set<String> described = new LinkedHashSet<>();
        for (List<String> group : List.of(
                identity,
                labels,
                counts,
                distinctCounts,
                constants,
                rates.stream().map(Rate::column).toList())) {
            for (String column : group) {
                if (!described.add(column)) {
                    throw new IllegalStateException(
                            "Column " + column + " of report " + report.table() + " is described twice in ReportSpec.");
                }
            }
        }
        Set<String> actual = new LinkedHashSet<>();
        for (StructField field : schema.fields()) {
            actual.add(field.name());
        }
        if (!actual.equals(described)) {
            Set<String> undescribed = new LinkedHashSet<>(actual);
            undescribed.removeAll(described);
            Set<String> missing = new LinkedHashSet<>(described);
            missing.removeAll(actual);
            throw new IllegalStateException(
                    "Report " + report.table() + " does not match its description in ReportSpec "
                            + "(columns not described: " + undescribed + ", described but absent: " + missing
                            + "); a column must "
                            + "be described before it can be published.");
        }
    }
}
