package org.crossenroll.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.crossenroll.privacy.OwnIdentity;
import org.crossenroll.privacy.PersonalData;

/**
 * Parses one range of a CSV or JSON Lines file ({@link TextSplits.Split}: the whole file, or a range of a large one)
 * into rows of {@link RawRecords#SCHEMA}, streaming: memory does not grow with the file. Runs on the executors, one
 * task per range.
 */
public final class FileParser implements FlatMapFunction<TextSplits.Split, Row> {
    private static final int RAW_OFFSET = 3;
    private static final char REPLACEMENT = '\uFFFD';

    private final CollectionAccumulator<String> ignoredJsonKeys;
    private final CollectionAccumulator<String> rowsRead;
    private final Broadcast<SerializableHadoopConfiguration> hadoopConf;

    /**
     * @param ignoredJsonKeys collects "source_file\tkey" for JSON keys that name no field, reported once per range
     * @param rowsRead collects "source_file\trange\trows" once a range is read to its end: the count the row identity
     *     starts from, taken where the records are read (a retried task adds the same entry again)
     * @param hadoopConf the job's Hadoop configuration (with its spark.hadoop.* settings), to open the files with
     */
    public FileParser(
            CollectionAccumulator<String> ignoredJsonKeys,
            CollectionAccumulator<String> rowsRead,
            Broadcast<SerializableHadoopConfiguration> hadoopConf) {
        this.ignoredJsonKeys = ignoredJsonKeys;
        this.rowsRead = rowsRead;
        this.hadoopConf = hadoopConf;
    }

