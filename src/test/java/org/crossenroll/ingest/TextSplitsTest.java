package org.crossenroll.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file parsed in ranges gives exactly the rows, line numbers and MALFORMED verdicts of the same file parsed by one
 * reader from its start (the oracle: the parser as it was before ranges, {@link TextSplits.Split#whole}). The files
 * are made of what moves record boundaries: quoted line breaks (LF, CR, CR LF), doubled quotes, stray and unclosed
 * quotes, text after a closing quote, blank lines, rows with too many or too few fields, multi-byte characters and
 * undecodable bytes in UTF-8 and GB18030; cut every few bytes.
 */
class TextSplitsTest {
    private static final String HEADER = "record_id,student_id,gender,origin_county_code,host_school_code,"
            + "host_county_code,intake_date,registered_poor,status,updated_at";
    private static final String[] TOKENS = {
        "a",
        "R1",
        "",
        " ",
        "中文",
        "學籍",
        "\"q\"",
        "\"a,b\"",
        "\"x\"\"y\"",
        "\"two\nlines\"",
        "\"cr\rline\"",
        "\"crlf\r\nline\"",
        "\"open",
        "ab\"c",
        "\"a\"b",
        "\"\"",
        "\"\"\"\"",
        "530102",
        "\uFEFF",
        "\"many\n\n\nlines\""
    };
    private static final byte[][] BAD_BYTES = {
        {(byte) 0x81},
        {(byte) 0xFF},
        {(byte) 0xE4, (byte) 0xB8},
        {(byte) 0x81, (byte) 0x30},
        {(byte) 0x81, (byte) 0x30, (byte) 0x81},
        {(byte) 0xC3}
    };
    private static final String[] BREAKS = {"\n", "\r\n", "\r"};

    @TempDir
    Path dir;

    @Test
    void rangesReadExactlyWhatOneReaderReadsInUtf8AndGb18030() throws IOException {
        Random random = new Random(20261129);
        for (int round = 0; round < 8; round++) {
            Charset charset = round % 2 == 0 ? StandardCharsets.UTF_8 : Charset.forName("GB18030");
            Path file = dir.resolve("round" + round).resolve("f.csv");
            Files.createDirectories(file.getParent());
            Files.write(file, randomCsv(random, charset, 150 + random.nextInt(150)));
            assertSameRows(file, round % 2 == 0 ? Encoding.UTF_8 : Encoding.GB18030, random);
        }
    }

    @Test
    void aQuoteLeftOpenAcrossACutIsOneMalformedRowAndTheLinesAfterItAreRows() throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        csv.append("R1,S1,M,530102,1234567890,310101,2019-09-01,1,在读,\"never closed\n");
        for (int i = 0; i < 40; i++) {
            csv.append("R").append(i + 2).append(",S,M,530102,1234567890,310101,2019-09-01,1,在读,2019-09-01 00:00:00\n");
        }
        // and a quoted field over more lines than the reader allows: broken, and its lines read again as rows
        csv.append("RX,S,M,530102,1234567890,310101,2019-09-01,1,在读,\"");
        csv.append("x\n".repeat(CsvRecordReader.MAX_LINES_PER_RECORD + 5)).append("\"\nlast,row\n");
        Path file = dir.resolve("open").resolve("f.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv);
        assertSameRows(file, Encoding.UTF_8, new Random(7));
    }

    @Test
    void undecodableGb18030BytesThatSwallowALineBreakOrAQuoteAreFollowed() throws IOException {
        // Java's GB18030 decoder takes a lead byte and a digit as a four-byte character and swallows what follows,
        // line breaks and quotes too: every such combination, each on a line of its own among good rows
        int[] lead = {0x80, 0x81, 0xFE, 0xFF};
        int[] second = {0x0A, 0x0D, 0x22, 0x2C, 0x30, 0x39, 0x40, 0x7F, 0x80, 0xFE, 0xFF};
        int[] rest = {0x0A, 0x0D, 0x22, 0x2C, 0x31, 0x41, 0x81, 0xFE};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int b1 : lead) {
            for (int b2 : second) {
                for (int b3 : rest) {
                    for (int b4 : rest) {
                        out.write(("R" + b1 + b2 + b3 + b4 + ",a,").getBytes(StandardCharsets.US_ASCII));
                        out.write(new byte[] {(byte) b1, (byte) b2, (byte) b3, (byte) b4});
                        out.write(",b,c,d,e,f,g,h\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }
        }
        Path file = dir.resolve("gb").resolve("f.csv");
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
        assertSameRows(file, Encoding.GB18030, new Random(11));
    }

    @Test
    void jsonLinesRangesKeepTheirLineNumbers() throws IOException {
        StringBuilder json = new StringBuilder();
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            json.append(
                            random.nextInt(5) == 0
                                    ? " "
                                    : "{\"record_id\":\"R" + i + "\",\"student_id\":\"S\",\"x\":\"中\"}")
                    .append(BREAKS[random.nextInt(BREAKS.length)]);
        }
        Path file = dir.resolve("json").resolve("f.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        assertSameRows(file, Encoding.AUTO, random);
    }

    @Test
    void rangesAreSizedAsSparkSizesFileSplits() {
        // FilePartition.maxSplitBytes: min(maxPartitionBytes, max(openCostInBytes, total / cores))
        assertThat(TextSplits.targetBytes(2_000_000_000L, 2, 128L << 20, 4L << 20))
                .isEqualTo(128L << 20);
        assertThat(TextSplits.targetBytes(200_000_000L, 2, 128L << 20, 4L << 20))
                .isEqualTo(100_000_000L);
        assertThat(TextSplits.targetBytes(1_000_000L, 2, 128L << 20, 4L << 20)).isEqualTo(4L << 20);
    }

    private void assertSameRows(Path file, Encoding encoding, Random random) throws IOException {
        SparkSession spark = TestSpark.session();
        InputFile input = new Ingest(spark, encoding)
                .discover(file.getParent().toString())
                .files()
                .get(0);
        List<Row> whole = parse(spark, List.of(TextSplits.Split.whole(input)));
        assertThat(whole).isNotEmpty();
        long size = Files.size(file);
        for (long target : new long[] {1, 2 + random.nextInt(20), 30 + random.nextInt(200), size / 3, size}) {
            List<TextSplits.Split> splits;
            try (InputStream in = Files.newInputStream(file)) {
                splits = TextSplits.plan(input, in, target);
            }
            if (target < size / 4) {
                assertThat(splits.size()).as("ranges of %s bytes", target).isGreaterThan(3);
            }
            List<Row> inRanges = parse(spark, splits);
            int differ = 0;
            while (differ < Math.min(whole.size(), inRanges.size())
                    && whole.get(differ).equals(inRanges.get(differ))) {
                differ++;
            }
            assertThat(inRanges)
                    .as(
                            "%s in %s ranges of %s bytes: the first difference at row %s: %s",
                            file,
                            splits.size(),
                            target,
                            differ,
                            differ < inRanges.size() ? inRanges.get(differ) : "none")
                    .isEqualTo(whole);
        }
    }

    /** The rows of the ranges in order, and the counts they report adding up to the rows. */
    private static List<Row> parse(SparkSession spark, List<TextSplits.Split> splits) throws IOException {
        CollectionAccumulator<String> keys = new CollectionAccumulator<>();
        CollectionAccumulator<String> counts = new CollectionAccumulator<>();
        Broadcast<SerializableHadoopConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(
                        new SerializableHadoopConfiguration(spark.sparkContext().hadoopConfiguration()));
        FileParser parser = new FileParser(keys, counts, conf);
        List<Row> rows = new ArrayList<>();
        for (TextSplits.Split split : splits) {
            for (Iterator<Row> it = parser.call(split); it.hasNext(); ) {
                rows.add(it.next());
            }
        }
        long reported = counts.value().stream()
                .mapToLong(e -> Long.parseLong(e.substring(e.lastIndexOf('\t') + 1)))
                .sum();
        assertThat(reported).isEqualTo(rows.size());
        assertThat(counts.value()).hasSize(splits.size());
        return rows;
    }

    private static byte[] randomCsv(Random random, Charset charset, int rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((HEADER + "\n").getBytes(charset));
        for (int r = 0; r < rows; r++) {
            if (random.nextInt(12) == 0) {
                out.write(random.nextBoolean() ? "\n".getBytes(charset) : "  \t\n".getBytes(charset));
                continue;
            }
            int fields = 10 + (random.nextInt(10) == 0 ? random.nextInt(3) - 1 : 0);
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    out.write(',');
                }
                if (random.nextInt(40) == 0) {
                    out.write(BAD_BYTES[random.nextInt(BAD_BYTES.length)]);
                }
                String token = random.nextInt(3) == 0 ? TOKENS[random.nextInt(TOKENS.length)] : "v" + r + "_" + f;
                out.write(token.getBytes(charset));
            }
            out.write(BREAKS[random.nextInt(BREAKS.length)].getBytes(charset));
        }
        if (random.nextBoolean()) { // a last line without a line break
            out.write("R9,tail".getBytes(charset));
        }
        return out.toByteArray();
    }
}
