package org.crossenroll.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema every reader produces: where a row came from, whether it could be split into fields, and each field of
 * the contract as text, then {@link #OWN_IDENTITY_IN}. {@code student_name} is not here: it is dropped while the file
 * is read.
 */
public final class RawRecords {
    public static final String SOURCE_FILE = "source_file";
    /** Physical line a CSV record starts on, the line of a JSON Lines record, or the 1-based Parquet row number. */
    public static final String LINE_NUMBER = "line_number";
    /** Why the row could not be split into fields (reason MALFORMED), or null. */
    public static final String MALFORMED = "malformed";
    /**
     * The first field (in contract order, {@code student_id} aside) whose value is the row's own student name or
     * student id ({@link org.crossenroll.privacy.OwnIdentity}), or null: decided while the file is read, the only place
     * the name exists, and carried out as the field's name alone, never the value.
     */
    public static final String OWN_IDENTITY_IN = "own_identity_in";

    /** The contract fields that survive reading, in contract order. */
    public static final List<Field> FIELDS = fieldsKept();

    public static final StructType SCHEMA = schema();

    private RawRecords() {}

    private static List<Field> fieldsKept() {
        List<Field> kept = new ArrayList<>();
        for (Field f : Field.values()) {
            if (f != Field.STUDENT_NAME) {
                kept.add(f);
            }
        }
        return List.copyOf(kept);
    }

    private static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(LINE_NUMBER, DataTypes.LongType, false));
        fields.add(DataTypes.createStructField(MALFORMED, DataTypes.StringType, true));
        for (Field f : FIELDS) {
            fields.add(DataTypes.createStructField(f.column(), DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(OWN_IDENTITY_IN, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }
}
