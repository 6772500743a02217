package org.crossenroll.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.crossenroll.validate.CooperationClassifier;
import org.crossenroll.validate.CooperationIndicator;
import org.junit.jupiter.api.Test;

/**
 * A partner that stops reporting cooperation records, over three hand-made nights, without Spark: the night's valid
 * records become pairing metrics ({@link Metrics#pairingRows}), and completeness decides who is missing by the one rule
 * it has for every submitter (sent on a night of the history, nothing tonight).
 */
class PairingMonitoringTest {
    static final LocalDate D = LocalDate.parse("2024-06-30");
    static final CooperationClassifier.Place NINGBO =
            new CooperationClassifier.Place("330200", "宁波市", "prefecture", "330200", "宁波市", "330000", "浙江省");
    static final CooperationClassifier.Place QIANXINAN = new CooperationClassifier.Place(
            "522300", "黔西南布依族苗族自治州", "prefecture", "522300", "黔西南布依族苗族自治州", "520000", "贵州省");
    static final CooperationClassifier.Place ZHUHAI =
            new CooperationClassifier.Place("440400", "珠海市", "prefecture", "440400", "珠海市", "440000", "广东省");
    static final CooperationClassifier.Place LUSHUI =
            new CooperationClassifier.Place("533301", "泸水市", "county", "533300", "怒江傈僳族自治州", "530000", "云南省");

    static CooperationClassifier.Record record(
            String id, CooperationClassifier.Place host, CooperationClassifier.Place origin, String updatedAt) {
        return new CooperationClassifier.Record(
                id,
                host.code(),
                host,
                origin.code(),
                origin,
                null,
                null,
                2019,
                CooperationIndicator.FUNDS_CNY,
                new BigDecimal("1000.00"),
                LocalDateTime.parse(updatedAt),
                "cooperation/a.csv",
                2);
    }

    /** One night's pairing metrics as the history keeps them. */
    static List<History.Point> night(
            int daysBack, List<CooperationClassifier.Record> accepted, List<CooperationClassifier.Record> superseded) {
        return History.points(D.minusDays(daysBack), Metrics.pairingRows(accepted, superseded));
    }

    @Test
    void aPairingCountsItsValidRecordsNamedHostByOrigin() {
        // N1 re-sent: one accepted, one superseded; N2 accepted
        List<Row> rows = Metrics.pairingRows(
                List.of(
                        record("N1", NINGBO, QIANXINAN, "2024-06-29T09:00"),
                        record("N2", NINGBO, QIANXINAN, "2024-06-28T09:00")),
                List.of(record("N1", NINGBO, QIANXINAN, "2024-06-27T09:00")));
        assertThat(rows).hasSize(2);
        assertThat(rows.stream().map(Row::toString).toList())
                .containsExactly(
                        "[pairing,330200-522300,宁波市 x 黔西南布依族苗族自治州,accepted,null,2,2024-06-29T09:00]",
                        "[pairing,330200-522300,宁波市 x 黔西南布依族苗族自治州,superseded,null,1,2024-06-29T09:00]");
    }

