package org.crossenroll.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.crossenroll.base.UserError;

/**
 * {@code run --metrics-file}: the node_exporter textfile collector's convention. The collector may read the file at
 * any instant, so it is written as {@code FILE.tmp.<pid>} beside it and renamed over it: a scrape sees the last run's
 * whole file or this one's, never half of one. A local path (the collector's directory), not a Hadoop URI.
 */
final class MetricsFile {
    private MetricsFile() {}

    /** Refuses, before any work, a metrics file whose directory does not exist: the night's result would be lost. */
    static void check(Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError("--metrics-file " + file + ": its directory " + dir + " does not exist.");
        }
        if (Files.isDirectory(file)) {
            throw new UserError("--metrics-file " + file + " is a directory, not a file.");
        }
    }

    static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(
                file.getFileName() + ".tmp." + ProcessHandle.current().pid());
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
