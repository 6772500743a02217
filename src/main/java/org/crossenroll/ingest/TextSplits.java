package org.crossenroll.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a large CSV or JSON Lines file into byte ranges that tasks parse side by side, each starting exactly where
 * a record starts and knowing that record's line number, so that the rows, their line numbers and every MALFORMED
 * verdict are those of one reader going through the whole file.
 *
 * <p>Where a CSV record starts depends on everything before it: RFC 4180 quotes may hold line breaks, and
 * {@link CsvRecordReader} resumes after a broken record at the line after the one it started on. So the cut points
 * come from one pass over the raw bytes that replays the reader's decisions (quote state, "text after a closing
 * quote", "quote inside an unquoted field", the {@value CsvRecordReader#MAX_LINES_PER_RECORD}-line limit, line
 * breaks as {@link java.io.BufferedReader#readLine} counts them: LF, CR, CR LF). Bytes suffice: in UTF-8 and
 * GB18030, the only charsets the intake reads, the bytes of {@code "}, {@code ,}, CR and LF never occur inside a
 * valid multi-byte character. Undecodable bytes are another matter: Java's UTF-8 decoder never merges such a byte
 * with the ASCII after it, but its GB18030 decoder takes a lead byte and a digit as the start of a four-byte
 * character and swallows the next one or two bytes whatever they are, a line break or a quote too; the pass
 * follows the decoder there ({@link #gb18030Unit}, checked against the JDK's decoder byte for byte). It reads at disk
 * speed without decoding; the parse it enables runs on every core. A JSON Lines record is one line: the same pass
 * without quotes.
 */
public final class TextSplits {
    private static final int BUFFER = 1 << 20;

    /**
     * One range of a file: records that start on lines {@code firstLine} (at byte {@code startByte}) up to, not
     * including, {@code endLine}; the last range of a file ends at the file's end ({@code endLine} =
     * {@link Long#MAX_VALUE}). A reader parses on past its range only to finish a record that started in it.
     */
    public record Split(InputFile file, int index, long startByte, long firstLine, long endLine)
            implements Serializable {
        public static Split whole(InputFile file) {
            return new Split(file, 0, 0, 1, Long.MAX_VALUE);
        }

        boolean isFirst() {
            return index == 0;
        }
    }

    private TextSplits() {}

    /**
     * The ranges of a file: a new one starts at the first record that starts {@code targetBytes} or more after the
     * start of the previous one.
     */
    public static List<Split> plan(InputFile file, InputStream in, long targetBytes) throws IOException {
        Scanner scanner = new Scanner(in, file.format() == InputFormat.CSV, "GB18030".equalsIgnoreCase(file.charset()));
        List<long[]> starts = new ArrayList<>(); // {byte, line}
        starts.add(new long[] {0, 1});
        long nextCut = targetBytes;
        while (true) {
            // never before the header: the first range skips everything up to it
            if (scanner.pos >= nextCut && scanner.line > file.headerLine() && !scanner.atEnd()) {
                starts.add(new long[] {scanner.pos, scanner.line});
                nextCut = scanner.pos + targetBytes;
            }
            if (!scanner.nextRecord()) {
                break;
            }
        }
        List<Split> splits = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            long end = i + 1 < starts.size() ? starts.get(i + 1)[1] : Long.MAX_VALUE;
            splits.add(new Split(file, i, starts.get(i)[0], starts.get(i)[1], end));
        }
        return splits;
    }

    /**
     * The byte size ranges aim for, as Spark sizes file splits ({@code FilePartition.maxSplitBytes}): the input
     * spread over the cores, at most {@code spark.sql.files.maxPartitionBytes}, at least
     * {@code spark.sql.files.openCostInBytes}.
     */
    public static long targetBytes(long totalBytes, int cores, long maxPartitionBytes, long openCostInBytes) {
        return Math.min(maxPartitionBytes, Math.max(openCostInBytes, totalBytes / Math.max(1, cores)));
    }

    /**
     * Replays {@link CsvRecordReader} over raw bytes. Reads ahead (a quoted field may span up to
     * {@value CsvRecordReader#MAX_LINES_PER_RECORD} lines and a broken record is re-read from its second line), so it
     * keeps a window of the file that grows only while one record is open.
     */
    private static final class Scanner {
        private final InputStream in;
        private final boolean quotes;
        private final boolean gb18030;
        private byte[] window = new byte[BUFFER];
        /** File offset of window[0], and how many bytes of the window hold data. */
        private long windowStart;

        private int filled;
        private boolean eof;
        /** The start of the next record (a line start) and its line number. */
        long pos;

        long line = 1;

        Scanner(InputStream in, boolean quotes, boolean gb18030) {
            this.in = in;
            this.quotes = quotes;
            this.gb18030 = gb18030;
        }

        /** How many bytes from {@code p} the decoder turns into characters at once: 1 but where GB18030 merges. */
        private int unit(long p) throws IOException {
            int b1 = at(p) & 0xFF;
            return gb18030 && b1 >= 0x81 && b1 <= 0xFE ? gb18030Unit(p) : 1;
        }

        /**
         * The bytes Java's GB18030 decoder consumes at a lead byte (0x81 to 0xFE): four when a digit follows and then
         * another lead byte (any fourth byte, valid or not), three when a digit follows but no lead byte, two for any
         * trail byte 0x40 to 0xFE, else one; fewer at the end of the file.
         */
        private int gb18030Unit(long p) throws IOException {
            if (!available(p + 1)) {
                return 1;
            }
            int b2 = at(p + 1) & 0xFF;
            if (b2 >= 0x30 && b2 <= 0x39) {
                if (!available(p + 2)) {
                    return 2;
                }
                int b3 = at(p + 2) & 0xFF;
                return b3 < 0x81 || b3 > 0xFE || !available(p + 3) ? 3 : 4;
            }
            return b2 >= 0x40 && b2 <= 0xFE ? 2 : 1;
        }

        boolean atEnd() throws IOException {
            return !available(pos);
        }

        /** Whether byte {@code at} of the file exists, reading more of the file into the window when needed. */
        private boolean available(long at) throws IOException {
            while (at >= windowStart + filled) {
                if (eof) {
                    return false;
                }
                fill();
            }
            return true;
        }

        private byte at(long offset) {
            return window[(int) (offset - windowStart)];
        }

        private void fill() throws IOException {
            int keep = (int) (windowStart + filled - pos); // bytes from the open record's start
            int drop = filled - keep;
            if (drop > 0 && keep < window.length / 2) {
                System.arraycopy(window, drop, window, 0, keep);
                windowStart += drop;
                filled = keep;
            } else if (filled == window.length) {
                window = java.util.Arrays.copyOf(window, window.length * 2);
            }
            int n = in.read(window, filled, window.length - filled);
            if (n < 0) {
                eof = true;
            } else {
                filled += n;
            }
        }

        /** The offset just after the line break that ends the line holding {@code from}, or the file's end. */
        private long endOfLine(long from) throws IOException {
            long p = from;
            while (available(p)) {
                byte b = at(p);
                if (b == '\n') {
                    return p + 1;
                }
                if (b == '\r') {
                    return available(p + 1) && at(p + 1) == '\n' ? p + 2 : p + 1;
                }
                p += unit(p);
            }
            return p;
        }

        /** Moves past the record that starts at {@link #pos}; false at the end of the file. */
        boolean nextRecord() throws IOException {
            if (!available(pos)) {
                return false;
            }
            long verdict = quotes ? csvRecordEnd() : -1;
            if (verdict >= 0) {
                pos = end[0];
                line += end[1];
            } else { // one line: a JSON Lines record, or a broken CSV record resumed at its second line
                pos = endOfLine(pos);
                line++;
            }
            return true;
        }

        private final long[] end = new long[2];

        /**
         * Parses the CSV record at {@link #pos} as {@link CsvRecordReader#parse} does: its end offset and line count
         * into {@link #end} and 0, or -1 when the reader judges it broken.
         */
        private long csvRecordEnd() throws IOException {
            boolean quoted = false;
            boolean fieldStart = true;
            boolean afterClosingQuote = false;
            int lines = 1;
            long p = pos;
            while (true) {
                boolean lineEnds = !available(p) || at(p) == '\n' || at(p) == '\r';
                if (lineEnds) {
                    long next =
                            available(p) ? (at(p) == '\r' && available(p + 1) && at(p + 1) == '\n' ? p + 2 : p + 1) : p;
                    if (!quoted) {
                        end[0] = next;
                        end[1] = lines;
                        return 0;
                    }
                    if (lines >= CsvRecordReader.MAX_LINES_PER_RECORD || !available(p)) {
                        return -1; // never closed
                    }
                    if (!available(next)) {
                        return -1; // the line break was the file's last byte: there is no next line
                    }
                    lines++;
                    p = next;
                    continue;
                }
                byte c = at(p);
                p += unit(p);
                if (quoted) {
                    if (c == '"') {
                        if (available(p) && at(p) == '"') {
                            p++;
                        } else {
                            quoted = false;
                            afterClosingQuote = true;
                        }
                    }
                } else if (c == ',') {
                    fieldStart = true;
                    afterClosingQuote = false;
                } else if (afterClosingQuote) {
                    return -1;
                } else if (c == '"') {
                    if (!fieldStart) {
                        return -1;
                    }
                    quoted = true;
                    fieldStart = false;
                } else {
                    fieldStart = false;
                }
            }
        }
    }
}
