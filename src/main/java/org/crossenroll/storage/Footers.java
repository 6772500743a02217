package org.crossenroll.storage;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.InputFile;

/**
 * Opens a Parquet file to read its footer, with the caller's Hadoop configuration. Parquet's one-argument
 * {@code ParquetFileReader.open(InputFile)} builds its read options on a {@code new Configuration()}, which parses
 * Hadoop's XML defaults again on every call: 8 % of the test JVM's CPU in a profile of the suite (JFR), and about a
 * tenth of a small night's driver CPU, went to that for the few dozen footers a run reads.
 */
public final class Footers {
    private Footers() {}

    public static ParquetFileReader open(InputFile file, Configuration conf) throws IOException {
        return ParquetFileReader.open(file, HadoopReadOptions.builder(conf).build());
    }
}
