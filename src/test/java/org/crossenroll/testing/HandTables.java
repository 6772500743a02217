package org.crossenroll.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.reference.Pairings;
import org.crossenroll.report.Report;
import org.crossenroll.report.Reports;

/**
 * Hand-made enrollments built into the five reports by the real {@link Reports}: groups of identical students
 * ({@link #add}), each group given by its intake year, origin county and host school. Region codes follow GB/T 2260
 * (province = first two digits, prefecture = first four); names are the codes.
 */
public final class HandTables {
    /** The bundled reference's qualified display names, as the job passes them to the reports. */
    public static final java.util.Map<String, String> QUALIFIED = org.crossenroll.reference.Regions.load(
                    org.crossenroll.reference.Regions.BUNDLED, null)
            .qualifiedDisplayNames();
    /** The accepted enrollments' columns that {@link Reports#fineGrain} reads. */
    public static final StructType ENROLLMENT = new StructType()
            .add("intake_year", DataTypes.IntegerType)
            .add("scheme", DataTypes.StringType)
            .add("origin_province_code", DataTypes.StringType)
            .add("origin_province_name", DataTypes.StringType)
            .add("origin_prefecture_code", DataTypes.StringType)
            .add("origin_prefecture_name", DataTypes.StringType)
            .add("origin_county_code", DataTypes.StringType)
            .add("origin_county_name", DataTypes.StringType)
            .add("origin_school", DataTypes.StringType)
            .add("host_province_code", DataTypes.StringType)
            .add("host_province_name", DataTypes.StringType)
            .add("host_prefecture_code", DataTypes.StringType)
            .add("host_prefecture_name", DataTypes.StringType)
            .add("host_county_code", DataTypes.StringType)
            .add("host_county_name", DataTypes.StringType)
            .add("host_school_code", DataTypes.StringType)
            .add("host_school_name", DataTypes.StringType)
            .add("gender", DataTypes.StringType)
            .add("ethnic_minority", DataTypes.BooleanType)
            .add("registered_poor", DataTypes.BooleanType)
            .add("liang_hou_sheng", DataTypes.BooleanType)
            .add("status", DataTypes.StringType)
            .add("employment_status", DataTypes.StringType)
            .add("employment_province_code", DataTypes.StringType);

    private final List<Row> rows = new ArrayList<>();
    private final List<Row> pairings = new ArrayList<>();

    /**
     * {@code n} students of one intake year from an origin county to a host school (in a host county), male, Han,
     * not registered poor, not 两后生, with the given status and no employment ({@link #addGraduates} for that).
     */
    public HandTables add(
            int n, int year, String originCounty, String hostCounty, String hostSchool, String status, boolean poor) {
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(
                    year,
                    "东西协作",
                    province(originCounty),
                    province(originCounty),
                    prefecture(originCounty),
                    prefecture(originCounty),
                    originCounty,
                    originCounty,
                    "一中",
                    province(hostCounty),
                    province(hostCounty),
                    prefecture(hostCounty),
                    prefecture(hostCounty),
                    hostCounty,
                    hostCounty,
                    hostSchool,
                    hostSchool,
                    "M",
                    false,
                    poor,
                    false,
                    status,
                    null,
                    null));
        }
        return this;
    }

    /**
     * {@code n} graduates as {@link #add} makes them, employed in the given province (null: employed, no place given),
     * or not employed when {@code employedIn} is the empty string.
     */
    public HandTables addGraduates(
            int n, int year, String originCounty, String hostCounty, String hostSchool, String employedIn) {
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(
                    year,
                    "东西协作",
                    province(originCounty),
                    province(originCounty),
                    prefecture(originCounty),
                    prefecture(originCounty),
                    originCounty,
                    originCounty,
                    "一中",
                    province(hostCounty),
                    province(hostCounty),
                    prefecture(hostCounty),
                    prefecture(hostCounty),
                    hostCounty,
                    hostCounty,
                    hostSchool,
                    hostSchool,
                    "M",
                    false,
                    false,
                    false,
                    "GRADUATED",
                    "".equals(employedIn) ? null : "EMPLOYED",
                    "".equals(employedIn) ? null : employedIn));
        }
        return this;
    }

    public HandTables pairing(String host, String hostLevel, String origin, String originLevel) {
        pairings.add(RowFactory.create(host, host, hostLevel, origin, origin, originLevel, null));
        return this;
    }

    static String province(String county) {
        return county.substring(0, 2) + "0000";
    }

    static String prefecture(String county) {
        return county.substring(0, 4) + "00";
    }

    /** A report as built: its schema and rows. */
    public record Table(StructType schema, List<Row> rows) {}

    /** The reports (schema and rows), as the job collects them. */
    public record Built(Map<Report, Table> reports) {
        public Map<Report, List<Row>> rows() {
            Map<Report, List<Row>> m = new LinkedHashMap<>();
            reports.forEach((r, t) -> m.put(r, t.rows()));
            return m;
        }
    }

    public Built build() {
        SparkSession spark = TestSpark.session();
        Dataset<Row> fine = Reports.fineGrain(spark.createDataFrame(rows, ENROLLMENT), QUALIFIED)
                .cache();
        Map<Report, Dataset<Row>> ds = Reports.all(fine, Pairings.dataset(spark, pairings), QUALIFIED);
        Map<Report, Table> tables = new LinkedHashMap<>();
        ds.forEach((r, d) -> tables.put(r, new Table(d.schema(), d.collectAsList())));
        fine.unpersist();
        return new Built(tables);
    }
}
