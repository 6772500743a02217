package org.crossenroll.report;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ReportChecksTest {
    static final StructType FLOW =
            new StructType().add("intake_year", DataTypes.IntegerType).add("students", DataTypes.LongType);
    static final StructType SUMMARY = new StructType()
            .add("level", DataTypes.StringType)
            .add("intake_year", DataTypes.IntegerType)
            .add("students", DataTypes.LongType);

    static Row flow(int year, long students) {
        return new GenericRowWithSchema(new Object[] {year, students}, FLOW);
    }

    static Row summary(String level, Integer year, long students) {
        return new GenericRowWithSchema(new Object[] {level, year, students}, SUMMARY);
    }

    @Test
    void agreeingTotalsPass() {
        List<Row> flows = List.of(flow(2019, 3), flow(2019, 2), flow(2020, 4));
        List<Row> summary = List.of(
                summary("province", 2019, 5),
                summary("province", 2020, 4),
                summary("province", null, 9),
                summary("prefecture", 2019, 5),
                summary("prefecture", null, 9));
        assertThatCode(() -> ReportChecks.crossTotals(flows, summary, summary)).doesNotThrowAnyException();
    }

    @Test
    void aYearThatDisagreesFailsTheRun() {
        List<Row> flows = List.of(flow(2019, 5), flow(2020, 4));
        List<Row> origin =
                List.of(summary("province", 2019, 5), summary("province", 2020, 4), summary("province", null, 9));
        List<Row> host =
                List.of(summary("province", 2019, 5), summary("province", 2020, 3), summary("province", null, 8));
        assertThatThrownBy(() -> ReportChecks.crossTotals(flows, origin, host))
                .hasMessageContaining("Report totals disagree")
                .hasMessageContaining("2020=3");
    }

    @Test
    void anAllYearsRowThatIsNotTheSumOfItsYearsFails() {
        List<Row> flows = List.of(flow(2019, 5));
        List<Row> bad = List.of(summary("province", 2019, 5), summary("province", null, 6));
        List<Row> good = List.of(summary("province", 2019, 5), summary("province", null, 5));
        assertThatThrownBy(() -> ReportChecks.crossTotals(flows, bad, good)).hasMessageContaining("all years=6");
    }
}
