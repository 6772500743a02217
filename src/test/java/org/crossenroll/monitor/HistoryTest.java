package org.crossenroll.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.crossenroll.storage.PublishSteps;
import org.crossenroll.storage.Publisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which earlier nights count as history, on a hand-made output directory, without Spark. */
class HistoryTest {
    @TempDir
    Path tmp;

    private void night(String date, boolean manifest, boolean success, boolean metrics) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("_runs").resolve(date));
        if (manifest) {
            Files.writeString(run.resolve("manifest.json"), "{}");
        }
        if (success) {
            Files.writeString(run.resolve("_SUCCESS"), "");
        }
        if (metrics) {
            Files.createDirectories(tmp.resolve("metrics").resolve("run_date=" + date));
        }
    }

    @Test
    void committedNightsBeforeTonightWithinTheWindow() throws Exception {
        night("2024-05-30", true, true, true); // 31 days before tonight: outside --expect-from-days 30
        night("2024-05-31", true, true, true); // 30 days before: the window's first day
        night("2024-06-01", true, false, true); // failed a data check, published its diagnosis: counts
        night("2024-06-02", false, false, true); // no manifest: never committed (a crash is recovered before this)
        night("2024-06-03", true, true, false); // published before the metrics existed
        night("2024-06-30", true, true, true); // tonight's own earlier run: a rerun never counts itself
        night("2024-07-01", true, true, true); // after tonight: a rerun of an old date does not look ahead
        Publisher publisher = new Publisher(
                FileSystem.getLocal(new Configuration()).getRawFileSystem(),
                new org.apache.hadoop.fs.Path(tmp.toString()),
                PublishSteps.NONE,
                org.crossenroll.catalog.Tables.CATALOG);
        assertThat(History.nights(publisher, LocalDate.parse("2024-06-30"), 30))
                .containsExactly(LocalDate.parse("2024-05-31"), LocalDate.parse("2024-06-01"));
        assertThat(History.nights(publisher, LocalDate.parse("2024-06-01"), 30))
                .containsExactly(LocalDate.parse("2024-05-30"), LocalDate.parse("2024-05-31"));
    }
}
