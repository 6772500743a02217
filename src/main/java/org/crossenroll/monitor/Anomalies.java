package org.crossenroll.monitor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.monitor.Metrics.EntityKind;
import org.crossenroll.monitor.Metrics.Metric;

/**
 * The {@code anomalies} table: tonight's metrics against the earlier nights, with the anomaly detection strategies of
 * Deequ ({@code RelativeRateOfChangeStrategy}, {@code AbsoluteChangeStrategy}, {@code OnlineNormalStrategy}), each
 * applied to the metrics of {@link #CHECKS}. Pure: rows in, rows out, no Spark, so each strategy is tested on hand
 * rows. An entity that received nothing on a night counts 0 there (a file or school that stops submitting drops to
 * 0); one seen tonight for the first time has no baseline and raises nothing (the completeness table lists it).
 */
public final class Anomalies {
    public static final String TABLE = "anomalies";
    public static final StructType SCHEMA = new StructType()
            .add("metric", DataTypes.StringType, false)
            .add("entity_kind", DataTypes.StringType, false)
            .add("entity_code", DataTypes.StringType, false)
            .add("entity_name", DataTypes.StringType, true)
            .add("tonight", DataTypes.DoubleType, false)
            .add("baseline", DataTypes.DoubleType, false)
            .add("change", DataTypes.DoubleType, false)
            .add("strategy", DataTypes.StringType, false)
            .add("threshold", DataTypes.DoubleType, false)
            .add("severity", DataTypes.StringType, false)
            .add("baseline_nights", DataTypes.IntegerType, false)
            .add("baseline_from", DataTypes.DateType, false)
            .add("baseline_to", DataTypes.DateType, false);

    /** quarantined / rows_read of a night: derived from the metrics, never stored (a share does not add up). */
    public static final String QUARANTINED_SHARE = "quarantined_share";
    /**
     * Counts below this on the night compared with are not checked for change: a school of 5 students that sends 3
     * one night is no news, and the completeness table still shows whether it submitted.
     */
    public static final long MIN_BASELINE = 20;
    /** A share of fewer rows read tonight than this is not checked: 2 of 4 rows is not a quarantine jump. */
    public static final long MIN_ROWS_FOR_SHARE = 20;
    /** ONLINE_NORMAL needs this many earlier nights: a mean and deviation of fewer say little about "usual". */
    public static final int MIN_NIGHTS_FOR_NORMAL = 5;

    /** How tonight is compared with the history (Deequ's strategies of the same names). */
    public enum Strategy {
        /**
         * change = tonight / previous night - 1 (Deequ RelativeRateOfChangeStrategy with order 1): a warning from a
         * change of 25% either way, severe from 50% (a school that stops submitting is -100%). Counts only; the
         * previous night is the newest earlier night in the history, with a count of at least {@link #MIN_BASELINE}.
         */
        RELATIVE_RATE_OF_CHANGE(0.25, 0.50),
        /**
         * change = tonight - previous night (Deequ AbsoluteChangeStrategy), for shares, and only a rise: a warning from
         * 0.10 (ten percentage points), severe from 0.25. A falling quarantine share is good news.
         */
        ABSOLUTE_CHANGE(0.10, 0.25),
        /**
         * change = (tonight - mean) / deviation over every earlier night of the history (Deequ OnlineNormalStrategy,
         * deviation factor 3): a warning beyond 3 deviations, never severe (it flags drifts, which need a person's look,
         * not a stopped night). Needs {@link #MIN_NIGHTS_FOR_NORMAL} earlier nights and a mean of at least
         * {@link #MIN_BASELINE}. The deviation is at least 5% of the mean: a stable submitter's counts barely vary, and a
         * deviation of 0 would flag every new enrollment.
         */
        ONLINE_NORMAL(3.0, Double.POSITIVE_INFINITY);

        final double warning;
        final double severe;

