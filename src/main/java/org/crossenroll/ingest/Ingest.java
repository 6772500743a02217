package org.crossenroll.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkThrowable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.util.CollectionAccumulator;
import org.crossenroll.base.UserError;
import org.crossenroll.privacy.OwnIdentity;
import org.crossenroll.privacy.PersonalData;

/**
 * The intake's edge: finds the input files, checks each one's header on the driver (so a bad file stops the run
 * before anything is written), and reads them all into one dataset of {@link RawRecords#SCHEMA}.
 */
public final class Ingest {
    private final SparkSession spark;
    private final Encoding encoding;

    public Ingest(SparkSession spark, Encoding encoding) {
        this.spark = spark;
        this.encoding = encoding;
    }

    /**
     * What discovery found: the files to read, the ones skipped for their extension, and the paths that are links to
     * a file already listed (path -> the path it is read under), which are not read again.
     */
    public record Discovery(
            List<InputFile> files, List<String> skipped, Map<String, String> sameFiles, List<InputFile> cooperation) {
        public Discovery(List<InputFile> files, List<String> skipped, Map<String, String> sameFiles) {
            this(files, skipped, sameFiles, List.of());
        }
    }

    /** The path with each control character (a line break, a tab...) written as {@code \\uXXXX}. */
    static String escaped(String path) {
        StringBuilder b = new StringBuilder(path.length());
        for (char c : path.toCharArray()) {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Lists the input directory recursively and probes every file. Hidden and underscore files are skipped as Spark
     * does. On the local file system links are followed, a link loop is refused and each real file is read once,
     * under the first of its paths in sorted order (docs/input-contract.md, "Files").
     */
    public Discovery discover(String inputDir) {
        Path root = new Path(inputDir);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<InputFile> files = new ArrayList<>();
        List<InputFile> cooperation = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, String> sameFiles = new LinkedHashMap<>();
        try {
            FileSystem fs = root.getFileSystem(conf);
            FileStatus status;
            try {
                status = fs.getFileStatus(root);
            } catch (FileNotFoundException e) {
                throw new UserError("Input directory " + inputDir + " does not exist (--input).");
            }
            if (!status.isDirectory()) {
                throw new UserError("--input " + inputDir + " is not a directory.");
            }
            Path qualifiedRoot = status.getPath();
            List<Listed> found = "file".equals(qualifiedRoot.toUri().getScheme())
                    ? listLocal(java.nio.file.Paths.get(qualifiedRoot.toUri()), inputDir, sameFiles)
                    : listHadoop(fs, qualifiedRoot);
            for (Listed f : found) {
                InputFormat format = InputFormat.of(f.relative()).orElse(null);
                if (format == null) {
                    skipped.add(f.relative());
                    continue;
                }
                if (CooperationFiles.isCooperation(f.relative())) {
                    // the other ledger: its header is checked when CooperationFiles reads it, on the driver
                    FileStatus coop = fs.getFileStatus(f.path());
                    cooperation.add(new InputFile(
                            coop.getPath().toString(),
                            f.relative(),
                            format,
                            coop.getLen(),
                            null,
                            0,
                            List.of(),
                            List.of()));
                    continue;
                }
                files.add(probe(fs, fs.getFileStatus(f.path()), f.relative(), format));
            }
        } catch (IOException e) {
            throw new UserError("Cannot list input directory " + inputDir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new UserError("Input directory " + inputDir + " holds no .csv, .jsonl, .json or .parquet files"
                    + (cooperation.isEmpty() ? "" : " of enrollment records (only cooperation records)") + ".");
        }
        return new Discovery(files, skipped, sameFiles, List.copyOf(cooperation));
    }

    /** A file found under the input directory: its Hadoop path and its path relative to the input directory. */
    private record Listed(Path path, String relative) {}

    private static List<Listed> listHadoop(FileSystem fs, Path root) throws IOException {
        List<Listed> found = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        String prefix = root.toUri().getPath();
        while (it.hasNext()) {
            Path p = it.next().getPath();
            String relative = p.toUri().getPath().substring(prefix.length()).replaceFirst("^/+", "");
            if (!isHidden(relative)) {
                found.add(new Listed(p, relative));
            }
        }
        found.sort(Comparator.comparing(Listed::relative));
        return found;
    }

    /**
     * Walks a local input directory following links. Hadoop's local listing follows a link to an enclosing directory
     * until the path grows too long (reading one file dozens of times) and silently skips entries it cannot stat (a
     * dangling link); a nightly job must refuse both. Two paths to one real file list it once.
     */
    private static List<Listed> listLocal(java.nio.file.Path root, String inputDir, Map<String, String> sameFiles)
            throws IOException {
        List<java.nio.file.Path> paths = new ArrayList<>();
        java.nio.file.Files.walkFileTree(
                root,
                EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS),
                Integer.MAX_VALUE,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult preVisitDirectory(
                            java.nio.file.Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                        return !dir.equals(root)
                                        && isHidden(root.relativize(dir).toString())
                                ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                                : java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFile(
                            java.nio.file.Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                        String relative = root.relativize(file).toString();
                        if (isHidden(relative)) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                        if (InputFormat.of(relative).isPresent()
                                && (!attrs.isRegularFile() || !java.nio.file.Files.isReadable(file))) {
                            throw new UserError(
                                    "Input file " + relative + " cannot be read (a dangling link or no permission).");
                        }
                        paths.add(file);
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) {
                        String relative = root.relativize(file).toString();
                        if (e instanceof java.nio.file.FileSystemLoopException) {
                            throw new UserError("Input directory " + inputDir + " holds a link loop: " + relative
                                    + " leads back to a directory that contains it; remove the link.");
                        }
                        if (isHidden(relative)) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                        throw new UserError("Input path " + relative + " cannot be read: " + e.getMessage());
                    }
                });
        List<Listed> found = new ArrayList<>();
        Map<java.nio.file.Path, String> byRealPath = new java.util.HashMap<>();
        paths.sort(Comparator.comparing(p -> root.relativize(p).toString()));
        for (java.nio.file.Path p : paths) {
            String relative = root.relativize(p).toString();
            if (InputFormat.of(relative).isEmpty()) {
                found.add(new Listed(new Path(p.toUri()), escaped(relative))); // named in a one-line warning
                continue;
            }
            if (!escaped(relative).equals(relative)) {
                // its name would break every one-line message and land in source_file as it is
                throw new UserError("Input file " + escaped(relative)
                        + " has a line break or another control character in " + "its path; rename it.");
            }
            if (relative.indexOf(':') >= 0) {
                throw new UserError("Input file " + relative + " has a ':' in its path, which Hadoop and Spark cannot "
                        + "read; rename it.");
            }
            String first = byRealPath.putIfAbsent(p.toRealPath(), relative);
            if (first != null) {
                sameFiles.put(relative, first);
                continue;
            }
            found.add(new Listed(new Path(p.toUri()), relative));
        }
        return found;
    }

    private static boolean isHidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private InputFile probe(FileSystem fs, FileStatus status, String relative, InputFormat format) {
        String uri = status.getPath().toString();
        switch (format) {
            case CSV:
                return probeCsv(fs, status, relative);
            case JSON_LINES:
                checkReadable(fs, status.getPath(), relative);
                return new InputFile(
                        uri, relative, format, status.getLen(), FileParser.JSON_CHARSET, 0, List.of(), List.of());
            default:
                List<String> ignored = new ArrayList<>();
                List<Field> present = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (StructField f : parquetSchema(uri, relative).fields()) {
                    names.add(f.name());
                    Field.fromHeader(f.name()).ifPresentOrElse(present::add, () -> ignored.add(ignoredName(f.name())));
                }
                checkHeader(relative, present, names);
                return new InputFile(uri, relative, format, status.getLen(), null, 0, List.of(), List.copyOf(ignored));
        }
    }

    private org.apache.spark.sql.types.StructType parquetSchema(String uri, String relative) {
        try {
            return spark.read().parquet(uri).schema();
        } catch (Exception e) { // Spark's SparkException is checked in Java's eyes
            throw new UserError("Input file " + relative + " is not a readable Parquet file.", e);
        }
    }

    private static void checkReadable(FileSystem fs, Path path, String relative) {
        try (InputStream in = fs.open(path)) {
            in.read();
        } catch (IOException e) {
            throw new UserError("Input file " + relative + " cannot be read: " + e.getMessage(), e);
        }
    }

    private InputFile probeCsv(FileSystem fs, FileStatus status, String relative) {
        byte[] sample = new byte[Encoding.SAMPLE_BYTES];
        int length = 0;
        try (InputStream in = fs.open(status.getPath())) {
            int n;
            while (length < sample.length && (n = in.read(sample, length, sample.length - length)) > 0) {
                length += n;
            }
        } catch (IOException e) {
            throw new UserError("Input file " + relative + " cannot be read: " + e.getMessage(), e);
        }
        boolean bom =
                length >= 3 && (sample[0] & 0xFF) == 0xEF && (sample[1] & 0xFF) == 0xBB && (sample[2] & 0xFF) == 0xBF;
        Charset charset = bom ? StandardCharsets.UTF_8 : encoding.charsetFor(sample, length);
        CsvRecordReader.CsvRecord header;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(new ByteArrayInputStream(sample, 0, length), charset))) {
            header = new CsvRecordReader(reader).next();
        } catch (IOException e) {
            throw new UserError("Input file " + relative + " cannot be read: " + e.getMessage(), e);
        }
        if (header == null || header.isMalformed()) {
            throw new UserError("Input file " + relative + " has no recognisable header row (" + charset.name() + ").");
        }
        List<Field> columns = new ArrayList<>();
        List<Field> present = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String name : header.fields()) {
            Field field = Field.fromHeader(name).orElse(null);
            if (field != null && present.contains(field)) {
                throw new UserError("Input file " + relative + " line " + header.line()
                        + ": two header columns name the field " + field.column() + ".");
            }
            columns.add(field);
            if (field == null) {
                ignored.add(ignoredName(name.strip()));
            } else {
                present.add(field);
            }
        }
        if (present.isEmpty()) {
            throw new UserError("Input file " + relative + " has no recognisable header row: line " + header.line()
                    + " names none of the contract's fields (read as " + charset.name() + ").");
        }
        checkHeader(relative, present, header.fields());
        return new InputFile(
                status.getPath().toString(),
                relative,
                InputFormat.CSV,
                status.getLen(),
                charset.name(),
                header.line(),
                java.util.Collections.unmodifiableList(columns),
                List.copyOf(ignored));
    }

    /**
     * An ignored column's name as the manifest and the warnings give it: a header cell may hold a value typed into the
     * header row (an ID number, a control character), which is not repeated.
     */
    static String ignoredName(String name) {
        return PersonalData.holdsId(name) || FileParser.hasControlCharacter(name)
                ? "(a column whose name holds an ID-shaped number or a control character)"
                : name;
    }

    /**
     * A header that lacks a required column would quarantine every row: refuse the file instead, naming the columns
     * in the header's own language too ({@code updated_at (更新时间)}), as its author knows them.
     */
    private static void checkHeader(String relative, List<Field> present, List<String> headerCells) {
        Field.HeaderLanguage language = Field.HeaderLanguage.of(headerCells);
        Set<Field> missing = EnumSet.noneOf(Field.class);
        for (Field f : Field.values()) {
            if (f.required() && !present.contains(f)) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            boolean cooperation = headerCells.stream()
                    .anyMatch(c -> CooperationField.fromHeader(c).orElse(null) == CooperationField.INDICATOR);
            throw new UserError("Input file " + relative + " has no recognisable header: required columns missing: "
                    + missing.stream().map(f -> f.name(language)).collect(Collectors.joining(", "))
                    + (cooperation
                            ? " (it names indicator: cooperation records belong in a " + CooperationFiles.FOLDER
                                    + "/ folder)"
                            : "")
                    + ".");
        }
    }

    /**
     * What {@link #read} returns: the rows (lazy), and tallies that fill as Spark reads them: JSON keys that name no
     * field, and each file's row count taken where its records are read.
     */
    public record Reading(
            Dataset<Row> rows,
            CollectionAccumulator<String> ignoredJsonKeys,
            CollectionAccumulator<String> textRowsRead,
            Map<String, Long> parquetRowsRead) {
        /**
         * Rows read per source file, once an action has read every row: CSV records and JSON lines as the parser
         * counted them in each range, Parquet rows from the file footers. A range not read to its end is missing.
         */
        public Map<String, Long> rowsRead() {
            Map<String, Long> counts = new java.util.TreeMap<>(parquetRowsRead);
            // "file\trange\trows", once per range read to its end (a retried task sends its entry again: counted once)
            for (String entry : new java.util.HashSet<>(textRowsRead.value())) {
                int rowsTab = entry.lastIndexOf('\t');
                int rangeTab = entry.lastIndexOf('\t', rowsTab - 1);
                counts.merge(entry.substring(0, rangeTab), Long.parseLong(entry.substring(rowsTab + 1)), Long::sum);
            }
            return counts;
        }
    }

    /**
     * Reads every file into one dataset of {@link RawRecords#SCHEMA}. CSV and JSON Lines are parsed by
     * {@link FileParser}, one task per file or range of a large file; Parquet by Spark's reader, its columns renamed
     * to the contract's.
     */
    public Reading read(List<InputFile> files) {
        return read(files, null, RawRecords.SCHEMA);
    }

    /**
     * Reads every file as {@link #read(List)} does, and turns each row of {@link RawRecords#SCHEMA} into a row of
     * {@code schema} in the same task, as it is read (the job's intake classifies rows there, in plain Java): the rows
     * are never a dataset of the raw schema, so Spark evaluates no expression over them.
     *
     * @param perRow a row of {@link RawRecords#SCHEMA} to a row of {@code schema}; null = as read
     */
    public Reading read(
            List<InputFile> files,
            org.apache.spark.api.java.function.Function<Row, Row> perRow,
            org.apache.spark.sql.types.StructType schema) {
        CollectionAccumulator<String> ignoredJsonKeys = spark.sparkContext().collectionAccumulator("ignoredJsonKeys");
        CollectionAccumulator<String> textRowsRead = spark.sparkContext().collectionAccumulator("rowsRead");
        Map<String, Long> parquetRowsRead = new LinkedHashMap<>();
        List<InputFile> text =
                files.stream().filter(f -> f.format() != InputFormat.PARQUET).toList();
        Dataset<Row> result = null;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // perRow (the job's classifier: its region table, vocabularies and key, about 340 KB serialized) reaches the
        // executors as a broadcast, deserialized once per executor; captured in the closure, it was deserialized by
        // every task, about 30 ms each.
        org.apache.spark.api.java.function.Function<Row, Row> classify = null;
        if (perRow != null) {
            Broadcast<org.apache.spark.api.java.function.Function<Row, Row>> shared = jsc.broadcast(perRow);
            classify = row -> shared.value().call(row);
        }
        if (!text.isEmpty()) {
            // The executors open the files with the job's Hadoop configuration, as discovery did on the driver.
            Broadcast<SerializableHadoopConfiguration> hadoopConf = jsc.broadcast(
                    new SerializableHadoopConfiguration(spark.sparkContext().hadoopConfiguration()));
            List<TextSplits.Split> splits = splits(jsc, text, hadoopConf);
            JavaRDD<Row> rows = jsc.parallelize(splits, splits.size())
                    .flatMap(new FileParser(ignoredJsonKeys, textRowsRead, hadoopConf));
            result = spark.createDataFrame(classify == null ? rows : rows.map(classify), schema);
        }
        for (InputFile f : files) {
            if (f.format() == InputFormat.PARQUET) {
                Dataset<Row> parquet = readParquet(f);
                if (classify != null) {
                    parquet = spark.createDataFrame(parquet.javaRDD().map(classify), schema);
                }
                parquetRowsRead.put(f.sourceFile(), footerRows(f));
                result = result == null ? parquet : result.unionByName(parquet);
            }
        }
        return new Reading(result, ignoredJsonKeys, textRowsRead, parquetRowsRead);
    }

    /**
     * The ranges the text files are parsed in: a file larger than a range as Spark sizes them is cut where records
     * start ({@link TextSplits}), found by one pass over each such file, the files side by side.
     */
    private List<TextSplits.Split> splits(
            JavaSparkContext jsc, List<InputFile> text, Broadcast<SerializableHadoopConfiguration> hadoopConf) {
        long total = text.stream().mapToLong(InputFile::sizeBytes).sum();
        long target = TextSplits.targetBytes(
                total,
                spark.sparkContext().defaultParallelism(),
                spark.sessionState().conf().filesMaxPartitionBytes(),
                spark.sessionState().conf().filesOpenCostInBytes());
        List<InputFile> large =
                text.stream().filter(f -> f.sizeBytes() > target).toList();
        java.util.Map<String, List<TextSplits.Split>> planned = new java.util.HashMap<>();
        if (!large.isEmpty()) {
            spark.sparkContext().setJobDescription("planning the ranges of " + large.size() + " large input files");
            for (List<TextSplits.Split> s : jsc.parallelize(large, large.size())
                    .map(f -> {
                        Path path = new Path(f.uri());
                        try (InputStream in =
                                path.getFileSystem(hadoopConf.value().value()).open(path)) {
                            return TextSplits.plan(f, in, target);
                        }
                    })
                    .collect()) {
                planned.put(s.get(0).file().uri(), s);
            }
            spark.sparkContext().setJobDescription(null);
        }
        List<TextSplits.Split> splits = new ArrayList<>();
        for (InputFile f : text) {
            splits.addAll(planned.getOrDefault(f.uri(), List.of(TextSplits.Split.whole(f))));
        }
        return splits;
    }

    /** The rows a Parquet file holds, from its footer: what the file says it has, independent of any read. */
    private long footerRows(InputFile file) {
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.crossenroll.storage.Footers.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new Path(file.uri()), conf), conf)) {
            return reader.getRecordCount();
        } catch (IOException e) {
            throw new UserError("Input file " + file.sourceFile() + " is not a readable Parquet file.", e);
        }
    }

    /**
     * A Parquet file's rows in {@link RawRecords#SCHEMA}. A string value holding a control character makes its row
     * MALFORMED, as in CSV and JSON Lines; such a row keeps none of its values but a readable record_id.
     */
    private Dataset<Row> readParquet(InputFile file) {
        Dataset<Row> df = spark.read().parquet(file.uri());
        Map<Field, String> byField = new LinkedHashMap<>();
        for (String name : df.columns()) {
            Field.fromHeader(name).ifPresent(f -> byField.put(f, name));
        }
        List<Column> values = new ArrayList<>();
        List<Column> controls = new ArrayList<>();
        for (Field f : RawRecords.FIELDS) {
            Column value = column(byField, f);
            values.add(value);
            controls.add(when(
                    value.rlike(FileParser.CONTROL_REGEX),
                    lit(f.column() + " holds a control character (other than tab and line breaks)")));
        }
        Column malformed = coalesce(controls.toArray(new Column[0]));
        // the first field (contract order) holding the row's own name or id, as FileParser marks it
        Column name = column(byField, Field.STUDENT_NAME);
        Column id = values.get(RawRecords.FIELDS.indexOf(Field.STUDENT_ID));
        List<Column> others = new ArrayList<>();
        List<String> otherNames = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (RawRecords.FIELDS.get(i) != Field.STUDENT_ID) {
                others.add(values.get(i));
                otherNames.add(RawRecords.FIELDS.get(i).column());
            }
        }
        List<Column> select = new ArrayList<>();
        select.add(lit(file.sourceFile()).as(RawRecords.SOURCE_FILE));
        select.add(col("_metadata.row_index").plus(1).cast(DataTypes.LongType).as(RawRecords.LINE_NUMBER));
        select.add(malformed.as(RawRecords.MALFORMED));
        for (int i = 0; i < values.size(); i++) {
            Column kept = malformed.isNull();
            if (RawRecords.FIELDS.get(i) == Field.RECORD_ID) { // as FileParser#readable has it
                kept = kept.or(controls.get(i)
                        .isNull()
                        .and(PersonalData.holdsId(values.get(i)).unary_$bang())
                        .and(coalesce(OwnIdentity.isIn(values.get(i), name, id), lit(false))
                                .unary_$bang()));
            }
            select.add(when(kept, values.get(i)).as(RawRecords.FIELDS.get(i).column()));
        }
        select.add(when(malformed.isNull(), OwnIdentity.firstFieldHolding(others, otherNames, name, id))
                .as(RawRecords.OWN_IDENTITY_IN));
        return df.select(select.toArray(new Column[0]));
    }

    /** A Parquet column of the field as text, or a null when the file has none. */
    private static Column column(Map<Field, String> byField, Field f) {
        String name = byField.get(f);
        return (name == null ? lit(null) : col("`" + name + "`")).cast(DataTypes.StringType);
    }

    /**
     * A failure of Spark to read one of the input files (a Parquet file whose data pages are damaged, found only when
     * its rows are read) as the user error naming that file; empty for any other failure.
     */
    public static Optional<UserError> unreadableFile(Throwable failure, List<InputFile> files) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SparkThrowable st
                    && st.getCondition() != null
                    && st.getCondition().startsWith("FAILED_READ_FILE")) {
                String path = st.getMessageParameters().get("path");
                for (InputFile f : files) {
                    if (path != null && samePath(path, f.uri())) {
                        // The causes below Spark's are long and vary (a codec's message, a closed stream); --verbose
                        // shows them.
                        return Optional.of(new UserError("Input file " + f.sourceFile() + " is not a readable "
                                + (f.format() == InputFormat.PARQUET ? "Parquet" : "input")
                                + " file: its data is damaged ("
                                + st.getCondition() + "; --verbose shows Spark's report)."));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean samePath(String a, String b) {
        return uriPath(a).equals(uriPath(b));
    }

    private static String uriPath(String location) {
        try {
            return new java.net.URI(location).getPath();
        } catch (java.net.URISyntaxException e) {
            return new Path(location).toUri().getPath();
        }
    }
}
