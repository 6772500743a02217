package org.crossenroll.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.crossenroll.base.UserError;

/**
 * The cooperation records' files (docs/input-contract.md, "Cooperation records"): which files they are, and their rows
 * read as text in {@link CooperationField} order.
 *
 * <p>A file is a cooperation file when a folder on its path under {@code --input} is named {@code cooperation}: a
 * path, unlike a header, says what a file is before it is opened, the same way for CSV, JSON Lines (whose keys may
 * differ from line to line) and Parquet, and a partner who sends both ledgers keeps them apart as the contract asks.
 * A header in the wrong place is still caught: it lacks the required columns of its folder's kind, and the message
 * says which kind it looks like.
 *
 * <p>Read on the driver, in plain Java: a whole programme's ledger is fifteen indicators per pairing and year, a few
 * thousand rows, where Spark's tasks would cost more than the reading. The rules are the enrollment readers' ({@link
 * FileParser}, {@link Ingest}): the same CSV reader, encoding detection, header matching, control characters and
 * undecodable bytes making a row {@code MALFORMED}, blank lines not rows.
 */
public final class CooperationFiles {
    /** The folder name that marks cooperation files, matched ignoring case. */
    public static final String FOLDER = "cooperation";

    private static final char REPLACEMENT = '\uFFFD';

    private CooperationFiles() {}

    /** Whether the file (its path relative to {@code --input}) holds cooperation records: a folder on it is named so. */
    public static boolean isCooperation(String relative) {
        String[] parts = relative.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].toLowerCase(Locale.ROOT).equals(FOLDER)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One row as read: where it is, why it could not be split (null when it could), and its values in {@link
     * CooperationField} order as submitted, untrimmed (null when absent). A MALFORMED row keeps only a readable
     * record_id.
     */
    public record RawRow(String sourceFile, long line, String malformed, String[] values) {
        public String value(CooperationField f) {
            return values[f.ordinal()];
        }
    }

    /** A file's rows, and the columns (or JSON keys) that named no field, each once. */
    public record Read(String sourceFile, List<RawRow> rows, List<String> ignoredColumns) {}

    /**
     * Reads one cooperation file.
     *
     * @throws UserError naming the file when it cannot be read or its header lacks a required column
     */
    public static Read read(SparkSession spark, Encoding encoding, InputFile file) {
        return switch (file.format()) {
            case CSV -> readCsv(spark, encoding, file);
            case JSON_LINES -> readJson(spark, file);
            case PARQUET -> readParquet(spark, file);
        };
    }