    @Test
    void aPartnerThatStopsReportingIsMissingAndWarned() {
        // Night D-2: 宁波 x 黔西南 2 accepted + 1 superseded, 珠海 x 泸水 1 accepted.
        // Night D-1: 宁波 x 黔西南 2 accepted; 珠海 sends nothing (one silent night, not tonight).
        // Tonight D: 珠海 x 泸水 1 accepted; 宁波 sends nothing: it stopped.
        List<History.Point> history = new ArrayList<>();
        history.addAll(night(
                2,
                List.of(
                        record("N1", NINGBO, QIANXINAN, "2024-06-27T09:00"),
                        record("N2", NINGBO, QIANXINAN, "2024-06-27T09:00"),
                        record("Z1", ZHUHAI, LUSHUI, "2024-06-27T10:00")),
                List.of(record("N1", NINGBO, QIANXINAN, "2024-06-26T09:00"))));
        history.addAll(night(
                1,
                List.of(
                        record("N1", NINGBO, QIANXINAN, "2024-06-28T09:00"),
                        record("N2", NINGBO, QIANXINAN, "2024-06-28T09:00")),
                List.of()));
        History h = new History(List.of(D.minusDays(2), D.minusDays(1)), history);
        List<History.Point> tonight = night(0, List.of(record("Z1", ZHUHAI, LUSHUI, "2024-06-29T10:00")), List.of());

        List<Row> completeness = Completeness.rows(D, tonight, h, null);
        Map<String, Map<String, Object>> rows = CompletenessTest.byCode(completeness);
        // 宁波 x 黔西南: seen on both history nights, nothing tonight; its newest record 2024-06-28: 2 days before D
        assertThat(rows.get("330200-522300"))
                .containsEntry("entity_kind", "pairing")
                .containsEntry("entity_name", "宁波市 x 黔西南布依族苗族自治州")
                .containsEntry("expected", true)
                .containsEntry("expected_because", "history")
                .containsEntry("submitted", false)
                .containsEntry("missing", true)
                .containsEntry("rows_read", 0L)
                .containsEntry("nights_seen", 2)
                .containsEntry("history_nights", 2)
                .containsEntry("last_seen_run_date", java.sql.Date.valueOf("2024-06-29"))
                .containsEntry("days_since_latest_update", 2);
        // 珠海 x 泸水: seen on D-2, back tonight with 1 record: expected and submitted
        assertThat(rows.get("440400-533301"))
                .containsEntry("expected", true)
                .containsEntry("submitted", true)
                .containsEntry("missing", false)
                .containsEntry("rows_read", 1L)
                .containsEntry("nights_seen", 1)
                .containsEntry("last_seen_run_date", java.sql.Date.valueOf(D));
        assertThat(rows).hasSize(2);

        Monitor.Result result = new Monitor.Result(List.of(), completeness, List.of(), h.nights());
        assertThat(result.missingPairings()).hasSize(1);
        assertThat(result.warnings())
                .containsExactly("pairing 330200-522300 宁波市 x 黔西南布依族苗族自治州 sent no valid cooperation records "
                        + "tonight; expected (history: sent on 2 of 2 history nights), last seen 2024-06-29");
        assertThat(result.summary()).contains("1 of 2 expected submitters missing");
        // no anomaly check reads pairings: a stopped partner warns, it never fails a night with --fail-on-anomaly
        assertThat(Anomalies.detect(D, tonight, h)).isEmpty();
    }

    @Test
    void anExpectedSubmittersListNamesPairingsByTheirCode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        // the list names 宁波 x 黔西南 (never seen) and a school; tonight only 珠海 x 泸水 reports, which is not listed
        java.nio.file.Path list = tmp.resolve("expected.csv");
        java.nio.file.Files.writeString(list, "code,name\n330200-522300,宁波 x 黔西南\n4310000001,甲校\n");
        List<Completeness.Expected> expected = ExpectedSubmitters.load(
                list.toString(),
                org.crossenroll.reference.Regions.load(
                        org.crossenroll.reference.Regions.BUNDLED, new org.apache.hadoop.conf.Configuration()),
                new org.apache.hadoop.conf.Configuration());
        assertThat(expected)
                .containsExactly(
                        new Completeness.Expected(Completeness.Kind.PAIRING, "330200-522300", "宁波 x 黔西南"),
                        new Completeness.Expected(Completeness.Kind.HOST_SCHOOL, "4310000001", "甲校"));
        List<History.Point> tonight = night(0, List.of(record("Z1", ZHUHAI, LUSHUI, "2024-06-29T10:00")), List.of());
        List<Row> completeness = Completeness.rows(D, tonight, new History(List.of(), List.of()), expected);
        Map<String, Map<String, Object>> rows = CompletenessTest.byCode(completeness);
        assertThat(rows.get("330200-522300"))
                .containsEntry("entity_kind", "pairing")
                .containsEntry("expected_because", "list")
                .containsEntry("missing", true)
                .containsEntry("last_seen_run_date", null);
        assertThat(rows.get("440400-533301")).containsEntry("expected", false).containsEntry("submitted", true);
        assertThat(new Monitor.Result(List.of(), completeness, List.of(), List.of()).warnings())
                .containsExactly("pairing 330200-522300 宁波 x 黔西南 sent no valid cooperation records tonight; expected "
                        + "(the --expected-submitters list names it), last seen never");
    }

    @Test
    void theFirstNightWithCooperationRecordsExpectsNoPairing() {
        History none = new History(List.of(D.minusDays(1)), List.of());
        List<History.Point> tonight = night(0, List.of(record("N1", NINGBO, QIANXINAN, "2024-06-29T09:00")), List.of());
        assertThat(CompletenessTest.byCode(Completeness.rows(D, tonight, none, null))
                        .get("330200-522300"))
                .containsEntry("expected", false)
                .containsEntry("missing", false)
                .containsEntry("submitted", true);
    }
}
