package org.crossenroll.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.catalog.Tables;
import org.crossenroll.job.CrossEnrollJob;
import org.crossenroll.storage.Publisher;
import org.crossenroll.storage.ReportWriter;
import org.crossenroll.storage.RunLock;

/**
 * The job's publish alone, without Spark (so a child JVM starts in a second): under the lock, after recovery, it
 * stages every table the job publishes as a small Parquet file whose rows name {@code night}, and commits them,
 * stopping at one step. Arguments: output, run date, night, step (or "none"), and optionally a directory of those
 * tables already written by {@link #stageTables} for the same night: then they are copied into the staging directory,
 * byte for byte, instead of written (the kill tests start dozens of children that would each write the same files;
 * measured, that saves about a tenth of a child's CPU, the rest being the JVM, logging and Hadoop's configuration).
 */
public final class CrashingPublish {
    public static final StructType SCHEMA = new StructType()
            .add("night", DataTypes.StringType)
            .add("table_name", DataTypes.StringType)
            .add("n", DataTypes.LongType);

    private CrashingPublish() {}

    public static void main(String[] args) {
        String output = args[0];
        LocalDate date = LocalDate.parse(args[1]);
        String night = args[2];
        Configuration conf = new Configuration();
        org.crossenroll.storage.NioLocalFileSystem.use(conf); // as the job does
        Publisher publisher = Publisher.open(output, conf, new StoppingSteps(args[3], null, null), Tables.CATALOG);
        try (RunLock lock =
                RunLock.acquire(publisher.fileSystem(), publisher.lockFile(), date.toString(), System.err)) {
            CrossEnrollJob.recover(publisher, System.err);
            org.apache.hadoop.fs.Path staging = publisher.newStaging(date);
            List<String> tables = Tables.publishedTables();
            if (args.length > 4) {
                copyTables(Path.of(args[4]), Path.of(staging.toUri()), tables);
            } else {
                stageTables(staging, night, conf);
            }
            String manifest = "{\"run_date\":\"" + date + "\",\"night\":\"" + night + "\"}";
            publisher.commit(staging, date, tables, manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
        }
        System.out.println("DONE " + Path.of(output));
    }

    /** Writes every published table under {@code dir} as three rows naming {@code night}. */
    public static void stageTables(org.apache.hadoop.fs.Path dir, String night, Configuration conf) {
        for (String table : Tables.publishedTables()) {
            List<Row> rows = new ArrayList<>();
            for (long n = 0; n < 3; n++) {
                rows.add(RowFactory.create(night, table, n));
            }
            ReportWriter.write(new org.apache.hadoop.fs.Path(dir, table), SCHEMA, rows, Map.of(), conf);
        }
    }

    private static void copyTables(Path template, Path staging, List<String> tables) {
        try {
            for (String table : tables) {
                Path from = template.resolve(table);
                Path to = Files.createDirectories(staging.resolve(table));
                try (Stream<Path> files = Files.list(from)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(f.getFileName().toString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
