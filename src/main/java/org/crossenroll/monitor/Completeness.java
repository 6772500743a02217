package org.crossenroll.monitor;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.monitor.Metrics.EntityKind;
import org.crossenroll.monitor.Metrics.Metric;

/**
 * The {@code completeness} table: who was expected to submit and did not, after DHIS2's reporting rates (expected
 * reports, actual reports, and timeliness). Expected submitters are the host schools, provinces and pairings of the
 * cooperation records (a partner that stops reporting is missing by the same rule as a school) seen in the earlier
 * nights of the history ({@code --expect-from-days}), or the list of {@code --expected-submitters}. A
 * province submitted when tonight's valid rows have it as the host or the origin province. Pure: no Spark.
 */
public final class Completeness {
    public static final String TABLE = "completeness";
    public static final StructType SCHEMA = new StructType()
            .add("entity_kind", DataTypes.StringType, false)
            .add("entity_code", DataTypes.StringType, false)
            .add("entity_name", DataTypes.StringType, true)
            .add("expected", DataTypes.BooleanType, false)
            .add("expected_because", DataTypes.StringType, true)
            .add("submitted", DataTypes.BooleanType, false)
            .add("missing", DataTypes.BooleanType, false)
            .add("rows_read", DataTypes.LongType, false)
            .add("nights_seen", DataTypes.IntegerType, false)
            .add("history_nights", DataTypes.IntegerType, false)
            .add("last_seen_run_date", DataTypes.DateType, true)
            .add("latest_updated_at", DataTypes.TimestampNTZType, true)
            .add("days_since_latest_update", DataTypes.IntegerType, true);

    /** What a completeness row is about. */
    public enum Kind {
        /** A host school, by its 10-digit code. */
        HOST_SCHOOL,
        /** A province (code ending in 0000), submitting as host or as origin province. */
        PROVINCE,
        /**
         * A pairing of the cooperation records ({@code host-origin} region codes): its eastern partner reported
         * cooperation records for it. Expected, submitted and missing by the same rule as a province.
         */
        PAIRING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why a submitter is expected. */
    public enum ExpectedBecause {
        /** It submitted on at least one night of the history window ({@code --expect-from-days}). */
        HISTORY,
        /** The {@code --expected-submitters} file lists it. */
        LIST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One expected submitter of a {@code --expected-submitters} file; name may be null. */
    public record Expected(Kind kind, String code, String name) {}

    private Completeness() {}

    /**
     * The completeness rows of tonight: every expected submitter, and every submitter of tonight that was not expected
     * (expected false), sorted by kind and code. {@code list} null means "expected from the history".
     */
    public static List<Row> rows(
            LocalDate tonight, List<History.Point> tonightPoints, History history, List<Expected> list) {
        return rows(tonight, tonightPoints, history, list, Map.of());
    }

