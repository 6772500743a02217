package org.crossenroll.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.testing.HandTables;
import org.junit.jupiter.api.Test;

/**
 * Nothing in the contract ties a school code to one host county: 30 students of school 4310104001 are submitted in
 * 上海 黄浦 (310104) and 2 in 卢湾 (310105, a typo or an older code). The school has a row under each county in
 * host_summary, each county's students add up, and the layer is built; a night like it used to end in "Two rows of
 * host_summary share the identity" and exit 1.
 */
class SchoolInTwoCountiesTest {
    private static final String SCHOOL = "4310104001";

    @Test
    void aSchoolSubmittedInTwoCountiesHasARowUnderEachAndIsProtected() {
        HandTables.Built built = new HandTables()
                .add(30, 2018, "530102", "310104", SCHOOL, "ENROLLED", true)
                .add(2, 2018, "530102", "310105", SCHOOL, "ENROLLED", true)
                .add(25, 2018, "530102", "310105", "4310105001", "ENROLLED", true)
                .build();
        List<Row> host = built.rows().get(Report.HOST_SUMMARY);
        assertThat(students(host, "school", SCHOOL, "310104", 2018)).isEqualTo(30);
        assertThat(students(host, "school", SCHOOL, "310105", 2018)).isEqualTo(2);
        // 卢湾: 2 + 25 = 27; 上海 市辖区: 30 + 27 = 57
        assertThat(students(host, "county", "310105", "310105", 2018)).isEqualTo(27);
        assertThat(students(host, "prefecture", "310100", null, 2018)).isEqualTo(57);

        PublishedLayer.Layers layers = PublishedLayer.build(built.reports(), built.units(), 10);
        assertThat(layers.audit()).containsEntry("status", "passed");
        Row two = row(layers.byReport().get(Report.HOST_SUMMARY).rows(), "school", SCHOOL, "310105", 2018);
        assertThat(two.<Object>getAs("students")).isNull();
        assertThat(two.<Boolean>getAs("students_withheld")).isTrue();
    }

    private static long students(List<Row> rows, Object... key) {
        return row(rows, key).getAs("students");
    }

    private static Row row(List<Row> rows, Object... key) {
        ReportSpec spec = ReportSpec.of(Report.HOST_SUMMARY);
        return rows.stream()
                .filter(r -> spec.key(r).equals(Arrays.asList(key)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no host_summary row " + Arrays.toString(key)));
    }
}
