package org.crossenroll.privacy;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * {@link OwnIdentity} by hand: what counts as the row's own name or id, in Java (the text readers) and as Spark
 * expressions (the Parquet reader), which must agree case by case.
 */
class OwnIdentityTest {
    /** value, student_name, student_id, expected. Expectations from the class comment's rules. */
    static final Object[][] CASES = {
        {"王小红", "王小红", "S1", true}, // the own name
        {" 王小红\u3000", "王小红", "S1", true}, // trimmed, full-width space included
        {"王小红", "\u3000王小红 ", "S1", true}, // the name trimmed too
        {"王小", "王小红", "S1", false}, // part of the name is no match
        {"江宁王小红职校", "王小红", "S1", false}, // nor is a value containing it
        {"S1", "王小红", "S1", true}, // the own id
        {"s1", "王小红", "S1", true}, // in another case
        {"S1", "王小红", " s1\t", true}, // the id normalised: trimmed, upper case
        {"\uFEFFab12Cd ", null, "AB12CD", true}, // a stray byte-order mark is trimmed
        {"S2", "王小红", "S1", false}, // another student's id
        {"王小红", "", "S1", false}, // a blank name compares to nothing
        {"", "", "", false}, // nor does a blank value
        {"\u3000", "\u3000", null, false}, // a name of spaces is blank
        {"Wang Xiaohong", "WANG XIAOHONG", "S1", false}, // names compare exactly
        {null, "王小红", "S1", false},
    };

    @Test
    void javaAnswers() {
        for (int i = 0; i < CASES.length; i++) {
            Object[] c = CASES[i];
            assertThat(OwnIdentity.of((String) c[1], (String) c[2]).isIn((String) c[0]))
                    .as("case %d", i)
                    .isEqualTo(c[3]);
        }
    }

    @Test
    void sparkExpressionsAgree() {
        StructType schema = new StructType()
                .add("i", DataTypes.IntegerType)
                .add("v", DataTypes.StringType)
                .add("n", DataTypes.StringType)
                .add("s", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < CASES.length; i++) {
            rows.add(RowFactory.create(i, CASES[i][0], CASES[i][1], CASES[i][2]));
        }
        List<Row> out = TestSpark.session()
                .createDataFrame(rows, schema)
                .select(col("i"), OwnIdentity.isIn(col("v"), col("n"), col("s")).as("own"))
                .orderBy("i")
                .collectAsList();
        for (Row r : out) {
            boolean own = !r.isNullAt(1) && r.getBoolean(1);
            assertThat(own).as("case %d", r.getInt(0)).isEqualTo(CASES[r.getInt(0)][3]);
        }
    }

    @Test
    void theFirstFieldHoldingEitherIsNamedAndNoneIsNull() {
        StructType schema = new StructType()
                .add("a", DataTypes.StringType)
                .add("b", DataTypes.StringType)
                .add("c", DataTypes.StringType)
                .add("n", DataTypes.StringType)
                .add("s", DataTypes.StringType);
        List<Row> rows = List.of(
                RowFactory.create("x", " s1", "王小红", "王小红", "S1"), // the id in b comes before the name in c
                RowFactory.create("王小红 ", null, "s1", "王小红", "S1"), // the name in a first
                RowFactory.create("x", "", "y", "王小红", "S1"), // neither: null
                RowFactory.create("", "", "", "", "")); // blank name and id: null
        List<Row> out = TestSpark.session()
                .createDataFrame(rows, schema)
                .select(OwnIdentity.firstFieldHolding(
                        List.of(col("a"), col("b"), col("c")), List.of("a", "b", "c"), col("n"), col("s")))
                .collectAsList();
        assertThat(out).extracting(r -> r.get(0)).containsExactly("b", "a", null, null);
    }

    @Test
    void blankNameAndIdHoldNothing() {
        assertThat(OwnIdentity.of(" ", null).isBlank()).isTrue();
        assertThat(OwnIdentity.of(null, "S1").isBlank()).isFalse();
    }
}
