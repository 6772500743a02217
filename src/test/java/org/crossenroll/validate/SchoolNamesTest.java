package org.crossenroll.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** Issue 23, point 4: each school's one name, worked out by hand from the rule in {@link SchoolNames}. */
class SchoolNamesTest {
    static final String A = "3201150001";
    static final String B = "3201150002";
    static final String C = "3201150003";
    static final String D = "3201150004";

    static SchoolNames.Candidate c(String code, String name, long rows, String latest) {
        return new SchoolNames.Candidate(code, name, rows, LocalDateTime.parse(latest));
    }

    @Test
    void theNameMostRowsGiveWinsThenTheLatestThenTheGreatest() {
        Map<String, String> names = SchoolNames.choose(List.of(
                // A: 9 rows say 江宁职教中心, one row (the newest) a child's name: the nine win
                c(A, "江宁职教中心", 9, "2024-06-01T10:00:00"),
                c(A, "王小红", 1, "2024-06-30T10:00:00"),
                // B: 3 rows each; 乙's rows include the later updated_at, though 甲 is the greater name
                c(B, "甲职校", 3, "2024-06-01T10:00:00"),
                c(B, "乙职校", 3, "2024-06-02T10:00:00"),
                // C: 2 rows each, same latest: the greater name (甲 U+7532 > 乙 U+4E59)
                c(C, "乙中专", 2, "2024-06-02T10:00:00"),
                c(C, "甲中专", 2, "2024-06-02T10:00:00"),
                // D: one name
                c(D, "丁校", 1, "2024-06-02T10:00:00")));
        assertThat(names).containsExactlyInAnyOrderEntriesOf(Map.of(A, "江宁职教中心", B, "乙职校", C, "甲中专", D, "丁校"));
    }

    @Test
    void candidatesAreTheAcceptedRowsNamesCounted() {
        StructType schema = new StructType()
                .add("host_school_code", DataTypes.StringType)
                .add("host_school_name", DataTypes.StringType)
                .add("outcome", DataTypes.StringType)
                .add("updated_at", DataTypes.TimestampNTZType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(RowFactory.create(A, "江宁职教中心", "accepted", LocalDateTime.parse("2024-06-0" + (i + 1) + "T08:00")));
        }
        // superseded and quarantined rows, and blank names, are no candidates, however many
        for (int i = 0; i < 5; i++) {
            rows.add(RowFactory.create(
                    A, "王小红", i < 3 ? "superseded" : "quarantined", LocalDateTime.parse("2024-06-09T08:00")));
            rows.add(RowFactory.create(A, null, "accepted", LocalDateTime.parse("2024-06-09T08:00")));
        }
        rows.add(RowFactory.create(B, null, "accepted", LocalDateTime.parse("2024-06-09T08:00")));
        List<SchoolNames.Candidate> candidates =
                SchoolNames.candidates(TestSpark.session().createDataFrame(rows, schema));
        assertThat(candidates).containsExactly(c(A, "江宁职教中心", 3, "2024-06-03T08:00:00"));
        assertThat(SchoolNames.choose(candidates)).as("B gives no name: none").doesNotContainKey(B);
    }

    @Test
    void theRegistryWinsAndNamesSharedByTwoCodesAreFound() {
        Map<String, String> night = Map.of(A, "职业中学", B, "王小红", C, "江宁中专");
        Map<String, String> registry = Map.of(B, "职业中学", D, "江宁中专");
        Map<String, String> names = SchoolNames.withRegistry(night, registry);
        assertThat(names).containsExactlyInAnyOrderEntriesOf(Map.of(A, "职业中学", B, "职业中学", C, "江宁中专", D, "江宁中专"));
        // 职业中学: A (night) and B (registry); 江宁中专: C (night) and D (registry only, not submitting tonight)
        assertThat(SchoolNames.shared(names)).containsExactly("江宁中专", "职业中学");
        assertThat(SchoolNames.shared(night)).isEmpty();
    }
}
