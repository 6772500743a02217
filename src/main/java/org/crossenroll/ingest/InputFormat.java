package org.crossenroll.ingest;

import java.util.Locale;
import java.util.Optional;

/** The file formats the contract accepts, chosen by file extension. */
public enum InputFormat {
    CSV,
    JSON_LINES,
    PARQUET;

    public static Optional<InputFormat> of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return Optional.of(JSON_LINES);
        }
        if (name.endsWith(".parquet")) {
            return Optional.of(PARQUET);
        }
        return Optional.empty();
    }
}
