package org.crossenroll.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging writes a table with exactly its definition's nullability and refuses what differs from it, on a tiny
 * hand-written definition: {@code t} = (id BIGINT NOT NULL, name STRING NOT NULL, note STRING). Each footer is read
 * here with parquet-hadoop, not through Staging's own check.
 */
class StagingSchemaTest {
    private static final StructType DEFINITION =
            StructType.fromDDL("id BIGINT NOT NULL, name STRING NOT NULL, note STRING");
    private static final OutputCatalog CATALOG = new OutputCatalog() {
        @Override
        public Optional<StructType> schema(String path) {
            return path.equals("t") ? Optional.of(DEFINITION) : Optional.empty();
        }

        @Override
        public String runsTable() {
            return "runs";
        }

        @Override
        public StructType runsSchema() {
            return new StructType();
        }

        @Override
        public List<Row> runsRows(List<Run> runs) {
            return List.of();
        }
    };

    @TempDir
    java.nio.file.Path tmp;

    private final SparkSession spark = TestSpark.session();

    private Staging staging() {
        return new Staging(spark, fs(), new Path(tmp.resolve("staging").toString()), CATALOG);
    }

    private FileSystem fs() {
        try {
            return FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each column of the table's Parquet files as the footer says it: {@code name -> "REQUIRED INT64"}. */
    private Map<String, String> footer(String table) throws IOException {
        Map<String, String> columns = new LinkedHashMap<>();
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> list = Files.list(tmp.resolve("staging").resolve(table))) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .toList();
        }
        assertThat(files).isNotEmpty();
        for (java.nio.file.Path f : files) {
            try (ParquetFileReader reader =
                    ParquetFileReader.open(HadoopInputFile.fromPath(new Path(f.toString()), new Configuration()))) {
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                for (Type t : schema.getFields()) {
                    columns.put(
                            t.getName(),
                            t.getRepetition() + " " + t.asPrimitiveType().getPrimitiveTypeName());
                }
            }
        }
        return columns;
    }

    private static List<Row> rows(Object[]... values) {
        List<Row> rows = new ArrayList<>();
        for (Object[] v : values) {
            rows.add(RowFactory.create(v));
        }
        return rows;
    }

    @Test
    void aDatasetIsWrittenWithTheDefinitionsNullabilityNotThePlans() throws IOException {
        // the plan thinks id and name nullable (declared NOT NULL) and note non-null (declared nullable)
        StructType plan = StructType.fromDDL("id BIGINT, name STRING, note STRING NOT NULL");
        Dataset<Row> rows = spark.createDataFrame(rows(new Object[] {1L, "a", "x"}, new Object[] {2L, "b", "y"}), plan);
        Staging s = staging();

        s.stage("t", rows, 1);

        assertThat(footer("t"))
                .containsExactly(
                        Map.entry("id", "REQUIRED INT64"),
                        Map.entry("name", "REQUIRED BINARY"),
                        Map.entry("note", "OPTIONAL BINARY"));
        assertThat(s.tables()).containsExactly("t");
        assertThat(spark.read()
                        .parquet(tmp.resolve("staging/t").toString())
                        .orderBy("id")
                        .collectAsList())
                .containsExactlyElementsOf(rows(new Object[] {1L, "a", "x"}, new Object[] {2L, "b", "y"}));
    }

