package org.crossenroll.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A strict RFC 4180 reader that yields one record at a time with the physical line it starts on.
 *
 * <p>Hand-written rather than univocity or Spark's CSV source because the contract needs two things those do not
 * give: the exact starting line of every record (quoted fields may span lines) and a hard "this row cannot be split"
 * verdict for broken quoting, which lenient parsers silently repair. After a broken record the reader resumes at the
 * physical line after the one the record started on, so one stray quote costs one row, not the rest of the file.
 * Line breaks inside quoted fields are returned as {@code \n}.
 */
public final class CsvRecordReader {
    /** A quoted field may span at most this many physical lines before the record is judged broken. */
    static final int MAX_LINES_PER_RECORD = 1_000;

    /** One record: its fields, or why it could not be split. */
    public record CsvRecord(long line, List<String> fields, String malformed) {
        public boolean isMalformed() {
            return malformed != null;
        }
    }

    private final BufferedReader reader;
    private final Deque<String> pushedBack = new ArrayDeque<>();
    private long nextLine;

    public CsvRecordReader(BufferedReader reader) {
        this(reader, 1);
    }

    /** A reader whose first line is line {@code firstLine} of its file: a range of it ({@link TextSplits}). */
    public CsvRecordReader(BufferedReader reader, long firstLine) {
        this.reader = reader;
        this.nextLine = firstLine;
    }

    /** The next non-blank record, or null at end of input. Blank lines are skipped, not counted as rows. */
    public CsvRecord next() throws IOException {
        while (true) {
            long start = nextLine;
            String line = readLine();
            if (line == null) {
                return null;
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> consumed = new ArrayList<>();
            consumed.add(line);
            CsvRecord record = parse(start, line, consumed);
            if (record.isMalformed() && consumed.size() > 1) {
                // Give back every line after the first: they may be good rows that a stray quote swallowed.
                for (int i = consumed.size() - 1; i >= 1; i--) {
                    pushedBack.push(consumed.get(i));
                }
                nextLine = start + 1;
            }
            return record;
        }
    }

    private String readLine() throws IOException {
        String line = pushedBack.isEmpty() ? reader.readLine() : pushedBack.pop();
        if (line != null && nextLine == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            // a UTF-8 file's byte-order mark is not part of its first field: "\uFEFF\"record_id\"" is a quoted field
            line = line.substring(1);
        }
        if (line != null) {
            nextLine++;
        }
        return line;
    }

    private CsvRecord parse(long start, String firstLine, List<String> consumed) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String line = firstLine;
        int i = 0;
        boolean quoted = false;
        boolean fieldStart = true;
        boolean afterClosingQuote = false;
        while (true) {
            if (i >= line.length()) {
                if (!quoted) {
                    fields.add(field.toString());
                    return new CsvRecord(start, fields, null);
                }
                String more = consumed.size() < MAX_LINES_PER_RECORD ? readLine() : null;
                if (more == null) {
                    return new CsvRecord(start, null, "a quoted field opened on this line is never closed");
                }
                consumed.add(more);
                field.append('\n');
                line = more;
                i = 0;
                continue;
            }
            char c = line.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterClosingQuote = true;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                afterClosingQuote = false;
            } else if (afterClosingQuote) {
                return new CsvRecord(start, null, "text follows a closing quote in field " + (fields.size() + 1));
            } else if (c == '"') {
                if (!fieldStart) {
                    return new CsvRecord(start, null, "a quote inside unquoted field " + (fields.size() + 1));
                }
                quoted = true;
                fieldStart = false;
            } else {
                field.append(c);
                fieldStart = false;
            }
        }
    }
}
