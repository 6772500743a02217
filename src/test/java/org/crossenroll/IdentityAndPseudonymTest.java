package org.crossenroll;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.job.CrossEnrollJob;
import org.crossenroll.job.JobConfig;
import org.crossenroll.job.TestHooks;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.reference.Pairings;
import org.crossenroll.reference.Regions;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityAndPseudonymTest {
    @TempDir
    Path tmp;

    private Path input() throws IOException {
        Path input = tmp.resolve("in");
        Fixtures.csv(
                input.resolve("a.csv"),
                List.of(
                        Fixtures.row("ID1", "S1"),
                        Fixtures.row("ID2", "S2"),
                        Fixtures.row("ID3", "S3", "gender", "?")));
        return input;
    }

    private static Set<Object> pseudonyms(Path out, String runDate) {
        return TestSpark.session()
                .read()
                .parquet(out.resolve("enrollments_clean/run_date=" + runDate).toString())
                .select("student_pseudonym")
                .collectAsList()
                .stream()
                .map(r -> r.get(0))
                .collect(Collectors.toSet());
    }

    @Test
    void identityCheckFailsTheRunAndPublishesNothing() throws IOException {
        Path input = input();
        Path out = tmp.resolve("out");
        JobConfig config = JobConfig.builder()
                .input(input.toString())
                .output(out.toString())
                .runDate(LocalDate.parse(Runs.RUN_DATE))
                .regions(Regions.BUNDLED)
                .pairings(Pairings.BUNDLED)
                .key(PseudonymKey.of(Runs.TEST_KEY.getBytes(StandardCharsets.UTF_8), "test"))
                .encoding(Encoding.AUTO)
                .maxQuarantinedFraction(1.0)
                .keepDays(null)
                .minCellCount(JobConfig.DEFAULT_MIN_CELL_COUNT)
                .schemes(org.crossenroll.reference.Schemes.BUNDLED)
                .build();
        CrossEnrollJob job = TestHooks.during(
                CrossEnrollJob.Hooks.NONE.withCleanRows(
                        rows -> rows.filter(col("record_id").notEqual("ID2"))), // lost
                () -> new CrossEnrollJob(TestSpark.session(), new PrintStream(new ByteArrayOutputStream())));
        assertThatThrownBy(() -> job.run(config))
                .hasMessageContaining("Row identity failed: 3 rows read but 1 accepted + 0 superseded + 1 quarantined");
        // A row lost between reading and classification: the counts after the joins agree with each other, so only the
        // count taken where the file was read can catch it.
        CrossEnrollJob losesOnRead = TestHooks.during(
                CrossEnrollJob.Hooks.NONE.withReadRows(
                        rows -> rows.filter(col("record_id").notEqual("ID2"))),
                () -> new CrossEnrollJob(TestSpark.session(), new PrintStream(new ByteArrayOutputStream())));
        assertThatThrownBy(() -> losesOnRead.run(config))
                .hasMessageContaining("Row identity failed: a.csv has 3 rows where it was read but 2 were classified");
        assertThat(out).as("nothing written, staging cleaned up, lock released").doesNotExist();
    }

    /** Four runs serve both promises: each whole-job run costs seconds, so they share them. */
    @Test
    void sameKeySamePseudonymsOtherKeyOthersAndARerunReplacesItsRunDateOnly() throws IOException {
        Path input = input();
        Path out = tmp.resolve("out");
        assertThat(Runs.run(input, out).exitCode()).isZero();
        assertThat(Runs.cli(
                                "run",
                                "--input",
                                input.toString(),
                                "--output",
                                out.toString(),
                                "--run-date",
                                "2024-07-01",
                                "--key-file",
                                Runs.keyFile(tmp).toString(),
                                "--max-quarantined-fraction",
                                "1")
                        .exitCode())
                .isZero();
        Set<Object> first = pseudonyms(out, Runs.RUN_DATE);
        assertThat(first).hasSize(2);
        assertThat(pseudonyms(out, "2024-07-01"))
                .as("the same key, another night")
                .isEqualTo(first);

        Path otherKey = tmp.resolve("other.key");
        Files.writeString(otherKey, "ef56b8de8d8b85a1cfef686ef5965e2477c613c15d65bd2979343f403e53130b");
        Runs.Result other = Runs.cli(
                "run",
                "--input",
                input.toString(),
                "--output",
                tmp.resolve("other").toString(),
                "--run-date",
                Runs.RUN_DATE,
                "--key-file",
                otherKey.toString(),
                "--max-quarantined-fraction",
                "1");
        assertThat(other.exitCode()).isZero();
        assertThat(pseudonyms(tmp.resolve("other"), Runs.RUN_DATE)).hasSize(2).doesNotContainAnyElementsOf(first);

        Fixtures.csv(input.resolve("b.csv"), List.of(Fixtures.row("ID9", "S9")));
        assertThat(Runs.run(input, out).exitCode()).isZero();
        List<Map<String, Object>> rerun = Runs.table(out, "enrollments_clean");
        assertThat(rerun).extracting(r -> r.get("record_id")).containsExactlyInAnyOrder("ID1", "ID2", "ID9");
        assertThat(TestSpark.session()
                        .read()
                        .parquet(out.resolve("enrollments_clean/run_date=2024-07-01")
                                .toString())
                        .count())
                .as("the other run date is untouched")
                .isEqualTo(2);
    }
}
