package org.crossenroll.report;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A report column that ReportSpec does not describe fails the run before anything is written. */
class ReportSpecTest {
    /** The outcomes report's columns as docs/reports.md lists them. */
    private static StructType outcomes() {
        StructType s = new StructType();
        for (String c : List.of(
                "intake_year",
                "origin_province_code",
                "origin_province_name",
                "origin_prefecture_code",
                "origin_prefecture_name",
                "origin_prefecture_display",
                "host_province_code",
                "host_province_name")) {
            s = s.add(c, DataTypes.StringType);
        }
        for (String c : List.of("first_cohort", "last_cohort")) {
            s = s.add(c, DataTypes.IntegerType);
        }
        for (String c : List.of("students", "graduated", "withdrawn", "employed", "employed_in_origin_province")) {
            s = s.add(c, DataTypes.LongType);
        }
        for (String c : List.of("graduation_rate", "employment_rate", "return_home_rate")) {
            s = s.add(c, DataTypes.DoubleType);
        }
        return s;
    }

    @Test
    void theDocumentedColumnsAreDescribed() {
        assertThatCode(() -> ReportSpec.of(Report.OUTCOMES).check(outcomes())).doesNotThrowAnyException();
    }

    @Test
    void aNewCountColumnFailsUntilItIsDescribed() {
        assertThatThrownBy(
                        () -> ReportSpec.of(Report.OUTCOMES).check(outcomes().add("further_study", DataTypes.LongType)))
                .hasMessageContaining("columns not described: [further_study]");
    }

    @Test
    void aDescribedColumnThatIsMissingFails() {
        StructType withoutRate =
                new StructType(java.util.Arrays.stream(outcomes().fields())
                        .filter(f -> !f.name().equals("return_home_rate"))
                        .toArray(org.apache.spark.sql.types.StructField[]::new));
        assertThatThrownBy(() -> ReportSpec.of(Report.OUTCOMES).check(withoutRate))
                .hasMessageContaining("described but absent: [return_home_rate]");
    }
}
