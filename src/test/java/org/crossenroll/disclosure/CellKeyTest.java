package org.crossenroll.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.disclosure.CellKey.PTable;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * The additive cell key's pieces against values worked out by hand (the fine values, cell keys, bounds) or by another
 * implementation (record keys: Python's hashlib, {@code hashlib.sha256(b"p|r").digest()[0]}).
 */
class CellKeyTest {
    private static final PTable K10 = new PTable(10);

    @Test
    void recordKeysAreTheFirstByteOfTheHashOfPseudonymAndRecordId() {
        // python3 -c 'import hashlib; print(hashlib.sha256(b"p|r").digest()[0])' -> 219; b"a3f0|R-0001" -> 75
        assertThat(CellKey.recordKey("p", "r")).isEqualTo(219);
        assertThat(CellKey.recordKey("a3f0", "R-0001")).isEqualTo(75);
    }

    @Test
    void sparksRecordKeyColumnGivesTheSameKeys() {
        StructType schema =
                new StructType().add("student_pseudonym", DataTypes.StringType).add("record_id", DataTypes.StringType);
        List<Row> keys = TestSpark.session()
                .createDataFrame(List.of(RowFactory.create("p", "r"), RowFactory.create("a3f0", "R-0001")), schema)
                .select(CellKey.recordKeyColumn())
                .collectAsList();
        assertThat(keys.stream().map(r -> r.getLong(0)).toList()).containsExactly(219L, 75L);
    }

    @Test
    void aCellsKeyIsTheSumOfItsRecordKeysModulo256() {
        assertThat(CellKey.cellKey(200 + 100)).isEqualTo(44);
        assertThat(CellKey.cellKey(255)).isEqualTo(255);
        assertThat(CellKey.cellKey(512)).isZero();
    }

    @Test
    void theFineValuesWorkedByHand() {
        // n = 0 stays 0 whatever the key
        assertThat(K10.value(0, 0)).isZero();
        assertThat(K10.value(0, 255)).isZero();
        // 1 <= n <= 9: 10 when c < floor(256 n / 10), else 0. n = 3: floor(76.8) = 76
        assertThat(K10.value(3, 75)).isEqualTo(10);
        assertThat(K10.value(3, 76)).isZero();
        // n = 1: floor(25.6) = 25; n = 9: floor(230.4) = 230
        assertThat(K10.value(1, 24)).isEqualTo(10);
        assertThat(K10.value(1, 25)).isZero();
        assertThat(K10.value(9, 229)).isEqualTo(10);
        assertThat(K10.value(9, 230)).isZero();
        // n >= 10: n exactly, whatever the key (no +-D any more)
        assertThat(K10.value(10, 0)).isEqualTo(10);
        assertThat(K10.value(11, 1)).isEqualTo(11);
        assertThat(K10.value(20, 7)).isEqualTo(20);
        assertThat(K10.value(20, 255)).isEqualTo(20);
    }

    @Test
    void aFineValueIsZeroKOrItsCountAndEachStaysWithinItsBound() {
        for (long n = 0; n <= 60; n++) {
            long ks = 0;
            for (int c = 0; c < CellKey.MODULUS; c++) {
                long v = K10.value(n, c);
                assertThat(v == 0 || v == 10 || v == n)
                        .as("n=%d c=%d v=%d", n, c, v)
                        .isTrue();
                assertThat(n).as("n=%d c=%d v=%d", n, c, v).isBetween(K10.lowestTrue(v), K10.highestTrue(v));
                ks += v == 10 && n < 10 ? 1 : 0;
            }
            if (n >= 1 && n <= 9) { // k for exactly floor(256 n / 10) of the 256 keys: n = 4 -> 102
                assertThat(ks).as("n=%d", n).isEqualTo((256 * n) / 10);
            }
        }
        assertThat((256 * 4) / 10).isEqualTo(102);
    }

    @Test
    void theBoundsAReaderIsToldWorkedByHand() {
        // 0: a true 0..9; 10: 1..10 (a small count shown as 10, or exactly 10); 11: exactly 11; 23: exactly 23
        assertThat(List.of(K10.lowestTrue(0), K10.highestTrue(0))).containsExactly(0L, 9L);
        assertThat(List.of(K10.lowestTrue(10), K10.highestTrue(10))).containsExactly(1L, 10L);
        assertThat(List.of(K10.lowestTrue(11), K10.highestTrue(11))).containsExactly(11L, 11L);
        assertThat(List.of(K10.lowestTrue(23), K10.highestTrue(23))).containsExactly(23L, 23L);
    }

    @Test
    void theFooterNamesTheMethodAndItsParameters() {
        assertThat(K10.footer())
                .containsEntry("crossenroll.protection", "additive_cell_key")
                .containsEntry("crossenroll.cell_key.modulus", "256")
                .doesNotContainKey("crossenroll.cell_key.max_deviation");
        assertThat(K10.footer().get("crossenroll.cell_key.fine_cells"))
                .contains("intake_year", "registered_poor", "employed_at_home");
        assertThatThrownBy(() -> new PTable(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