    @Override
    public Iterator<Row> call(TextSplits.Split split) throws IOException {
        InputFile file = split.file();
        Path path = new Path(file.uri());
        org.apache.hadoop.fs.FSDataInputStream in =
                path.getFileSystem(hadoopConf.value().value()).open(path);
        if (split.startByte() > 0) {
            in.seek(split.startByte());
        }
        Charset charset = Charset.forName(file.charset());
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset), 1 << 16);
        return file.format() == InputFormat.CSV ? new CsvRows(split, reader) : new JsonRows(split, reader);
    }

    private static final int OWN_IDENTITY_INDEX = RAW_OFFSET + RawRecords.FIELDS.size();
    private static final int STUDENT_ID_INDEX = RAW_OFFSET + RawRecords.FIELDS.indexOf(Field.STUDENT_ID);

    private static Object[] emptyRow(InputFile file, long line, String malformed) {
        Object[] values = new Object[OWN_IDENTITY_INDEX + 1];
        values[0] = file.sourceFile();
        values[1] = line;
        values[2] = malformed;
        return values;
    }

    /**
     * A MALFORMED row: no values but its record_id, when that could be read (the row split into fields, or the
     * record_id stands before any field a separator could have shifted), so the school can find the record. Not when
     * it is itself what is wrong (a control character, undecodable bytes), is shaped like an ID number, or is the row's
     * own student name or id (the callers leave that out).
     */
    private static Row malformedRow(InputFile file, long line, String malformed, String recordId) {
        Object[] values = emptyRow(file, line, malformed);
        if (readable(recordId)) {
            set(values, Field.RECORD_ID, recordId);
        }
        return RowFactory.create(values);
    }

    /** Whether a MALFORMED row may keep this record_id. */
    private static boolean readable(String recordId) {
        return recordId != null
                && !hasControlCharacter(recordId)
                && !undecodable(recordId)
                && !PersonalData.holdsId(recordId);
    }

    /**
     * Marks the first field, in contract order, whose value is the row's own name or id
     * ({@link RawRecords#OWN_IDENTITY_IN}); {@code student_id} itself aside.
     */
    private static Row withOwnIdentity(Object[] values, String studentName) {
        OwnIdentity own = OwnIdentity.of(studentName, (String) values[STUDENT_ID_INDEX]);
        if (!own.isBlank()) {
            for (int i = 0; i < RawRecords.FIELDS.size(); i++) {
                int index = RAW_OFFSET + i;
                if (index != STUDENT_ID_INDEX && own.isIn((String) values[index])) {
                    values[OWN_IDENTITY_INDEX] = RawRecords.FIELDS.get(i).column();
                    break;
                }
            }
        }
        return RowFactory.create(values);
    }

    /**
     * A MALFORMED CSV row's record_id unless it is the row's own name or id: compared with the cells under those
     * headers when the row split into as many fields as the header has, else with every other cell, since a missing or
     * extra separator may have shifted them.
     */
    private static String recordIdOfMalformed(InputFile file, List<String> fields, int recordId) {
        if (recordId < 0 || recordId >= fields.size()) {
            return null;
        }
        String value = fields.get(recordId);
        if (fields.size() == file.columns().size()) {
            int name = file.columns().indexOf(Field.STUDENT_NAME);
            int id = file.columns().indexOf(Field.STUDENT_ID);
            return OwnIdentity.of(name < 0 ? null : fields.get(name), id < 0 ? null : fields.get(id))
                            .isIn(value)
                    ? null
                    : value;
        }
        for (int i = 0; i < fields.size(); i++) {
            if (i != recordId && OwnIdentity.of(fields.get(i), fields.get(i)).isIn(value)) {
                return null;
            }
        }
        return value;
    }

    private static void set(Object[] values, Field field, String value) {
        int index = RawRecords.FIELDS.indexOf(field);
        if (index >= 0) {
            values[RAW_OFFSET + index] = value;
        }
    }

    /**
     * Control characters that make a row MALFORMED: C0 (U+0000 to U+001F) except tab, line feed and carriage return
     * (line breaks inside a quoted CSV field or escaped in a JSON string), DEL and C1 (U+007F to U+009F). A NUL inside
     * a student_id would otherwise make another pseudonym for the same student.
     */
    public static final String CONTROL_REGEX = "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]";

    /** The first control character of {@link #CONTROL_REGEX} in the value, or -1. */
    static int controlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
                return c;
            }
        }
        return -1;
    }

    static boolean hasControlCharacter(String value) {
        return value != null && controlCharacter(value) >= 0;
    }

    private static String controlMessage(String where, int c) {
        return where + " holds a control character (" + String.format("U+%04X", c) + ")";
    }

    private static boolean undecodable(String value) {
        return value != null && value.indexOf(REPLACEMENT) >= 0;
    }

    /**
     * Iterates a reader, closing it and reporting its row count at the end of its range; subclasses supply the next
     * row or null.
     */
    private abstract class RowIterator implements Iterator<Row> {
        private final BufferedReader reader;
        private final TextSplits.Split split;
        private Row next;
        private boolean done;
        private long rows;

        RowIterator(BufferedReader reader, TextSplits.Split split) {
            this.reader = reader;
            this.split = split;
        }

        abstract Row read() throws IOException;

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    next = read();
                    if (next == null) {
                        done = true;
                        reader.close();
                        rowsRead.add(split.file().sourceFile() + "\t" + split.index() + "\t" + rows);
                    } else {
                        rows++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = next;
            next = null;
            return row;
        }
    }

    private final class CsvRows extends RowIterator {
        private final InputFile file;
        private final CsvRecordReader csv;
        private final long endLine;

        CsvRows(TextSplits.Split split, BufferedReader reader) throws IOException {
            super(reader, split);
            this.file = split.file();
            this.endLine = split.endLine();
            this.csv = new CsvRecordReader(reader, split.firstLine());
            if (split.isFirst()) {
                // Skip up to and including the header the driver already read.
                CsvRecordReader.CsvRecord header;
                do {
                    header = csv.next();
                } while (header != null && header.line() < file.headerLine());
            }
        }

        @Override
        Row read() throws IOException {
            CsvRecordReader.CsvRecord record = csv.next();
            if (record == null || record.line() >= endLine) {
                return null; // the next range's first record
            }
            if (record.isMalformed()) {
                return RowFactory.create(emptyRow(file, record.line(), record.malformed()));
            }
            List<String> fields = record.fields();
            int recordId = file.columns().indexOf(Field.RECORD_ID);
            int studentName = file.columns().indexOf(Field.STUDENT_NAME);
            if (fields.size() != file.columns().size()) {
                // A missing or extra separator shifts every field after it: only a record_id in the first column stands
                // where it was written.
                return malformedRow(
                        file,
                        record.line(),
                        "the row has " + fields.size() + " fields, the header has "
                                + file.columns().size(),
                        recordId == 0 ? recordIdOfMalformed(file, fields, 0) : null);
            }
            Object[] values = emptyRow(file, record.line(), null);
            for (int i = 0; i < fields.size(); i++) {
                Field field = file.columns().get(i);
                String value = fields.get(i);
                int control = controlCharacter(value);
                if (control >= 0) {
                    return malformedRow(
                            file,
                            record.line(),
                            controlMessage(
                                    "field " + (i + 1) + (field == null ? "" : " (" + field.column() + ")"), control),
                            recordIdOfMalformed(file, fields, recordId));
                }
                if (field == null) {
                    continue;
                }
                if (undecodable(value)) {
                    return malformedRow(
                            file,
                            record.line(),
                            "bytes that are not valid " + file.charset() + " text",
                            recordIdOfMalformed(file, fields, recordId));
                }
                set(values, field, value);
            }
            return withOwnIdentity(values, studentName < 0 ? null : fields.get(studentName));
        }
    }

    private final class JsonRows extends RowIterator {
        private final InputFile file;
        private final BufferedReader reader;
        private final ObjectMapper mapper = new ObjectMapper();
        private final java.util.Set<String> reported = new java.util.HashSet<>();
        private final long endLine;
        private long line;

        JsonRows(TextSplits.Split split, BufferedReader reader) {
            super(reader, split);
            this.file = split.file();
            this.reader = reader;
            this.endLine = split.endLine();
            this.line = split.firstLine() - 1;
        }

        @Override
        Row read() throws IOException {
            String text;
            do {
                if (line + 1 >= endLine) {
                    return null; // the next range's first line
                }
                text = reader.readLine();
                line++;
                if (text == null) {
                    return null;
                }
            } while (text.isBlank());
            if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
            if (undecodable(text)) {
                return RowFactory.create(emptyRow(file, line, "bytes that are not valid UTF-8 text"));
            }
            JsonNode node;
            try {
                node = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                return RowFactory.create(emptyRow(file, line, "the line is not valid JSON"));
            }
            if (node == null || !node.isObject()) {
                return RowFactory.create(emptyRow(file, line, "the line is not a JSON object"));
            }
            Object[] values = emptyRow(file, line, null);
            String studentName = null;
            boolean[] seen = new boolean[Field.values().length];
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Field field = Field.fromHeader(entry.getKey()).orElse(null);
                if (field == null) {
                    if (reported.add(entry.getKey())) {
                        ignoredJsonKeys.add(file.sourceFile() + "\t" + entry.getKey());
                    }
                    continue;
                }
                if (seen[field.ordinal()]) {
                    return malformedRow(file, line, "two keys name the field " + field.column(), recordId(node));
                }
                seen[field.ordinal()] = true;
                JsonNode value = entry.getValue();
                if (value.isContainerNode()) {
                    return malformedRow(
                            file,
                            line,
                            field.column() + " holds an object or array, not a string, number or boolean",
                            recordId(node));
                }
                int control = value.isTextual() ? controlCharacter(value.asText()) : -1;
                if (control >= 0) {
                    return malformedRow(file, line, controlMessage(field.column(), control), recordId(node));
                }
                if (field == Field.STUDENT_NAME && !value.isNull()) {
                    studentName = value.asText();
                }
                set(values, field, value.isNull() ? null : value.asText());
            }
            return withOwnIdentity(values, studentName);
        }

        /**
         * The object's record_id when exactly one key names it and its value is a string or number, and it is not the
         * object's own student name or id (kept by a MALFORMED row); else null.
         */
        private String recordId(JsonNode object) {
            String found = recordIdValue(object);
            return found != null
                            && OwnIdentity.of(text(object, Field.STUDENT_NAME), text(object, Field.STUDENT_ID))
                                    .isIn(found)
                    ? null
                    : found;
        }

        /** The text of the first key that names the field, when its value is a string, number or boolean. */
        private String text(JsonNode object, Field field) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (Field.fromHeader(entry.getKey()).orElse(null) == field
                        && entry.getValue().isValueNode()
                        && !entry.getValue().isNull()) {
                    return entry.getValue().asText();
                }
            }
            return null;
        }

        private String recordIdValue(JsonNode object) {
            String found = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (Field.fromHeader(entry.getKey()).orElse(null) == Field.RECORD_ID) {
                    if (found != null
                            || !entry.getValue().isValueNode()
                            || entry.getValue().isNull()) {
                        return null;
                    }
                    found = entry.getValue().asText();
                }
            }
            return found;
        }
    }

    /** JSON Lines files are UTF-8 by contract. */
    public static final String JSON_CHARSET = StandardCharsets.UTF_8.name();
}
