package org.crossenroll.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.RawRecords;
import org.crossenroll.privacy.Pseudonymizer;

/**
 * Gives every validated row its outcome: quarantined (it broke a rule), accepted (the winning version of its
 * enrollment) or superseded (an older version). First (contract v1.1) a record sent again is one record: of the
 * valid rows of one student with one record_id only the latest survives, whatever its intake year, so a corrected
 * intake date moves the enrollment instead of leaving it in both years. Then the enrollment key is (student,
 * intake_year). In both steps the winner has the latest updated_at (a missing one is older than any), ties broken by
 * the greatest record_id (compared as text, as Spark compares strings: by code point), then by file and line so that
 * the choice is deterministic even for exact duplicates.
 *
 * <p>Both steps look only within one student, so the rows are shuffled once, by student, sorted within each
 * partition by student only (one sort of the wide rows), and one pass in Java walks each student's rows and decides
 * every outcome from the key columns (issue 25: this replaced two window functions, which sorted the wide rows twice
 * and buffered them). Quarantined rows each get a group of their own (file, line): no skewed null key.
 */
public final class Supersession {
    public static final String OUTCOME = "outcome";
    public static final String ACCEPTED = "accepted";
    public static final String SUPERSEDED = "superseded";
    public static final String QUARANTINED = "quarantined";

    private Supersession() {}

    public static Dataset<Row> classify(Dataset<Row> validated) {
        Column valid = col(Validation.REASON_CODE).isNull();
        Column group = when(valid, col(Pseudonymizer.PSEUDONYM))
                .otherwise(concat_ws(
                        "\n",
                        col(RawRecords.SOURCE_FILE),
                        col(RawRecords.LINE_NUMBER).cast("string")));
        StructType in = validated.schema();
        StructType out = in.add(OUTCOME, DataTypes.StringType, false);
        return validated.repartition(group).sortWithinPartitions(group).mapPartitions(new Pass(in), Encoders.row(out));
    }

    /** The pass over one partition, sorted by student: each student's valid rows are one group. */
    /** Strings by code point, as Spark compares UTF-8 bytes: the order every tie between versions is broken in. */
    static int compareCodePoints(String s, String t) {
        return Pass.compareCodePoints(s, t);
    }

    private static final class Pass implements MapPartitionsFunction<Row, Row> {
        private final int width;
        private final int reason;
        private final int student;
        private final int record;
        private final int year;
        /** The columns of "newest first", most significant first: updated_at, record_id, file, line. */
        private final int[] order;

        Pass(StructType in) {
            width = in.size();
            reason = in.fieldIndex(Validation.REASON_CODE);
            student = in.fieldIndex(Pseudonymizer.PSEUDONYM);
            record = in.fieldIndex(Field.RECORD_ID.column());
            year = in.fieldIndex(Validation.INTAKE_YEAR);
            order = new int[] {
                in.fieldIndex(Field.UPDATED_AT.column()),
                record,
                in.fieldIndex(RawRecords.SOURCE_FILE),
                in.fieldIndex(RawRecords.LINE_NUMBER)
            };
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<>() {
                private final List<Row> group = new ArrayList<>();
                private final List<Row> ready = new ArrayList<>();
                private int next;
                private Row pending;

                @Override
                public boolean hasNext() {
                    while (next == ready.size()) {
                        ready.clear();
                        next = 0;
                        fill();
                        if (ready.isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.get(next++);
                }

                /** Moves the next quarantined row, or the next student's rows, to ready (none at the end). */
                private void fill() {
                    group.clear();
                    while (pending != null || rows.hasNext()) {
                        Row r = pending != null ? pending : rows.next();
                        pending = null;
                        if (!r.isNullAt(reason)) {
                            ready.add(with(r, QUARANTINED));
                            if (group.isEmpty()) {
                                return;
                            }
                            continue; // a quarantined row between one student's rows (a group key equal to it)
                        }
                        if (!group.isEmpty() && !Objects.equals(group.get(0).get(student), r.get(student))) {
                            pending = r;
                            break;
                        }
                        group.add(r);
                    }
                    decide();
                }

                /** The outcomes of one student's valid rows, in the two steps of the class comment. */
                private void decide() {
                    int n = group.size();
                    if (n == 0) {
                        return;
                    }
                    if (n == 1) {
                        ready.add(with(group.get(0), ACCEPTED));
                        return;
                    }
                    Map<Object, Row> latestOfRecord = new HashMap<>();
                    for (Row r : group) {
                        latestOfRecord.merge(r.get(record), r, (a, b) -> newer(a, b) ? a : b);
                    }
                    Map<Object, Row> acceptedOfYear = new HashMap<>();
                    for (Row r : latestOfRecord.values()) {
                        acceptedOfYear.merge(r.get(year), r, (a, b) -> newer(a, b) ? a : b);
                    }
                    for (Row r : group) {
                        ready.add(with(r, acceptedOfYear.get(r.get(year)) == r ? ACCEPTED : SUPERSEDED));
                    }
                }
            };
        }

        private Row with(Row r, String outcome) {
            Object[] values = new Object[width + 1];
            for (int i = 0; i < width; i++) {
                values[i] = r.get(i);
            }
            values[width] = outcome;
            return RowFactory.create(values);
        }

        /** Whether a comes before b newest first (each column descending, a missing value last). */
        private boolean newer(Row a, Row b) {
            for (int c : order) {
                int cmp = compare(a.get(c), b.get(c));
                if (cmp != 0) {
                    return cmp > 0;
                }
            }
            return false;
        }

        /** Ascending, null lowest; strings by code point, as Spark compares UTF-8 bytes. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static int compare(Object a, Object b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            if (a instanceof String s && b instanceof String t) {
                return compareCodePoints(s, t);
            }
            return ((Comparable) a).compareTo(b);
        }

        static int compareCodePoints(String s, String t) {
            int n = Math.min(s.length(), t.length());
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                char d = t.charAt(i);
                if (c != d) {
                    boolean cs = Character.isSurrogate(c);
                    if (cs == Character.isSurrogate(d)) {
                        return c - d;
                    }
                    return cs ? 1 : -1; // a surrogate stands for a code point above any other char
                }
            }
            return s.length() - t.length();
        }
    }
}
