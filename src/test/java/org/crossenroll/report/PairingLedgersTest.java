package org.crossenroll.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.catalog.Tables;
import org.crossenroll.ingest.CooperationFiles;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.validate.CooperationClassifier;
import org.crossenroll.validate.Validation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both ledgers per pairing, from three pairings and five records, without Spark; every figure worked by hand. */
class PairingLedgersTest {
    static final StructType PROGRESS = Tables.report(Report.PAIRING_PROGRESS);
    static List<Row> rows;

    static Row progress(
            String host, String hostLevel, String origin, String originLevel, Integer year, long students, long poor) {
        return new GenericRowWithSchema(
                new Object[] {
                    host,
                    "h" + host,
                    "h" + host,
                    hostLevel,
                    origin,
                    "o" + origin,
                    "o" + origin,
                    originLevel,
                    year,
                    students,
                    poor,
                    null,
                    null
                },
                PROGRESS);
    }

    @BeforeAll
    static void build() {
        Regions regions = Regions.load(Regions.BUNDLED, new Configuration());
        CooperationClassifier classifier = new CooperationClassifier(
                regions,
                new RegionResolution(regions, Validation.EARLIEST_INTAKE.getYear()),
                LocalDate.parse("2024-06-30"));
        List<CooperationFiles.RawRow> raw = new ArrayList<>();
        String[][] records = {
            // a county pairing inside 宁波 x 黔西南: counts for it
            {"C1", "330212", "522301", "2019", "funds_cny", "1000000"},
            {"C2", "330200", "522300", "2019", "teachers_sent", "58"},
            {"C3", "330200", "522300", "2020", "employment_training", "100"},
            {"C4", "330200", "522300", "2020", "skills_upgrading", "50"},
            {"C5", "350000", "640000", "2018", "programmes_cobuilt", "60"},
        };
        for (String[] r : records) {
            raw.add(new CooperationFiles.RawRow("cooperation/x.csv", raw.size() + 2, null, new String[] {
                r[0], r[1], r[2], null, null, r[3], r[4], r[5], "2021-01-01 00:00:00"
            }));
        }
        List<Row> progress = List.of(
                progress("330200", "prefecture", "522300", "prefecture", 2019, 10, 8),
                progress("330200", "prefecture", "522300", "prefecture", null, 10, 8),
                progress("350000", "province", "640000", "province", null, 0, 0),
                progress("310000", "province", "530000", "province", 2018, 5, 5),
                progress("310000", "province", "530000", "province", null, 5, 5));
        rows = PairingLedgers.rows(progress, classifier.classify(raw).accepted());
    }

    /** host, year, then the columns from students on. */
    static List<Object> at(int i) {
        Row r = rows.get(i);
        List<Object> out = new ArrayList<>(Arrays.asList(r.get(0), r.get(6)));
        for (int c = 7; c < r.size(); c++) {
            out.add(r.get(c));
        }
        return out;
    }

    static BigDecimal yuan(String v) {
        return new BigDecimal(v);
    }

    @Test
    void bothLedgersPerPairingAndYearWithTheirRatiosAndFlags() {
        assertThat(rows).hasSize(7);
        // host, year, students, poor, funds, equipment, teachers sent/received, cadres sent/received, programmes,
        // bases, people trained, records, students per million yuan, inputs without students, students without inputs
        assertThat(at(0))
                .containsExactly(
                        "310000",
                        2018,
                        5L,
                        5L,
                        yuan("0.00"),
                        yuan("0.00"),
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        null,
                        false,
                        true);
        assertThat(at(1))
                .containsExactly(
                        "310000",
                        null,
                        5L,
                        5L,
                        yuan("0.00"),
                        yuan("0.00"),
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        null,
                        false,
                        true);
        assertThat(at(2))
                .containsExactly(
                        "330200",
                        2019,
                        10L,
                        8L,
                        yuan("1000000.00"),
                        yuan("0.00"),
                        58L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        2L,
                        10.0,
                        false,
                        false);
        assertThat(at(3))
                .containsExactly(
                        "330200",
                        2020,
                        0L,
                        0L,
                        yuan("0.00"),
                        yuan("0.00"),
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        150L,
                        2L,
                        null,
                        true,
                        false);
        assertThat(at(4))
                .containsExactly(
                        "330200",
                        null,
                        10L,
                        8L,
                        yuan("1000000.00"),
                        yuan("0.00"),
                        58L,
                        0L,
                        0L,
                        0L,
                        0L,
                        0L,
                        150L,
                        4L,
                        10.0,
                        false,
                        false);
        assertThat(at(5))
                .containsExactly(
                        "350000",
                        2018,
                        0L,
                        0L,
                        yuan("0.00"),
                        yuan("0.00"),
                        0L,
                        0L,
                        0L,
                        0L,
                        60L,
                        0L,
                        0L,
                        1L,
                        null,
                        true,
                        false);
        assertThat(at(6))
                .containsExactly(
                        "350000",
                        null,
                        0L,
                        0L,
                        yuan("0.00"),
                        yuan("0.00"),
                        0L,
                        0L,
                        0L,
                        0L,
                        60L,
                        0L,
                        0L,
                        1L,
                        null,
                        true,
                        false);
        assertThat(rows.get(0).size()).isEqualTo(PairingLedgers.SCHEMA.size());
    }
}