    @Test
    void aNullInANotNullColumnFailsTheSparkWriteWithOneSentence() {
        StructType plan = StructType.fromDDL("id BIGINT, name STRING, note STRING");
        Dataset<Row> rows =
                spark.createDataFrame(rows(new Object[] {1L, "a", null}, new Object[] {2L, null, "y"}), plan);
        Staging s = staging();

        assertThatThrownBy(() -> s.stage("t", rows, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "Table t: column name is declared NOT NULL but a row holds a null; the table was not staged "
                                + "(fix the job, or declare the column nullable in the catalog).");
        assertThat(tmp.resolve("staging/t")).doesNotExist();
        assertThat(s.tables()).isEmpty();
    }

    @Test
    void aDatasetOfAnotherTypeIsRefusedBeforeWriting() {
        StructType plan = StructType.fromDDL("id INT NOT NULL, name STRING NOT NULL, note STRING");
        Dataset<Row> rows = spark.createDataFrame(rows(new Object[] {1, "a", null}), plan);

        assertThatThrownBy(() -> staging().stage("t", rows, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "Table t does not match its definition in the catalog: expected [id BIGINT, name "
                                + "STRING, note STRING], got [id INT, name STRING, note STRING]");
        assertThat(tmp.resolve("staging/t")).doesNotExist();
    }

    @Test
    void rowsAreWrittenWithTheDefinitionsNullabilityWhateverSchemaTheyCameWith() throws IOException {
        // the report's own schema (as its Dataset had it) says everything nullable
        StructType schema = StructType.fromDDL("id BIGINT, name STRING, note STRING");

        staging().stageReport("t", schema, rows(new Object[] {7L, "a", null}), Map.of("k", "v"));

        assertThat(footer("t"))
                .containsExactly(
                        Map.entry("id", "REQUIRED INT64"),
                        Map.entry("name", "REQUIRED BINARY"),
                        Map.entry("note", "OPTIONAL BINARY"));
    }

    @Test
    void aNullInANotNullColumnOfARowFailsTheReportWriteWithOneSentenceAndNoFile() {
        Staging s = staging();
        List<Row> rows = rows(new Object[] {1L, "a", null}, new Object[] {2L, "b", "y"}, new Object[] {3L, null, "z"});

        assertThatThrownBy(() -> s.stageReport("t", DEFINITION, rows, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot write "
                        + new Path(tmp.resolve("staging/t/part-00000.parquet").toString())
                        + ": column name is declared NOT NULL but row 3 of 3 holds a null; nothing was written.");
        assertThat(tmp.resolve("staging/t/part-00000.parquet")).doesNotExist();
        assertThat(s.tables()).isEmpty();
    }

    @Test
    void rowsOfAnotherTypeAreRefusedBeforeWriting() {
        StructType schema = StructType.fromDDL("id BIGINT NOT NULL, name STRING NOT NULL, note DATE");

        assertThatThrownBy(() -> staging().stageReport("t", schema, rows(new Object[] {1L, "a", null}), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "Table t does not match its definition in the catalog: expected [id BIGINT, name "
                                + "STRING, note STRING], got [id BIGINT, name STRING, note DATE]");
        assertThat(tmp.resolve("staging/t")).doesNotExist();
    }

    @Test
    void aWriteThatFailsHalfwayLeavesNoFile() {
        java.nio.file.Path file = tmp.resolve("half/part-00000.parquet");
        // the second row's id is text: the writer fails on it after writing the first row
        List<Row> rows = rows(new Object[] {1L, "a", null}, new Object[] {"two", "b", null});

        assertThatThrownBy(() -> ReportWriter.writeFile(
                        new Path(file.toString()), DEFINITION, rows, Map.of(), new Configuration()))
                .isInstanceOf(ClassCastException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void theFooterCheckRefusesAFileWhoseNullabilityOrTypeDiffersFromTheDefinition() throws IOException {
        // written by Spark as its plan says: note REQUIRED, while the definition says nullable
        StructType plan = StructType.fromDDL("id BIGINT NOT NULL, name STRING NOT NULL, note STRING NOT NULL");
        java.nio.file.Path dir = tmp.resolve("written");
        spark.createDataFrame(rows(new Object[] {1L, "a", "x"}), plan)
                .coalesce(1)
                .write()
                .parquet(dir.toString());

        assertThatThrownBy(() -> Schemas.requireWritten("t", DEFINITION, fs(), new Path(dir.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "Table t as written does not match its definition in the catalog: column note "
                                + "(position 3) expected `optional binary note (STRING)`, found `required binary note (STRING)` in part-");

        java.nio.file.Path other = tmp.resolve("other/part-00000.parquet");
        ReportWriter.writeFile(
                new Path(other.toString()),
                StructType.fromDDL("id INT NOT NULL, name STRING NOT NULL, " + "note STRING"),
                rows(new Object[] {1, "a", null}),
                Map.of(),
                new Configuration());
        assertThatThrownBy(() -> Schemas.requireWritten("t", DEFINITION, fs(), new Path(other.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "Table t as written does not match its definition in the catalog: column id (position 1) "
                                + "expected `required int64 id`, found `required int32 id` in part-00000.parquet; nothing was published.");

        assertThatThrownBy(() -> Schemas.requireWritten(
                        "t",
                        StructType.fromDDL(
                                "id BIGINT NOT NULL, name STRING NOT " + "NULL, note STRING NOT NULL, extra INT"),
                        fs(),
                        new Path(dir.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("column extra (position 4) expected `optional int32 extra`, found `no column`");
    }
}