    private static InputStream open(SparkSession spark, InputFile file) {
        try {
            Path path = new Path(file.uri());
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.open(path);
        } catch (IOException e) {
            throw new UserError("Input file " + file.sourceFile() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Read readCsv(SparkSession spark, Encoding encoding, InputFile file) {
        byte[] bytes;
        try (InputStream in = open(spark, file)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UserError("Input file " + file.sourceFile() + " cannot be read: " + e.getMessage(), e);
        }
        int sample = Math.min(bytes.length, Encoding.SAMPLE_BYTES);
        boolean bom = bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
        Charset charset = bom ? StandardCharsets.UTF_8 : encoding.charsetFor(bytes, sample);
        List<RawRow> rows = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(new java.io.ByteArrayInputStream(bytes), charset))) {
            CsvRecordReader csv = new CsvRecordReader(reader);
            CsvRecordReader.CsvRecord header = csv.next();
            if (header == null || header.isMalformed()) {
                throw new UserError("Input file " + file.sourceFile() + " has no recognisable header row ("
                        + charset.name() + ").");
            }
            List<CooperationField> columns = new ArrayList<>();
            for (String name : header.fields()) {
                CooperationField f = CooperationField.fromHeader(name).orElse(null);
                if (f != null && columns.contains(f)) {
                    throw new UserError("Input file " + file.sourceFile() + " line " + header.line()
                            + ": two header columns name the field " + f.column() + ".");
                }
                columns.add(f);
                if (f == null) {
                    ignored.add(Ingest.ignoredName(name.strip()));
                }
            }
            checkHeader(file.sourceFile(), columns, header.fields());
            int recordId = columns.indexOf(CooperationField.RECORD_ID);
            for (CsvRecordReader.CsvRecord r = csv.next(); r != null; r = csv.next()) {
                if (r.isMalformed()) {
                    rows.add(malformed(file, r.line(), r.malformed(), null));
                    continue;
                }
                List<String> fields = r.fields();
                if (fields.size() != columns.size()) {
                    // a missing or extra separator shifts every field after it: only a first-column record_id stands
                    rows.add(malformed(
                            file,
                            r.line(),
                            "the row has " + fields.size() + " fields, the header has " + columns.size(),
                            recordId == 0 ? fields.get(0) : null));
                    continue;
                }
                String[] values = new String[CooperationField.values().length];
                String broken = null;
                for (int i = 0; i < fields.size() && broken == null; i++) {
                    String value = fields.get(i);
                    CooperationField f = columns.get(i);
                    int control = FileParser.controlCharacter(value);
                    if (control >= 0) {
                        broken = "field " + (i + 1) + (f == null ? "" : " (" + f.column() + ")")
                                + " holds a control character (" + String.format("U+%04X", control) + ")";
                    } else if (f != null && value.indexOf(REPLACEMENT) >= 0) {
                        broken = "bytes that are not valid " + charset.name() + " text";
                    } else if (f != null) {
                        values[f.ordinal()] = value;
                    }
                }
                rows.add(
                        broken == null
                                ? new RawRow(file.sourceFile(), r.line(), null, values)
                                : malformed(file, r.line(), broken, recordId < 0 ? null : fields.get(recordId)));
            }
        } catch (IOException e) {
            throw new UserError("Input file " + file.sourceFile() + " cannot be read: " + e.getMessage(), e);
        }
        return new Read(file.sourceFile(), rows, List.copyOf(ignored));
    }

    private static Read readJson(SparkSession spark, InputFile file) {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        List<RawRow> rows = new ArrayList<>();
        Set<String> ignored = new LinkedHashSet<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(open(spark, file), StandardCharsets.UTF_8))) {
            long line = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                line++;
                if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                if (text.indexOf(REPLACEMENT) >= 0) {
                    rows.add(malformed(file, line, "bytes that are not valid UTF-8 text", null));
                    continue;
                }
                JsonNode node;
                try {
                    node = mapper.readTree(text);
                } catch (IOException e) {
                    rows.add(malformed(file, line, "the line is not valid JSON", null));
                    continue;
                }
                if (node == null || !node.isObject()) {
                    rows.add(malformed(file, line, "the line is not a JSON object", null));
                    continue;
                }
                String[] values = new String[CooperationField.values().length];
                String broken = null;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext() && broken == null; ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    CooperationField f = CooperationField.fromHeader(e.getKey()).orElse(null);
                    if (f == null) {
                        ignored.add(Ingest.ignoredName(e.getKey()));
                        continue;
                    }
                    JsonNode v = e.getValue();
                    if (v.isContainerNode()) {
                        broken = f.column() + " holds an object or array, not a string, number or boolean";
                    } else if (v.isTextual() && FileParser.controlCharacter(v.asText()) >= 0) {
                        broken = f.column() + " holds a control character ("
                                + String.format("U+%04X", FileParser.controlCharacter(v.asText())) + ")";
                    } else if (!v.isNull()) {
                        values[f.ordinal()] =
                                v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
                    }
                }
                rows.add(
                        broken == null
                                ? new RawRow(file.sourceFile(), line, null, values)
                                : malformed(file, line, broken, recordId(node)));
            }
        } catch (IOException e) {
            throw new UserError("Input file " + file.sourceFile() + " cannot be read: " + e.getMessage(), e);
        }
        return new Read(file.sourceFile(), rows, List.copyOf(ignored));
    }

    private static Read readParquet(SparkSession spark, InputFile file) {
        Dataset<Row> df;
        try {
            df = spark.read().parquet(file.uri());
        } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
            throw new UserError("Input file " + file.sourceFile() + " is not a readable Parquet file.", e);
        }
        List<CooperationField> columns = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<Column> select = new ArrayList<>();
        for (String name : df.columns()) {
            CooperationField f = CooperationField.fromHeader(name).orElse(null);
            if (f == null) {
                ignored.add(Ingest.ignoredName(name));
            } else if (!columns.contains(f)) {
                columns.add(f);
                select.add(df.col("`" + name + "`").cast(DataTypes.StringType));
            }
        }
        checkHeader(file.sourceFile(), columns, List.of(df.columns()));
        List<Row> read;
        try {
            read = df.select(select.toArray(new Column[0])).collectAsList();
        } catch (RuntimeException e) {
            throw new UserError(
                    "Input file " + file.sourceFile() + " is not a readable Parquet file: its data is "
                            + "damaged (--verbose shows Spark's report).",
                    e);
        }
        List<RawRow> rows = new ArrayList<>();
        int recordId = columns.indexOf(CooperationField.RECORD_ID);
        for (int r = 0; r < read.size(); r++) {
            Row row = read.get(r);
            String[] values = new String[CooperationField.values().length];
            String broken = null;
            for (int i = 0; i < columns.size() && broken == null; i++) {
                String value = row.isNullAt(i) ? null : row.getString(i);
                if (value != null && FileParser.controlCharacter(value) >= 0) {
                    broken = columns.get(i).column() + " holds a control character (other than tab and line breaks)";
                }
                values[columns.get(i).ordinal()] = value;
            }
            // Spark reads a file's rows in order, one task per file this small: row r is the file's row r + 1
            rows.add(
                    broken == null
                            ? new RawRow(file.sourceFile(), r + 1L, null, values)
                            : malformed(
                                    file,
                                    r + 1L,
                                    broken,
                                    recordId < 0 || row.isNullAt(recordId) ? null : row.getString(recordId)));
        }
        return new Read(file.sourceFile(), rows, List.copyOf(ignored));
    }

    /** The object's record_id when one key names it with a string or number, whatever the order of its keys. */
    private static String recordId(JsonNode object) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (CooperationField.fromHeader(e.getKey()).orElse(null) == CooperationField.RECORD_ID
                    && (e.getValue().isTextual() || e.getValue().isNumber())) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    /** A row that could not be split: no values but its record_id, and that only without a control character. */
    private static RawRow malformed(InputFile file, long line, String why, String recordId) {
        String[] values = new String[CooperationField.values().length];
        if (recordId != null && FileParser.controlCharacter(recordId) < 0 && recordId.indexOf(REPLACEMENT) < 0) {
            values[CooperationField.RECORD_ID.ordinal()] = recordId;
        }
        return new RawRow(file.sourceFile(), line, why, values);
    }

    /**
     * A header without a required column would quarantine every row: the run stops naming the missing columns in the
     * header's own language, and says so when the file looks like an enrollment file put in the cooperation folder.
     */
    static void checkHeader(String relative, List<CooperationField> present, List<String> headerCells) {
        Field.HeaderLanguage language = CooperationField.language(headerCells);
        List<CooperationField> missing = new ArrayList<>();
        for (CooperationField f : CooperationField.values()) {
            if (f.required() && !present.contains(f)) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            boolean enrollment =
                    headerCells.stream().anyMatch(c -> Field.fromHeader(c).orElse(null) == Field.STUDENT_ID);
            throw new UserError("Input file " + relative + " has no recognisable cooperation header: required columns "
                    + "missing: " + missing.stream().map(f -> f.name(language)).collect(Collectors.joining(", "))
                    + (enrollment
                            ? " (it names student_id: enrollment records belong outside a " + FOLDER + "/ folder)"
                            : "")
                    + ".");
        }
    }

    /** Unused columns per file, for the warnings: file -> columns. */
    public static Map<String, List<String>> ignored(List<Read> reads) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        reads.stream()
                .filter(r -> !r.ignoredColumns().isEmpty())
                .forEach(r -> out.put(r.sourceFile(), r.ignoredColumns()));
        return out;
    }
}
