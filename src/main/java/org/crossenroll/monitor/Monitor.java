package org.crossenroll.monitor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.storage.Publisher;
import org.crossenroll.validate.CooperationClassifier;

/**
 * Night over night: tonight's metrics, the history of earlier published nights, completeness and anomalies. The
 * reading (tonight's classified rows, the history's partitions) happens here; {@link Metrics#rows},
 * {@link Completeness#rows} and {@link Anomalies#detect} are pure.
 */
public final class Monitor {
    /** What the monitoring found, ready to stage. */
    public record Result(
            List<Row> metrics,
            List<Row> completeness,
            List<Anomalies.Anomaly> anomalies,
            List<LocalDate> historyNights) {
        public long severe() {
            return anomalies.stream()
                    .filter(a -> a.severity() == Anomalies.Severity.SEVERE)
                    .count();
        }

        public Map<String, Long> anomaliesBySeverity() {
            Map<String, Long> by = new LinkedHashMap<>();
            for (Anomalies.Severity s : Anomalies.Severity.values()) {
                by.put(
                        s.label(),
                        anomalies.stream().filter(a -> a.severity() == s).count());
            }
            return by;
        }

        public long expected() {
            return count("expected");
        }

        public long missing() {
            return count("missing");
        }

        private long count(String column) {
            int i = Completeness.SCHEMA.fieldIndex(column);
            return completeness.stream().filter(r -> r.getBoolean(i)).count();
        }

        /**
         * The pairings whose partner stopped reporting: expected (they sent cooperation records on a night of the
         * history, or the list names them) and no valid cooperation record tonight; completeness rows, by code.
         */
        public List<Row> missingPairings() {
            int kind = Completeness.SCHEMA.fieldIndex("entity_kind");
            int missing = Completeness.SCHEMA.fieldIndex("missing");
            return completeness.stream()
                    .filter(r -> r.getString(kind).equals(Completeness.Kind.PAIRING.label()) && r.getBoolean(missing))
                    .toList();
        }

        /** One warning line's text per {@link #missingPairings()}: which pairing, why it was expected, since when. */
        public List<String> warnings() {
            return missingPairings().stream().map(Completeness::describeMissing).toList();
        }

        /** The progress line's text. */
        public String summary() {
            return metrics.size() + " metrics; history "
                    + (historyNights.isEmpty()
                            ? "none (first night)"
                            : historyNights.size() == 1
                                    ? "1 night " + historyNights.get(0)
                                    : historyNights.size() + " nights " + historyNights.get(0) + ".."
                                            + historyNights.get(historyNights.size() - 1))
                    + "; " + missing() + " of " + expected() + " expected submitters missing; anomalies "
                    + anomaliesBySeverity();
        }
    }

    private Monitor() {}

    /**
     * @param files every input file of tonight (a file with no rows still gets its zero metrics)
     * @param expected the {@code --expected-submitters} list, or null to expect whoever submitted in the history
     * @param schoolNames the night's one name of each school ({@link org.crossenroll.validate.SchoolNames})
     * @param cooperation the night's valid cooperation records: the pairings' metrics
     */
    public static Result run(
            SparkSession spark,
            Publisher publisher,
            Dataset<Row> classified,
            Collection<String> files,
            LocalDate tonight,
            int expectFromDays,
            List<Completeness.Expected> expected,
            Map<String, String> schoolNames,
            CooperationClassifier.Outcome cooperation) {
        List<Row> metrics =
                new ArrayList<>(Metrics.rows(Metrics.fine(classified).collectAsList(), files, schoolNames));
        metrics.addAll(Metrics.pairingRows(cooperation.accepted(), cooperation.superseded()));
        History history = History.load(spark, publisher, History.nights(publisher, tonight, expectFromDays));
        List<History.Point> tonightPoints = History.points(tonight, metrics);
        List<Row> completeness = Completeness.rows(tonight, tonightPoints, history, expected, schoolNames);
        List<Anomalies.Anomaly> anomalies = Anomalies.detect(tonight, tonightPoints, history);
        return new Result(metrics, completeness, anomalies, history.nights());
    }
}
