package org.crossenroll.report;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.validate.CooperationClassifier;
import org.crossenroll.validate.CooperationIndicator;

/**
 * {@code pairing_ledgers}: both ledgers side by side for every pairing of {@code pairing_progress} (issue 27, point
 * 3), per year and for all years (year null): the students placed and registered poor (pairing_progress's exact
 * counts), the main inputs from the accepted cooperation records whose host lies in the pairing's host region and
 * whose origin lies in its origin region (a county's record counts for its prefecture's pairing, as a student's
 * county does), and the ratios and flags an analyst asks for.
 *
 * <p>A report beside pairing_progress rather than new columns in it: pairing_progress and its published layer keep
 * their columns and protection, and this table, which holds its exact student counts, is internal like it.
 */
public final class PairingLedgers {
    public static final String TABLE = "pairing_ledgers";

    /** The columns, without their meanings (the catalog adds them). */
    public static final StructType SCHEMA = new StructType()
            .add("host_region_code", StringType, false)
            .add("host_region_name", StringType, false)
            .add("host_region_level", StringType, false)
            .add("origin_region_code", StringType, false)
            .add("origin_region_name", StringType, false)
            .add("origin_region_level", StringType, false)
            .add("year", IntegerType, true)
            .add("students", LongType, false)
            .add("registered_poor", LongType, false)
            .add("funds_cny", CooperationClassifier.VALUE_TYPE, false)
            .add("equipment_cny", CooperationClassifier.VALUE_TYPE, false)
            .add("teachers_sent", LongType, false)
            .add("teachers_received", LongType, false)
            .add("cadres_sent", LongType, false)
            .add("cadres_received", LongType, false)
            .add("programmes_cobuilt", LongType, false)
            .add("training_bases", LongType, false)
            .add("people_trained", LongType, false)
            .add("cooperation_records", LongType, false)
            .add("students_per_million_yuan", DoubleType, true)
            .add("inputs_without_students", BooleanType, false)
            .add("students_without_inputs", BooleanType, false);

    /** The indicators summed into people_trained: the three trainings of workers. */
    static final List<CooperationIndicator> TRAINED = List.of(
            CooperationIndicator.EMPLOYMENT_TRAINING,
            CooperationIndicator.SKILLS_UPGRADING,
            CooperationIndicator.ENTREPRENEURSHIP_TRAINING);

    /** The indicators with a column of their own, in the columns' order after the two amounts. */
    static final List<CooperationIndicator> COUNTED = List.of(
            CooperationIndicator.TEACHERS_SENT,
            CooperationIndicator.TEACHERS_RECEIVED,
            CooperationIndicator.CADRES_SENT,
            CooperationIndicator.CADRES_RECEIVED,
            CooperationIndicator.PROGRAMMES_COBUILT,
            CooperationIndicator.TRAINING_BASES);

    private PairingLedgers() {}

    /** A pairing as pairing_progress names it. */
    private record Pairing(
            String host, String hostName, String hostLevel, String origin, String originName, String originLevel) {}

    /** What one pairing and year (null = all) gathers from both ledgers. */
    private static final class Cell {
        long students;
        long registeredPoor;
        final BigDecimal[] values = new BigDecimal[CooperationIndicator.values().length];
        long records;

        Cell() {
            Arrays.fill(values, BigDecimal.ZERO);
        }
    }

    /**
     * The rows: for every pairing of {@code pairingProgress} (its cumulative row), one all-years row, and one row per
     * year that has students or cooperation records; sorted by host, origin, year (all years last).
     *
     * @param pairingProgress the rows of pairing_progress, with their schema
     */
    public static List<Row> rows(List<Row> pairingProgress, List<CooperationClassifier.Record> cooperation) {
        Map<Pairing, Map<Integer, Cell>> cells = new TreeMap<>((a, b) -> {
            int c = a.host().compareTo(b.host());
            return c != 0 ? c : a.origin().compareTo(b.origin());
        });
        for (Row r : pairingProgress) {
            Pairing p = new Pairing(
                    r.getAs("host_region_code"),
                    r.getAs("host_region_name"),
                    r.getAs("host_region_level"),
                    r.getAs("origin_region_code"),
                    r.getAs("origin_region_name"),
                    r.getAs("origin_region_level"));
            Object year = r.getAs("intake_year");
            Cell cell = cell(cells, p, (Integer) year);
            cell.students = r.<Long>getAs("students");
            cell.registeredPoor = r.<Long>getAs("registered_poor");
        }
        for (Pairing p : List.copyOf(cells.keySet())) {
            for (CooperationClassifier.Record rec : cooperation) {
                if (within(rec.host(), p.host()) && within(rec.origin(), p.origin())) {
                    for (Integer year : Arrays.asList(rec.year(), null)) {
                        Cell cell = cell(cells, p, year);
                        int i = rec.indicator().ordinal();
                        cell.values[i] = cell.values[i].add(rec.value());
                        cell.records++;
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        cells.forEach((p, byYear) -> byYear.forEach((year, c) -> rows.add(row(p, year, c))));
        return rows;
    }

    private static Cell cell(Map<Pairing, Map<Integer, Cell>> cells, Pairing p, Integer year) {
        return cells.computeIfAbsent(
                        p,
                        k -> new TreeMap<>((a, b) -> a == null ? (b == null ? 0 : 1) : b == null ? -1 : a.compareTo(b)))
                .computeIfAbsent(year, k -> new Cell());
    }

    /** The place lies in the region (a province or prefecture code): is it, or its prefecture or province is. */
    static boolean within(CooperationClassifier.Place place, String region) {
        return place.code().equals(region)
                || Objects.equals(place.prefectureCode(), region)
                || place.provinceCode().equals(region);
    }

    private static Row row(Pairing p, Integer year, Cell c) {
        BigDecimal funds = c.values[CooperationIndicator.FUNDS_CNY.ordinal()];
        BigDecimal equipment = c.values[CooperationIndicator.EQUIPMENT_CNY.ordinal()];
        BigDecimal yuan = funds.add(equipment);
        List<Object> values = new ArrayList<>(
                List.of(p.host(), p.hostName(), p.hostLevel(), p.origin(), p.originName(), p.originLevel()));
        values.add(year);
        values.add(c.students);
        values.add(c.registeredPoor);
        values.add(funds.setScale(CooperationClassifier.VALUE_TYPE.scale()));
        values.add(equipment.setScale(CooperationClassifier.VALUE_TYPE.scale()));
        for (CooperationIndicator i : COUNTED) {
            values.add(c.values[i.ordinal()].longValueExact());
        }
        long trained = 0;
        for (CooperationIndicator i : TRAINED) {
            trained += c.values[i.ordinal()].longValueExact();
        }
        values.add(trained);
        values.add(c.records);
        // students per million yuan of funds and equipment: null without money, never a division by zero
        values.add(yuan.signum() == 0 ? null : c.students / yuan.doubleValue() * 1_000_000);
        boolean inputs = false;
        for (BigDecimal v : c.values) {
            inputs |= v.signum() > 0;
        }
        values.add(inputs && c.students == 0);
        values.add(c.students > 0 && c.records == 0);
        return RowFactory.create(values.toArray());
    }
}
