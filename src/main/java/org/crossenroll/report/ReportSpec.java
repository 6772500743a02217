package org.crossenroll.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What each column of a report is, in one place: the reports are checked against it when they are built. A column
 * that is not described here fails the run before anything is written, so a new column is always a decision (the
 * published layer is its own set of tables, docs/published-layer.md).
 *
 * @param report the report
 * @param identity the columns that name a row (no two rows share them)
 * @param labels columns that only describe the identity (names, ancestor codes, levels)
 * @param counts person counts, each a sum over enrollments (a subset of {@link Counts#NAMES})
 * @param rates rates over two counts of the row
 * @param distinctCounts distinct counts (schools, regions) of the row's students
 * @param constants values that are not about persons (a pairing's target)
 */
public record ReportSpec(
        Report report,
        List<String> identity,
        List<String> labels,
        List<String> counts,
        List<Rate> rates,
        List<String> distinctCounts,
        List<String> constants) {

    /** A rate column and the counts it divides. */
    public record Rate(String column, String numerator, String denominator) {}

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
                        List.of());
            case ORIGIN_SUMMARY ->
                new ReportSpec(
                        report,
                        SUMMARY_IDENTITY,
                        List.of("region_name", "region_display", "province_code", "prefecture_code"),
                        Counts.NAMES,
                        List.of(),
                        List.of("host_provinces", "host_schools", "origin_schools"),
                        List.of());
            case HOST_SUMMARY ->
                new ReportSpec(
                        report,
                        HOST_SUMMARY_IDENTITY,
                        List.of("region_name", "region_display", "province_code", "prefecture_code"),
                        Counts.NAMES,
                        List.of(),
                        List.of("origin_provinces", "origin_prefectures", "origin_counties", "origin_schools"),
                        List.of());
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
                        List.of("target_students"));
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
                        List.of());
        };
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
