package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.crossenroll.catalog.Tables;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.SampleRun;
import org.junit.jupiter.api.Test;

/**
 * What every table's Parquet files declare, read from their footers after the bundled sample's run, is what the
 * catalog defines: the same columns in the same order, each of the Parquet type its type is written as, REQUIRED when
 * declared NOT NULL and OPTIONAL when nullable. Written from the footers' Parquet types, independently of Staging's
 * own check, so BI tools and DDL (which say NOT NULL from the catalog) and the files agree.
 */
class WrittenSchemaTest {
    private static final Configuration CONF = new Configuration();

    @Test
    void everyTablesFootersDeclareItsDefinitionNullabilityIncluded() throws IOException {
        assertThat(SampleRun.result().exitCode()).as(SampleRun.result().err()).isZero();
        Path out = SampleRun.output();
        List<String> differences = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Tables.Table table : Tables.all()) {
            Path dir = table.partitioned()
                    ? out.resolve(table.path()).resolve("run_date=" + Runs.RUN_DATE)
                    : out.resolve(table.path());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                        .sorted()
                        .toList();
            }
            assertThat(files).as("%s has Parquet files", table.name()).isNotEmpty();
            for (Path file : files) {
                MessageType written;
                try (ParquetFileReader reader = ParquetFileReader.open(
                        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), CONF))) {
                    written = reader.getFooter().getFileMetaData().getSchema();
                }
                StructField[] defined = table.schema().fields();
                List<String> names =
                        written.getFields().stream().map(Type::getName).toList();
                List<String> definedNames =
                        Stream.of(defined).map(StructField::name).toList();
                if (!names.equals(definedNames)) {
                    differences.add(table.name() + " " + file.getFileName() + ": columns " + names + ", defined "
                            + definedNames);
                    continue;
                }
                for (int i = 0; i < defined.length; i++) {
                    PrimitiveType found = written.getType(i).asPrimitiveType();
                    String expected =
                            (defined[i].nullable() ? "OPTIONAL " : "REQUIRED ") + parquet(defined[i].dataType());
                    String got = found.getRepetition() + " " + found.getPrimitiveTypeName()
                            + (found.getLogicalTypeAnnotation() == null ? "" : " " + found.getLogicalTypeAnnotation());
                    if (!expected.equals(got)) {
                        differences.add(
                                table.name() + "." + defined[i].name() + ": defined " + expected + ", written " + got);
                    }
                }
            }
            checked.add(table.name());
        }
        assertThat(differences).isEmpty();
        // every table, anomalies included (an empty file on a first night: no baseline to compare with)
        assertThat(checked)
                .containsExactlyElementsOf(
                        Tables.all().stream().map(Tables.Table::name).toList())
                .contains("enrollments_clean", "quarantine", "published_province_outcomes", "anomalies", "runs");
    }

    /** The Parquet type each column type is written as (docs/reports.md; timestamps as micros, wall-clock). */
    private static String parquet(DataType type) {
        if (type.equals(DataTypes.StringType)) {
            return PrimitiveTypeName.BINARY + " " + LogicalTypeAnnotation.stringType();
        } else if (type.equals(DataTypes.LongType)) {
            return PrimitiveTypeName.INT64.toString();
        } else if (type.equals(DataTypes.IntegerType)) {
            return PrimitiveTypeName.INT32.toString();
        } else if (type.equals(DataTypes.DoubleType)) {
            return PrimitiveTypeName.DOUBLE.toString();
        } else if (type.equals(DataTypes.BooleanType)) {
            return PrimitiveTypeName.BOOLEAN.toString();
        } else if (type.equals(DataTypes.DateType)) {
            return PrimitiveTypeName.INT32 + " " + LogicalTypeAnnotation.dateType();
        } else if (type.equals(DataTypes.TimestampNTZType)) {
            return PrimitiveTypeName.INT64 + " "
                    + LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS);
        } else if (type instanceof org.apache.spark.sql.types.DecimalType d
                && d.precision() > 9
                && d.precision() <= 18) {
            // the cooperation ledger's exact amounts: an INT64 of the unscaled value, as Spark and Parquet's spec write
            // a decimal of 10 to 18 digits
            return PrimitiveTypeName.INT64 + " " + LogicalTypeAnnotation.decimalType(d.scale(), d.precision());
        }
        throw new AssertionError("no table should have a column of type " + type);
    }
}
