package org.crossenroll.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.crossenroll.monitor.Metrics.EntityKind;
import org.junit.jupiter.api.Test;

/** Who was expected and did not submit, on hand-made nights, without Spark. */
class CompletenessTest {
    static final LocalDate D = LocalDate.parse("2024-06-30");
    static final String A = "4310000001";
    static final String B = "4310000002";
    static final String C = "4310000003";

    static History.Point school(int daysBack, String code, long rows, String updatedAt) {
        return new History.Point(
                D.minusDays(daysBack),
                EntityKind.HOST_SCHOOL,
                code,
                "学校" + code.charAt(9),
                "rows_read",
                rows,
                updatedAt == null ? null : java.time.LocalDateTime.parse(updatedAt.replace(' ', 'T')));
    }

    static Map<String, Map<String, Object>> byCode(List<Row> rows) {
        Map<String, Map<String, Object>> m = new HashMap<>();
        for (Row r : rows) {
            Map<String, Object> row = new HashMap<>();
            for (String f : Completeness.SCHEMA.fieldNames()) {
                row.put(f, r.get(Completeness.SCHEMA.fieldIndex(f)));
            }
            m.put(r.getString(1), row);
        }
        return m;
    }

    @Test
    void expectedFromTheHistory() {
        // A sent on both earlier nights and tonight; B on the first only (it stopped); C is new tonight.
        History h = new History(
                List.of(D.minusDays(2), D.minusDays(1)),
                List.of(
                        school(2, A, 10, "2024-06-27 20:00:00"),
                        school(2, B, 7, "2024-06-25 09:00:00"),
                        school(1, A, 11, "2024-06-28 20:00:00")));
        List<History.Point> tonight = List.of(school(0, A, 12, "2024-06-29 20:00:00"), school(0, C, 3, null));
        Map<String, Map<String, Object>> rows = byCode(Completeness.rows(D, tonight, h, null));
        assertThat(rows.get(A))
                .containsEntry("expected", true)
                .containsEntry("submitted", true)
                .containsEntry("missing", false)
                .containsEntry("rows_read", 12L)
                .containsEntry("nights_seen", 2)
                .containsEntry("last_seen_run_date", java.sql.Date.valueOf(D))
                .containsEntry("days_since_latest_update", 1);
        // B: expected (seen on 06-28), missing, last seen 06-28, updated 06-25: 5 days before 06-30
        assertThat(rows.get(B))
                .containsEntry("expected", true)
                .containsEntry("expected_because", "history")
                .containsEntry("submitted", false)
                .containsEntry("missing", true)
                .containsEntry("rows_read", 0L)
                .containsEntry("nights_seen", 1)
                .containsEntry("history_nights", 2)
                .containsEntry("last_seen_run_date", java.sql.Date.valueOf("2024-06-28"))
                .containsEntry("days_since_latest_update", 5)
                .containsEntry("entity_name", "学校2");
        assertThat(rows.get(C))
                .containsEntry("expected", false)
                .containsEntry("expected_because", null)
                .containsEntry("submitted", true)
                .containsEntry("missing", false)
                .containsEntry("nights_seen", 0);
    }

    @Test
    void theFirstNightExpectsNobody() {
        List<Row> rows = Completeness.rows(D, List.of(school(0, A, 12, null)), new History(List.of(), List.of()), null);
        assertThat(byCode(rows).get(A))
                .containsEntry("expected", false)
                .containsEntry("missing", false)
                .containsEntry("history_nights", 0);
    }

    @Test
    void anExplicitListReplacesTheHistory() {
        // Listed: B (never seen) and 云南 (a province, seen tonight as an origin province). A sent in the history and
        // tonight but is not listed: a row, not expected.
        History h = new History(List.of(D.minusDays(1)), List.of(school(1, A, 11, null)));
        List<History.Point> tonight = List.of(
                school(0, A, 12, null),
                new History.Point(D, EntityKind.ORIGIN_PROVINCE, "530000", "云南省", "accepted", 9, null));
        Map<String, Map<String, Object>> rows = byCode(Completeness.rows(
                D,
                tonight,
                h,
                List.of(
                        new Completeness.Expected(Completeness.Kind.HOST_SCHOOL, B, "乙校"),
                        new Completeness.Expected(Completeness.Kind.PROVINCE, "530000", "云南省"))));
        assertThat(rows.get(B))
                .containsEntry("expected_because", "list")
                .containsEntry("missing", true)
                .containsEntry("last_seen_run_date", null)
                .containsEntry("entity_name", "乙校");
        assertThat(rows.get("530000"))
                .containsEntry("entity_kind", "province")
                .containsEntry("submitted", true)
                .containsEntry("missing", false)
                .containsEntry("rows_read", 9L);
        assertThat(rows.get(A)).containsEntry("expected", false).containsEntry("submitted", true);
    }
}
