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
 * The cell-key method's pieces against values worked out by hand (the ptable, cell keys, bounds) or by another
 * implementation (record keys: Python's hashlib, {@code hashlib.sha256(b"p|r").digest()[0]}).
 */
class CellKeyTest {
    private static final PTable K10 = new PTable(10, 3);

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
    void theTableOfPerturbationsWorkedByHand() {
        // n = 0 stays 0 whatever the key
        assertThat(K10.value(0, 0)).isZero();
        assertThat(K10.value(0, 255)).isZero();
        // 1 <= n < 10: 10 when c < floor(256 n / 10), else 0. n = 3: floor(76.8) = 76
        assertThat(K10.value(3, 75)).isEqualTo(10);
        assertThat(K10.value(3, 76)).isZero();
        // n = 1: floor(25.6) = 25; n = 9: floor(230.4) = 230
        assertThat(K10.value(1, 24)).isEqualTo(10);
        assertThat(K10.value(1, 25)).isZero();
        assertThat(K10.value(9, 229)).isEqualTo(10);
        assertThat(K10.value(9, 230)).isZero();
        // n >= 10: max(10, n + (c mod 7) - 3). 20, c = 7: 7 mod 7 = 0, -3 -> 17; c = 13: 6, +3 -> 23; c = 255: 3, 0
        assertThat(K10.value(20, 7)).isEqualTo(17);
        assertThat(K10.value(20, 13)).isEqualTo(23);
        assertThat(K10.value(20, 255)).isEqualTo(20);
        // 10, c = 0: 10 - 3 = 7, raised to 10; 11, c = 1: 11 - 2 = 9, raised to 10
        assertThat(K10.value(10, 0)).isEqualTo(10);
        assertThat(K10.value(11, 1)).isEqualTo(10);
    }

    @Test
    void noTrueCountIsEverPublishedAsOneToNineAndEachStaysWithinItsBound() {
        for (long n = 0; n <= 60; n++) {
            for (int c = 0; c < CellKey.MODULUS; c++) {
                long v = K10.value(n, c);
                assertThat(v == 0 || v >= 10).as("n=%d c=%d v=%d", n, c, v).isTrue();
                assertThat(n).as("n=%d c=%d v=%d", n, c, v).isBetween(K10.lowestTrue(v), K10.highestTrue(v));
            }
        }
    }

    @Test
    void theBoundsAReaderIsToldWorkedByHand() {
        // 0: a true 0..9; 10: 1..13 (a small count shown as 10, or 10..13 moved down to 10); 11: 10..14; 23: 20..26
        assertThat(List.of(K10.lowestTrue(0), K10.highestTrue(0))).containsExactly(0L, 9L);
        assertThat(List.of(K10.lowestTrue(10), K10.highestTrue(10))).containsExactly(1L, 13L);
        assertThat(List.of(K10.lowestTrue(11), K10.highestTrue(11))).containsExactly(10L, 14L);
        assertThat(List.of(K10.lowestTrue(23), K10.highestTrue(23))).containsExactly(20L, 26L);
    }

    @Test
    void theFooterNamesTheMethodAndItsParameters() {
        assertThat(K10.footer())
                .containsEntry("crossenroll.protection", "cell_key")
                .containsEntry("crossenroll.cell_key.modulus", "256")
                .containsEntry("crossenroll.cell_key.max_deviation", "3");
        assertThatThrownBy(() -> new PTable(0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
