package org.crossenroll.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.example.GroupWriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.base.BuildInfo;

/**
 * Writes one small, already aggregated report as a single Parquet file with parquet-hadoop, on the driver. Spark's
 * own writer cannot put key-value metadata in the footer, and BI readers want the report's name, schema version and
 * run date there; a report is small enough (aggregates, not enrollments) to pass through the driver.
 *
 * <p>The footer names the job as its object model ({@code writer.model.name=crossenroll}, where parquet-hadoop's
 * example writer would say {@code example}) and its version ({@code crossenroll.code_version}); {@code created_by}
 * stays parquet-mr's own, since readers use it to work around known bugs of the library that wrote a file.
 */
public final class ReportWriter {
    public static final String KEY_REPORT = "crossenroll.report";
    public static final String KEY_SCHEMA_VERSION = "crossenroll.schema_version";
    public static final String KEY_RUN_DATE = "crossenroll.run_date";
    public static final String KEY_CODE_VERSION = "crossenroll.code_version";
    /** In the published layer only: its k (no published count is 1..k-1). */
    public static final String KEY_MIN_CELL_COUNT = "crossenroll.min_cell_count";
    /** The footer's {@code writer.model.name}. */
    public static final String MODEL_NAME = "crossenroll";

    private ReportWriter() {}

    /** Writes {@code rows} of {@code schema} to {@code dir/part-00000.parquet} with the given footer metadata. */
    public static void write(
            Path dir, StructType schema, List<Row> rows, Map<String, String> metadata, Configuration conf) {
        writeFile(new Path(dir, "part-00000.parquet"), schema, rows, metadata, conf);
    }

    /**
     * Writes {@code rows} of {@code schema} to {@code file}, replacing it. The footer always carries the code version,
     * whatever {@code metadata} says. Each column is written REQUIRED when {@code schema} declares it NOT NULL, OPTIONAL
     * otherwise; a null in a NOT NULL column fails with an {@link IllegalStateException} before anything is written, and
     * any failure while writing removes the file, so a broken or truncated file is never left at {@code file}.
     */
    public static void writeFile(
            Path file, StructType schema, List<Row> rows, Map<String, String> metadata, Configuration conf) {
        requireNoNullInNotNull(file, schema, rows);
        MessageType parquetSchema = parquetSchema(schema);
        SimpleGroupFactory groups = new SimpleGroupFactory(parquetSchema);
        Map<String, String> footer = new java.util.LinkedHashMap<>(metadata);
        footer.putIfAbsent(KEY_CODE_VERSION, BuildInfo.version());
        Configuration withSchema = new Configuration(conf);
        GroupWriteSupport.setSchema(parquetSchema, withSchema);
        try {
            try (ParquetWriter<Group> writer = new Builder(HadoopOutputFile.fromPath(file, conf))
                    .withConf(withSchema)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withExtraMetaData(footer)
                    .build()) {
                for (Row row : rows) {
                    Group g = groups.newGroup();
                    for (int i = 0; i < schema.size(); i++) {
                        if (!row.isNullAt(i)) {
                            add(g, i, schema.fields()[i].dataType(), row.get(i));
                        }
                    }
                    writer.write(g);
                }
            }
        } catch (IOException e) {
            delete(file, conf, e);
            throw new UncheckedIOException("Cannot write report " + file, e);
        } catch (RuntimeException | Error e) { // Error: FSError on a full local disk
            delete(file, conf, e);
            throw e;
        }
    }

    /**
     * Removes what a failed write left: closing the writer after a failure may have written a footer over the rows so
     * far (a valid-looking but truncated file) or left a file without a footer; neither may stay.
     */
    private static void delete(Path file, Configuration conf, Throwable failure) {
        try {
            file.getFileSystem(conf).delete(file, false);
        } catch (IOException | RuntimeException again) {
            failure.addSuppressed(again);
        }
    }