    /**
     * As above, a school that {@code schoolNames} (the night's names, {@link org.crossenroll.validate.SchoolNames})
     * knows named by it, whatever an earlier night or the list called it: the same name as every other table.
     */
    public static List<Row> rows(
            LocalDate tonight,
            List<History.Point> tonightPoints,
            History history,
            List<Expected> list,
            Map<String, String> schoolNames) {
        Map<List<String>, Seen> seen =
                new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (History.Point p : concat(history.points(), tonightPoints)) {
            Kind kind = kind(p.kind());
            long rows = submittedRows(p);
            if (kind == null || rows < 0) {
                continue;
            }
            Seen s = seen.computeIfAbsent(List.of(kind.label(), p.code()), k -> new Seen());
            if (p.name() != null) {
                s.name = p.name();
            }
            if (rows > 0) {
                s.nights.add(p.runDate());
                if (p.runDate().equals(tonight)) {
                    s.rowsTonight += rows;
                }
            }
            if (p.latestUpdatedAt() != null
                    && (s.latest == null || p.latestUpdatedAt().isAfter(s.latest))) {
                s.latest = p.latestUpdatedAt();
            }
        }
        Map<List<String>, String> expected =
                new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        if (list != null) {
            for (Expected e : list) {
                expected.put(List.of(e.kind().label(), e.code()), ExpectedBecause.LIST.label());
                Seen s = seen.computeIfAbsent(List.of(e.kind().label(), e.code()), k -> new Seen());
                if (s.name == null) {
                    s.name = e.name();
                }
            }
        } else {
            seen.forEach((key, s) -> {
                if (s.nights.stream().anyMatch(n -> n.isBefore(tonight))) {
                    expected.put(key, ExpectedBecause.HISTORY.label());
                }
            });
        }
        List<Row> rows = new ArrayList<>();
        seen.forEach((key, s) -> {
            String because = expected.get(key);
            boolean submitted = s.rowsTonight > 0;
            if (because == null && !submitted) {
                return; // seen in the history, but neither expected (a list was given) nor here tonight
            }
            LocalDate lastSeen = s.nights.isEmpty() ? null : s.nights.last();
            Integer days = s.latest == null ? null : (int) ChronoUnit.DAYS.between(s.latest.toLocalDate(), tonight);
            int nightsSeen =
                    (int) s.nights.stream().filter(n -> n.isBefore(tonight)).count();
            String name = key.get(0).equals(Kind.HOST_SCHOOL.label()) && schoolNames.containsKey(key.get(1))
                    ? schoolNames.get(key.get(1))
                    : s.name;
            rows.add(RowFactory.create(
                    key.get(0),
                    key.get(1),
                    name,
                    because != null,
                    because,
                    submitted,
                    because != null && !submitted,
                    s.rowsTonight,
                    nightsSeen,
                    history.nights().size(),
                    lastSeen == null ? null : java.sql.Date.valueOf(lastSeen),
                    s.latest,
                    days));
        });
        return rows;
    }

    /**
     * A missing submitter's row said in one line, for the run's warnings: what it is, that it sent nothing tonight,
     * why it was expected and when it last sent, e.g. {@code pairing 330200-522300 宁波市 x 黔西南布依族苗族自治州 sent
     * no valid cooperation records tonight; expected (history: sent on 2 of 2 history nights), last seen 2024-06-29}.
     */
    public static String describeMissing(Row r) {
        String kind = r.getString(SCHEMA.fieldIndex("entity_kind"));
        String name = r.getString(SCHEMA.fieldIndex("entity_name"));
        Object lastSeen = r.get(SCHEMA.fieldIndex("last_seen_run_date"));
        String because = r.getString(SCHEMA.fieldIndex("expected_because"));
        return kind + " " + r.getString(SCHEMA.fieldIndex("entity_code")) + (name == null ? "" : " " + name)
                + " sent no " + (kind.equals(Kind.PAIRING.label()) ? "valid cooperation records" : "rows")
                + " tonight; expected ("
                + (ExpectedBecause.LIST.label().equals(because)
                        ? "the --expected-submitters list names it"
                        : "history: sent on " + r.getInt(SCHEMA.fieldIndex("nights_seen")) + " of "
                                + r.getInt(SCHEMA.fieldIndex("history_nights")) + " history nights")
                + "), last seen " + (lastSeen == null ? "never" : lastSeen.toString());
    }

    /**
     * Rows that show a submission: rows read for a school, valid rows (accepted and superseded) for a province and for
     * a pairing (its valid cooperation records).
     */
    private static long submittedRows(History.Point p) {
        if (p.kind() == EntityKind.HOST_SCHOOL) {
            return p.metric().equals(Metric.ROWS_READ.label()) ? p.value() : -1;
        }
        return p.metric().equals(Metric.ACCEPTED.label()) || p.metric().equals(Metric.SUPERSEDED.label())
                ? p.value()
                : -1;
    }

    private static Kind kind(EntityKind kind) {
        return switch (kind) {
            case HOST_SCHOOL -> Kind.HOST_SCHOOL;
            case HOST_PROVINCE, ORIGIN_PROVINCE -> Kind.PROVINCE;
            case PAIRING -> Kind.PAIRING;
            case FILE -> null;
        };
    }

    /** What the history and tonight say about one submitter. */
    private static final class Seen {
        String name;
        final TreeSet<LocalDate> nights = new TreeSet<>();
        long rowsTonight;
        java.time.LocalDateTime latest;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