        Strategy(double warning, double severe) {
            this.warning = warning;
            this.severe = severe;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How much an anomaly needs a person. */
    public enum Severity {
        /** Worth a look; the night is published. */
        WARNING,
        /** Something stopped or broke; with {@code --fail-on-anomaly} the night fails its data check (exit 3). */
        SEVERE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One metric of one kind of entity, checked with one strategy. */
    public record Check(EntityKind kind, String metric, Strategy strategy) {}

    /**
     * What is checked: rows received per file and school (a stop, a half-sent file), the quarantine share per file
     * and school (a broken export), enrollments per school and province (drift), enrollments per province night over
     * night (a province whose count drops).
     */
    public static final List<Check> CHECKS = List.of(
            new Check(EntityKind.FILE, Metric.ROWS_READ.label(), Strategy.RELATIVE_RATE_OF_CHANGE),
            new Check(EntityKind.FILE, QUARANTINED_SHARE, Strategy.ABSOLUTE_CHANGE),
            new Check(EntityKind.HOST_SCHOOL, Metric.ROWS_READ.label(), Strategy.RELATIVE_RATE_OF_CHANGE),
            new Check(EntityKind.HOST_SCHOOL, QUARANTINED_SHARE, Strategy.ABSOLUTE_CHANGE),
            new Check(EntityKind.HOST_SCHOOL, Metric.ACCEPTED.label(), Strategy.ONLINE_NORMAL),
            new Check(EntityKind.HOST_PROVINCE, Metric.ACCEPTED.label(), Strategy.RELATIVE_RATE_OF_CHANGE),
            new Check(EntityKind.HOST_PROVINCE, Metric.ACCEPTED.label(), Strategy.ONLINE_NORMAL),
            new Check(EntityKind.ORIGIN_PROVINCE, Metric.ACCEPTED.label(), Strategy.RELATIVE_RATE_OF_CHANGE),
            new Check(EntityKind.ORIGIN_PROVINCE, Metric.ACCEPTED.label(), Strategy.ONLINE_NORMAL));

    /** One anomaly, as a row of {@link #SCHEMA}. */
    public record Anomaly(
            String metric,
            EntityKind kind,
            String code,
            String name,
            double tonight,
            double baseline,
            double change,
            Strategy strategy,
            double threshold,
            Severity severity,
            int baselineNights,
            LocalDate baselineFrom,
            LocalDate baselineTo) {
        public Row row() {
            return RowFactory.create(
                    metric,
                    kind.label(),
                    code,
                    name,
                    tonight,
                    baseline,
                    change,
                    strategy.label(),
                    threshold,
                    severity.label(),
                    baselineNights,
                    java.sql.Date.valueOf(baselineFrom),
                    java.sql.Date.valueOf(baselineTo));
        }

        /** The progress line: codes and names of files, schools and regions, and counts; never a person. */
        public String describe() {
            String what = strategy == Strategy.ONLINE_NORMAL
                    ? String.format(
                            Locale.ROOT,
                            "%s deviations from the mean of %d nights %s..%s (threshold %s)",
                            round(change),
                            baselineNights,
                            baselineFrom,
                            baselineTo,
                            round(threshold))
                    : strategy == Strategy.ABSOLUTE_CHANGE
                            ? String.format(
                                    Locale.ROOT,
                                    "%+.1f points against %s (threshold +%.0f)",
                                    100 * change,
                                    baselineTo,
                                    100 * threshold)
                            : String.format(
                                    Locale.ROOT,
                                    "%+.0f%% against %s (threshold %.0f%%)",
                                    100 * change,
                                    baselineTo,
                                    100 * threshold);
            return String.format(
                    Locale.ROOT,
                    "%s %s %s%s: %s %s, baseline %s, %s: %s",
                    severity.label(),
                    kind.label(),
                    code,
                    name == null ? "" : " " + name,
                    metric,
                    number(tonight),
                    number(baseline),
                    strategy.label(),
                    what);
        }
    }

    private Anomalies() {}

    /** Every anomaly of tonight against the history, severe first, then by kind, code, metric and strategy. */
    public static List<Anomaly> detect(LocalDate tonightDate, List<History.Point> tonight, History history) {
        if (history.nights().isEmpty()) {
            return List.of(); // the first night: nothing to compare with
        }
        // series.get(kind, code, metric) = value per night, history nights first then tonight; absent = 0
        Map<List<Object>, Map<LocalDate, Long>> series =
                new TreeMap<>(Comparator.comparing((List<Object> k) -> k.toString()));
        Map<List<Object>, String> names = new HashMap<>();
        for (History.Point p : concat(history.points(), tonight)) {
            series.computeIfAbsent(List.of(p.kind(), p.code(), p.metric()), k -> new TreeMap<>())
                    .put(p.runDate(), p.value());
            if (p.name() != null) {
                names.put(List.of(p.kind(), p.code()), p.name()); // the newest name, tonight's last
            }
        }
        List<LocalDate> nights = history.nights();
        LocalDate previous = nights.get(nights.size() - 1);
        List<Anomaly> found = new ArrayList<>();
        java.util.Set<List<Object>> entities = new java.util.TreeSet<>(Comparator.comparing(Object::toString));
        for (List<Object> key : series.keySet()) {
            entities.add(List.of(key.get(0), key.get(1)));
        }
        for (List<Object> entity : entities) {
            EntityKind kind = (EntityKind) entity.get(0);
            String code = (String) entity.get(1);
            String name = names.get(entity);
            for (Check check : CHECKS) {
                if (check.kind() != kind) {
                    continue;
                }
                java.util.function.Function<LocalDate, Double> value =
                        night -> value(series, kind, code, check.metric(), night);
                double now = value.apply(tonightDate);
                switch (check.strategy()) {
                    case RELATIVE_RATE_OF_CHANGE -> {
                        double before = value.apply(previous);
                        if (before >= MIN_BASELINE) {
                            double change = now / before - 1;
                            severity(check.strategy(), Math.abs(change))
                                    .ifPresent(s -> found.add(new Anomaly(
                                            check.metric(),
                                            kind,
                                            code,
                                            name,
                                            now,
                                            before,
                                            change,
                                            check.strategy(),
                                            threshold(check.strategy(), s),
                                            s,
                                            1,
                                            previous,
                                            previous)));
                        }
                    }
                    case ABSOLUTE_CHANGE -> {
                        double rowsNow = count(series, kind, code, Metric.ROWS_READ.label(), tonightDate);
                        double before = value.apply(previous);
                        if (rowsNow >= MIN_ROWS_FOR_SHARE && !Double.isNaN(before) && !Double.isNaN(now)) {
                            double change = now - before;
                            severity(check.strategy(), change)
                                    .ifPresent(s -> found.add(new Anomaly(
                                            check.metric(),
                                            kind,
                                            code,
                                            name,
                                            now,
                                            before,
                                            change,
                                            check.strategy(),
                                            threshold(check.strategy(), s),
                                            s,
                                            1,
                                            previous,
                                            previous)));
                        }
                    }
                    case ONLINE_NORMAL -> {
                        if (nights.size() < MIN_NIGHTS_FOR_NORMAL) {
                            break;
                        }
                        double mean = nights.stream()
                                .mapToDouble(value::apply)
                                .average()
                                .orElseThrow();
                        double variance = nights.stream()
                                .mapToDouble(n -> Math.pow(value.apply(n) - mean, 2))
                                .average()
                                .orElseThrow();
                        double deviation = Math.max(Math.sqrt(variance), 0.05 * mean);
                        if (mean >= MIN_BASELINE) {
                            double change = (now - mean) / deviation;
                            severity(check.strategy(), Math.abs(change))
                                    .ifPresent(s -> found.add(new Anomaly(
                                            check.metric(),
                                            kind,
                                            code,
                                            name,
                                            now,
                                            mean,
                                            change,
                                            check.strategy(),
                                            threshold(check.strategy(), s),
                                            s,
                                            nights.size(),
                                            nights.get(0),
                                            previous)));
                        }
                    }
                    default -> throw new IllegalStateException(check.strategy().name());
                }
            }
        }
        found.sort(Comparator.comparing((Anomaly a) -> a.severity() == Severity.SEVERE ? 0 : 1)
                .thenComparing(a -> a.kind().ordinal())
                .thenComparing(Anomaly::code)
                .thenComparing(Anomaly::metric)
                .thenComparing(a -> a.strategy().ordinal()));
        return found;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** A count as a count ({@code 31}, not {@code 31.0}); anything else to two decimals. */
    static String number(double v) {
        double r = round(v);
        return r == Math.rint(r) && Math.abs(r) < 1e15 ? String.valueOf((long) r) : String.valueOf(r);
    }

    private static java.util.Optional<Severity> severity(Strategy strategy, double change) {
        if (change >= strategy.severe) {
            return java.util.Optional.of(Severity.SEVERE);
        }
        return change >= strategy.warning ? java.util.Optional.of(Severity.WARNING) : java.util.Optional.empty();
    }

    private static double threshold(Strategy strategy, Severity severity) {
        return severity == Severity.SEVERE ? strategy.severe : strategy.warning;
    }

    /** A metric's value on a night: a count (0 when absent), or the quarantined share (NaN when nothing was read). */
    private static double value(
            Map<List<Object>, Map<LocalDate, Long>> series,
            EntityKind kind,
            String code,
            String metric,
            LocalDate night) {
        if (metric.equals(QUARANTINED_SHARE)) {
            double read = count(series, kind, code, Metric.ROWS_READ.label(), night);
            return read == 0 ? Double.NaN : count(series, kind, code, Metric.QUARANTINED.label(), night) / read;
        }
        return count(series, kind, code, metric, night);
    }

    private static double count(
            Map<List<Object>, Map<LocalDate, Long>> series,
            EntityKind kind,
            String code,
            String metric,
            LocalDate night) {
        Map<LocalDate, Long> byNight = series.get(List.of(kind, code, metric));
        return byNight == null ? 0 : byNight.getOrDefault(night, 0L);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
