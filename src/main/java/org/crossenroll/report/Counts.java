package org.crossenroll.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * "The counts" every report carries, all BIGINT. Each counts accepted enrollments (one per student and intake
 * year), so a total is always the sum of its parts: all-years = sum of years, a province = sum of its prefectures.
 */
public final class Counts {
    /** Count name -> the condition an enrollment row meets to be counted (students: every row). */
    public static final Map<String, Column> CONDITIONS = conditions();

    public static final List<String> NAMES = List.copyOf(CONDITIONS.keySet());

    private Counts() {}

    private static Map<String, Column> conditions() {
        Column employed = col("employment_status").equalTo(lit("EMPLOYED"));
        Map<String, Column> m = new LinkedHashMap<>();
        m.put("students", lit(true));
        m.put("female", col("gender").equalTo(lit("F")));
        m.put("ethnic_minority", col("ethnic_minority"));
        m.put("registered_poor", col("registered_poor"));
        m.put("liang_hou_sheng", col("liang_hou_sheng"));
        m.put("enrolled", col("status").equalTo(lit("ENROLLED")));
        m.put("graduated", col("status").equalTo(lit("GRADUATED")));
        m.put("withdrawn", col("status").equalTo(lit("WITHDRAWN")));
        m.put("transferred", col("status").equalTo(lit("TRANSFERRED")));
        m.put("employed", employed);
        m.put("further_study", col("employment_status").equalTo(lit("FURTHER_STUDY")));
        m.put(
                "employed_in_origin_province",
                employed.and(col("employment_province_code").equalTo(col("origin_province_code"))));
        m.put(
                "employed_in_host_province",
                employed.and(col("employment_province_code").equalTo(col("host_province_code"))));
        return m;
    }

    /** Aggregates that count enrollment rows, one per count. */
    public static List<Column> fromEnrollments() {
        List<Column> aggs = new ArrayList<>();
        CONDITIONS.forEach((name, condition) ->
                aggs.add(sum(when(condition, lit(1L)).otherwise(lit(0L))).as(name)));
        return aggs;
    }

    /** Aggregates that add up counts already aggregated at a finer grain. */
    public static List<Column> summed() {
        List<Column> aggs = new ArrayList<>();
        for (String name : NAMES) {
            aggs.add(sum(col(name)).cast(DataTypes.LongType).as(name));
        }
        return aggs;
    }
}