    /** One sentence for the first null in a column declared NOT NULL: the file, the column and the 1-based row. */
    private static void requireNoNullInNotNull(Path file, StructType schema, List<Row> rows) {
        StructField[] fields = schema.fields();
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            for (int i = 0; i < fields.length; i++) {
                if (!fields[i].nullable() && row.isNullAt(i)) {
                    throw new IllegalStateException("Cannot write " + file + ": column " + fields[i].name()
                            + " is declared " + "NOT NULL but row " + (r + 1) + " of " + rows.size()
                            + " holds a null; nothing was written.");
                }
            }
        }
    }

    /** parquet-hadoop's example object model under the job's name. */
    private static final class Builder extends ParquetWriter.Builder<Group, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Group> getWriteSupport(Configuration conf) {
            return new GroupWriteSupport() {
                @Override
                public String getName() {
                    return MODEL_NAME;
                }
            };
        }
    }

    public static Map<String, String> metadata(String report, int schemaVersion, LocalDate runDate, String code) {
        return Map.of(
                KEY_REPORT,
                report,
                KEY_SCHEMA_VERSION,
                String.valueOf(schemaVersion),
                KEY_RUN_DATE,
                runDate.toString(),
                KEY_CODE_VERSION,
                code);
    }

    private static void add(Group g, int i, DataType type, Object value) {
        if (type.equals(DataTypes.StringType)) {
            g.add(i, Binary.fromString((String) value));
        } else if (type.equals(DataTypes.LongType)) {
            g.add(i, ((Number) value).longValue());
        } else if (type.equals(DataTypes.IntegerType)) {
            g.add(i, ((Number) value).intValue());
        } else if (type.equals(DataTypes.DoubleType)) {
            g.add(i, ((Number) value).doubleValue());
        } else if (type.equals(DataTypes.BooleanType)) {
            g.add(i, (Boolean) value);
        } else if (type.equals(DataTypes.DateType)) {
            g.add(i, (int)
                    (value instanceof java.time.LocalDate d ? d : ((java.sql.Date) value).toLocalDate()).toEpochDay());
        } else if (type.equals(DataTypes.TimestampNTZType)) {
            java.time.LocalDateTime t = (java.time.LocalDateTime) value;
            g.add(i, t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1_000);
        } else if (type instanceof org.apache.spark.sql.types.DecimalType d && d.precision() <= 18) {
            // the unscaled value in an INT64, as Spark writes a decimal of up to 18 digits
            java.math.BigDecimal v = ((java.math.BigDecimal) value).setScale(d.scale());
            g.add(i, v.unscaledValue().longValueExact());
        } else {
            throw new IllegalArgumentException("No report column may be of type " + type);
        }
    }

    static MessageType parquetSchema(StructType schema) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (StructField f : schema.fields()) {
            DataType t = f.dataType();
            // REQUIRED for a column declared NOT NULL, as Spark writes a non-nullable column
            Type.Repetition rep = f.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
            if (t.equals(DataTypes.StringType)) {
                b.primitive(PrimitiveTypeName.BINARY, rep)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(f.name());
            } else if (t.equals(DataTypes.LongType)) {
                b.primitive(PrimitiveTypeName.INT64, rep).named(f.name());
            } else if (t.equals(DataTypes.IntegerType)) {
                b.primitive(PrimitiveTypeName.INT32, rep).named(f.name());
            } else if (t.equals(DataTypes.DoubleType)) {
                b.primitive(PrimitiveTypeName.DOUBLE, rep).named(f.name());
            } else if (t.equals(DataTypes.BooleanType)) {
                b.primitive(PrimitiveTypeName.BOOLEAN, rep).named(f.name());
            } else if (t.equals(DataTypes.DateType)) {
                b.primitive(PrimitiveTypeName.INT32, rep)
                        .as(LogicalTypeAnnotation.dateType())
                        .named(f.name());
            } else if (t.equals(DataTypes.TimestampNTZType)) {
                // a wall-clock time (China Standard Time), as Spark writes enrollments_clean.updated_at
                b.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(f.name());
            } else if (t instanceof org.apache.spark.sql.types.DecimalType d && d.precision() <= 18) {
                b.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.decimalType(d.scale(), d.precision()))
                        .named(f.name());
            } else {
                throw new IllegalArgumentException("No report column may be of type " + t + " (" + f.name() + ")");
            }
        }
        return b.named("crossenroll_report");
    }
}
