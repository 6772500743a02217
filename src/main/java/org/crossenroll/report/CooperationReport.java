package org.crossenroll.report;

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
 * The {@code cooperation} report: what the eastern partners put into their western partners, summed from the accepted
 * cooperation records, per year and indicator and for all years together (year null), at three levels:
 * <ul>
 *   <li>{@code pairing}: host region and origin region as reported (a province, prefecture or county in the
 *       reference's vintage), with their prefecture and province;
 *   <li>{@code province}: host province x origin province, the pairings above rolled up (a county's record counts for
 *       its province);
 *   <li>{@code programme}: the whole programme, region columns null.
 * </ul>
 * Built on the driver in plain Java: the ledger is small (fifteen indicators per pairing and year), and the sums are
 * exact decimals.
 */
public final class CooperationReport {
    public static final String TABLE = "cooperation";
    public static final String PAIRING = "pairing";
    public static final String PROVINCE = "province";
    public static final String PROGRAMME = "programme";

    /** The report's columns, without their meanings (the catalog adds them). */
    public static final StructType SCHEMA = new StructType()
            .add("level", StringType, false)
            .add("host_region_code", StringType, true)
            .add("host_region_name", StringType, true)
            .add("host_region_level", StringType, true)
            .add("host_prefecture_code", StringType, true)
            .add("host_prefecture_name", StringType, true)
            .add("host_province_code", StringType, true)
            .add("host_province_name", StringType, true)
            .add("origin_region_code", StringType, true)
            .add("origin_region_name", StringType, true)
            .add("origin_region_level", StringType, true)
            .add("origin_prefecture_code", StringType, true)
            .add("origin_prefecture_name", StringType, true)
            .add("origin_province_code", StringType, true)
            .add("origin_province_name", StringType, true)
            .add("year", IntegerType, true)
            .add("indicator", StringType, false)
            .add("unit", StringType, false)
            .add("value", CooperationClassifier.VALUE_TYPE, false)
            .add("records", LongType, false);

    private static final int KEY = 16; // level, 14 region columns, year: the columns before indicator

    private CooperationReport() {}

    /** The report's rows, sorted by level, regions, year (all years last) and indicator in the contract's order. */
    public static List<Row> rows(List<CooperationClassifier.Record> accepted) {
        Map<List<Object>, BigDecimal[]> sums = new TreeMap<>(CooperationReport::compareKeys);
        Map<List<Object>, Long> counts = new TreeMap<>(CooperationReport::compareKeys);
        for (CooperationClassifier.Record r : accepted) {
            for (Object[] regions : List.of(pairing(r), provinces(r), programme())) {
                for (Integer year : Arrays.asList(r.year(), null)) {
                    List<Object> key = new ArrayList<>(Arrays.asList(regions));
                    key.add(year);
                    key.add(r.indicator());
                    sums.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO})[0] =
                            sums.get(key)[0].add(r.value());
                    counts.merge(key, 1L, Long::sum);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        int maxDigits = CooperationClassifier.VALUE_TYPE.precision() - CooperationClassifier.VALUE_TYPE.scale();
        sums.forEach((key, sum) -> {
            if (sum[0].precision() - sum[0].scale() > maxDigits) {
                throw new IllegalStateException(
                        "The cooperation report's sum of " + key.get(KEY + 1) + " has more than " + maxDigits
                                + " digits of yuan: a submitted value is out of all proportion");
            }
            Object[] values = new Object[SCHEMA.size()];
            for (int i = 0; i < KEY; i++) {
                values[i] = key.get(i);
            }
            CooperationIndicator indicator = (CooperationIndicator) key.get(KEY);
            values[KEY] = indicator.canonical();
            values[KEY + 1] = indicator.unit();
            values[KEY + 2] = sum[0].setScale(CooperationClassifier.VALUE_TYPE.scale());
            values[KEY + 3] = counts.get(key);
            rows.add(RowFactory.create(values));
        });
        return rows;
    }

    private static Object[] pairing(CooperationClassifier.Record r) {
        CooperationClassifier.Place h = r.host();
        CooperationClassifier.Place o = r.origin();
        return new Object[] {
            PAIRING,
            h.code(),
            h.name(),
            h.level(),
            h.prefectureCode(),
            h.prefectureName(),
            h.provinceCode(),
            h.provinceName(),
            o.code(),
            o.name(),
            o.level(),
            o.prefectureCode(),
            o.prefectureName(),
            o.provinceCode(),
            o.provinceName()
        };
    }

    private static Object[] provinces(CooperationClassifier.Record r) {
        CooperationClassifier.Place h = r.host();
        CooperationClassifier.Place o = r.origin();
        return new Object[] {
            PROVINCE,
            h.provinceCode(),
            h.provinceName(),
            "province",
            null,
            null,
            h.provinceCode(),
            h.provinceName(),
            o.provinceCode(),
            o.provinceName(),
            "province",
            null,
            null,
            o.provinceCode(),
            o.provinceName()
        };
    }

    private static Object[] programme() {
        Object[] key = new Object[KEY - 1];
        key[0] = PROGRAMME;
        return key;
    }

    private static final List<String> LEVELS = List.of(PAIRING, PROVINCE, PROGRAMME);

    /** Level in its order, then each column ascending with nulls (all years) last. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        int c = Integer.compare(LEVELS.indexOf(a.get(0)), LEVELS.indexOf(b.get(0)));
        for (int i = 1; c == 0 && i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (!Objects.equals(x, y)) {
                c = x == null ? 1 : y == null ? -1 : ((Comparable) x).compareTo(y);
            }
        }
        return c;
    }
}
