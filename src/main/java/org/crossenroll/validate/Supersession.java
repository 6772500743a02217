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
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.InternalRows;
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
                        col(RawRecords.LINE_NUMBER).cast(DataTypes.StringType)));
        StructType in = validated.schema();
        StructType out = in.add(OUTCOME, DataTypes.StringType, false);
        // In Spark's binary rows: the pass reads five key columns and carries the rest untouched.
        RDD<InternalRow> sorted = InternalRows.of(validated.repartition(group).sortWithinPartitions(group));
        return InternalRows.dataset(
                validated.sparkSession(),
                sorted.toJavaRDD().mapPartitions(new Pass(in)).rdd(),
                out);
    }

    /** The pass over one partition, sorted by student: each student's valid rows are one group. */
    /** Strings by code point, as Spark compares UTF-8 bytes: the order every tie between versions is broken in. */
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

    private static final class Pass implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
        private static final UTF8String[] OUTCOMES = {
            UTF8String.fromString(ACCEPTED), UTF8String.fromString(SUPERSEDED), UTF8String.fromString(QUARANTINED)
        };
        private static final int IS_ACCEPTED = 0;
        private static final int IS_SUPERSEDED = 1;
        private static final int IS_QUARANTINED = 2;

        private final int reason;
        private final int student;
        private final int record;
        private final int year;
        private final int updatedAt;
        private final int file;
        private final int line;

        Pass(StructType in) {
            reason = in.fieldIndex(Validation.REASON_CODE);
            student = in.fieldIndex(Pseudonymizer.PSEUDONYM);
            record = in.fieldIndex(Field.RECORD_ID.column());
            year = in.fieldIndex(Validation.INTAKE_YEAR);
            updatedAt = in.fieldIndex(Field.UPDATED_AT.column());
            file = in.fieldIndex(RawRecords.SOURCE_FILE);
            line = in.fieldIndex(RawRecords.LINE_NUMBER);
        }

        @Override
        public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
            return new Iterator<>() {
                /** One student's valid rows, copied: the sorter reuses its row object. */
                private final List<InternalRow> group = new ArrayList<>();

                private final List<InternalRow> ready = new ArrayList<>();
                private int next;
                private InternalRow pending;

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
                public InternalRow next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.get(next++);
                }

                /** Moves the next quarantined row, or the next student's rows, to ready (none at the end). */
                private void fill() {
                    group.clear();
                    while (pending != null || rows.hasNext()) {
                        InternalRow r = pending != null ? pending : rows.next().copy();
                        pending = null;
                        if (!r.isNullAt(reason)) {
                            ready.add(with(r, IS_QUARANTINED));
                            if (group.isEmpty()) {
                                return;
                            }
                            continue; // a quarantined row between one student's rows (a group key equal to it)
                        }
                        if (!group.isEmpty()
                                && !Objects.equals(group.get(0).getUTF8String(student), r.getUTF8String(student))) {
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
                        ready.add(with(group.get(0), IS_ACCEPTED));
                        return;
                    }
                    Map<UTF8String, InternalRow> latestOfRecord = new HashMap<>();
                    for (InternalRow r : group) {
                        latestOfRecord.merge(
                                r.isNullAt(record) ? null : r.getUTF8String(record), r, (a, b) -> newer(a, b) ? a : b);
                    }
                    Map<Integer, InternalRow> acceptedOfYear = new HashMap<>();
                    for (InternalRow r : latestOfRecord.values()) {
                        acceptedOfYear.merge(yearOf(r), r, (a, b) -> newer(a, b) ? a : b);
                    }
                    for (InternalRow r : group) {
                        ready.add(with(r, acceptedOfYear.get(yearOf(r)) == r ? IS_ACCEPTED : IS_SUPERSEDED));
                    }
                }
            };
        }

        private Integer yearOf(InternalRow r) {
            return r.isNullAt(year) ? null : r.getInt(year);
        }

        /** The row with its outcome after its last column; Spark makes it one binary row again as it reads it. */
        private static InternalRow with(InternalRow r, int outcome) {
            return new JoinedRow(r, new GenericInternalRow(new Object[] {OUTCOMES[outcome]}));
        }

        /**
         * Whether a comes before b newest first: updated_at, record_id, file, line, each descending, a missing value
         * last; strings by their UTF-8 bytes, which is code point order, as Spark compares them.
         */
        private boolean newer(InternalRow a, InternalRow b) {
            int cmp = compareLong(a, b, updatedAt);
            if (cmp == 0) {
                cmp = compareText(a, b, record);
            }
            if (cmp == 0) {
                cmp = compareText(a, b, file);
            }
            if (cmp == 0) {
                cmp = compareLong(a, b, line);
            }
            return cmp > 0;
        }

        private static int compareLong(InternalRow a, InternalRow b, int i) {
            if (a.isNullAt(i) || b.isNullAt(i)) {
                return Boolean.compare(!a.isNullAt(i), !b.isNullAt(i));
            }
            return Long.compare(a.getLong(i), b.getLong(i));
        }

        private static int compareText(InternalRow a, InternalRow b, int i) {
            if (a.isNullAt(i) || b.isNullAt(i)) {
                return Boolean.compare(!a.isNullAt(i), !b.isNullAt(i));
            }
            return a.getUTF8String(i).binaryCompare(b.getUTF8String(i));
        }
    }
}
