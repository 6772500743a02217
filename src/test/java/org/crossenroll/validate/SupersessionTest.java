package org.crossenroll.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Supersession on hand-made validated rows (only the columns it reads), each outcome worked out by hand from the
 * contract: v1's (student, intake_year) and, before it, v1.1's "a record sent again is one record".
 */
class SupersessionTest {
    static final StructType VALIDATED = new StructType()
            .add("source_file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, false)
            .add("student_pseudonym", DataTypes.StringType)
            .add("record_id", DataTypes.StringType)
            .add("intake_year", DataTypes.IntegerType)
            .add("updated_at", DataTypes.TimestampNTZType)
            .add(Validation.REASON_CODE, DataTypes.StringType);
    /** "file:line" -> outcome. */
    static Map<String, String> outcomes = new HashMap<>();

    private static Row row(
            String file, long line, String student, String record, int year, String updated, String reason) {
        return RowFactory.create(
                file, line, student, record, year, updated == null ? null : LocalDateTime.parse(updated), reason);
    }

    @BeforeAll
    static void classify() {
        List<Row> rows = List.of(
                // S1 corrects the intake date of R1 from 2018 to 2019: one enrollment, in 2019
                row("a.csv", 2, "S1", "R1", 2018, "2018-09-10T10:00", null), // superseded by its own record
                row("b.csv", 2, "S1", "R1", 2019, "2019-03-01T10:00", null), // accepted (2019)
                // S2: R1 moved from 2018 to 2019 likewise; R2 is S2's own 2018 record, older than R1's first version
                // but not a version of it: it is the 2018 enrollment now
                row("a.csv", 3, "S2", "R1", 2018, "2018-10-01T10:00", null), // superseded
                row("a.csv", 4, "S2", "R2", 2018, "2018-09-01T10:00", null), // accepted (2018)
                row("b.csv", 3, "S2", "R1", 2019, "2019-01-01T10:00", null), // accepted (2019)
                // S3: two records of one year, as in v1: the latest updated_at wins
                row("a.csv", 5, "S3", "R1", 2018, "2018-09-01T10:00", null), // superseded
                row("a.csv", 6, "S3", "R2", 2018, "2018-09-02T10:00", null), // accepted
                // S4: R1's later version is invalid: it supersedes nothing, the valid 2018 version stays
                row("a.csv", 7, "S4", "R1", 2018, "2018-09-01T10:00", null), // accepted
                row("b.csv", 4, "S4", "R1", 2019, "2019-03-01T10:00", "INVALID_VALUE"), // quarantined
                // S5: the same record twice with the same updated_at and different years: the later file, line wins
                row("a.csv", 8, "S5", "R1", 2018, "2018-09-01T10:00", null), // superseded
                row("b.csv", 5, "S5", "R1", 2019, "2018-09-01T10:00", null), // accepted: "b.csv" > "a.csv"
                // S6: the same record_id at another student is another record
                row("a.csv", 9, "S6", "R1", 2018, "2018-09-01T10:00", null), // accepted
                // S7: two records of one year with the same updated_at: record_id decides as text, "R9" > "R10"
                row("a.csv", 20, "S7", "R10", 2018, "2018-09-01T10:00", null), // superseded
                row("a.csv", 21, "S7", "R9", 2018, "2018-09-01T10:00", null), // accepted
                // S8: a missing updated_at is older than any: within a record, and between the records of a year
                row("a.csv", 22, "S8", "R1", 2018, null, null), // superseded by its dated version
                row("a.csv", 23, "S8", "R1", 2018, "2018-01-01T00:00", null), // accepted (2018)
                row("a.csv", 24, "S8", "R2", 2019, null, null), // superseded by R3
                row("a.csv", 25, "S8", "R3", 2019, "2019-01-01T00:00", null), // accepted (2019)
                // S9: the same row twice in one file: the later line wins
                row("a.csv", 26, "S9", "R1", 2018, "2018-09-01T10:00", null), // superseded
                row("a.csv", 27, "S9", "R1", 2018, "2018-09-01T10:00", null)); // accepted
        for (Row r : Supersession.classify(TestSpark.session().createDataFrame(rows, VALIDATED))
                .collectAsList()) {
            outcomes.put(r.getAs("source_file") + ":" + r.getAs("line_number"), r.getAs(Supersession.OUTCOME));
        }
    }

    @Test
    void aCorrectedIntakeDateMovesTheEnrollmentToTheNewYear() {
        assertThat(outcomes).containsEntry("a.csv:2", "superseded").containsEntry("b.csv:2", "accepted");
    }

    @Test
    void theOldVersionOfAMovedRecordNoLongerHidesAnotherRecordOfItsYear() {
        assertThat(outcomes)
                .containsEntry("a.csv:3", "superseded")
                .containsEntry("a.csv:4", "accepted")
                .containsEntry("b.csv:3", "accepted");
    }

    @Test
    void v1RulesStillHold() {
        assertThat(outcomes)
                .containsEntry("a.csv:5", "superseded")
                .containsEntry("a.csv:6", "accepted")
                .containsEntry("a.csv:7", "accepted")
                .containsEntry("b.csv:4", "quarantined")
                .containsEntry("a.csv:8", "superseded")
                .containsEntry("b.csv:5", "accepted")
                .containsEntry("a.csv:9", "accepted");
        assertThat(outcomes).hasSize(20);
    }

    @Test
    void tiesAreBrokenByRecordIdAsTextThenByFileAndLine() {
        assertThat(outcomes)
                .containsEntry("a.csv:20", "superseded")
                .containsEntry("a.csv:21", "accepted")
                .containsEntry("a.csv:26", "superseded")
                .containsEntry("a.csv:27", "accepted");
    }

    @Test
    void aMissingUpdatedAtLosesInBothSteps() {
        assertThat(outcomes)
                .containsEntry("a.csv:22", "superseded")
                .containsEntry("a.csv:23", "accepted")
                .containsEntry("a.csv:24", "superseded")
                .containsEntry("a.csv:25", "accepted");
    }
}
