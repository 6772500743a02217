package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.crossenroll.DisclosureAttackIT.Attack;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.SampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The published layer of real job runs attacked from outside by src/test/python/cellkey_attack.py (written from the
 * documentation only), called as {@link DisclosureAttackIT} describes: the bundled sample's night alone, and two
 * successive generated nights run by the job into one output, the second attacked with the first's unchanged cells
 * tied to it. Generated layers for several k: {@link DisclosureAttackIT}.
 */
@Execution(ExecutionMode.CONCURRENT) // mostly waits on other processes: beside another class
class DisclosureAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FIRST = LocalDate.parse("2024-06-29");

    @TempDir
    static Path tmp;

    @Test
    void theAttackerFindsNothingInTheSamplesPublishedLayer() throws Exception {
        assertThat(SampleRun.result().exitCode()).as(SampleRun.result().err()).isZero();
        Path out = SampleRun.output();
        long k = audited(out, Runs.RUN_DATE);
        assertThat(k).isEqualTo(10);
        Attack a = DisclosureAttackIT.attack(out, Runs.RUN_DATE, k, "sample");
        a.assertFoundNothing();
    }

    @Test
    void theAttackerFindsNothingInTwoSuccessiveNightsWithTheUnchangedCellsTied() throws Exception {
        // two generated nights (the second re-sends the first's records with a few changed and some new), each run by
        // the job at the default k into one output, as a ministry's nightly runs
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Runs.Result generated = Runs.cli(
                "generate",
                "--output",
                in.toString(),
                "--records",
                "3000",
                "--nights",
                "2",
                "--first-night",
                FIRST.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        for (int n = 0; n < 2; n++) {
            String night = FIRST.plusDays(n).toString();
            Runs.Result run = Runs.cli(
                    "run",
                    "--input",
                    in.resolve(night).toString(),
                    "--output",
                    out.toString(),
                    "--run-date",
                    night,
                    "--key-file",
                    Runs.keyFile(tmp).toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(audited(out, night)).isEqualTo(10);
        }
        String first = FIRST.toString();
        String second = FIRST.plusDays(1).toString();
        DisclosureAttackIT.attack(out, first, 10, "generated-one-night").assertFoundNothing();
        Attack a = DisclosureAttackIT.attack(out, second, 10, "generated-two-nights", first);
        a.assertFoundNothing();
    }

    /** The night's manifest says its published layer passed the audit; returns its k. */
    private static long audited(Path out, String runDate) throws Exception {
        Path manifestFile = out.resolve("_runs").resolve(runDate).resolve("manifest.json");
        assertThat(Files.exists(manifestFile)).as(manifestFile.toString()).isTrue();
        JsonNode layer = JSON.readTree(manifestFile.toFile()).path("published_layer");
        assertThat(layer.path("audit").path("status").asText())
                .as("manifest published_layer.audit: %s", layer.path("audit"))
                .isEqualTo("passed");
        assertThat(layer.path("method").asText()).isEqualTo("additive_threshold");
        return layer.path("min_cell_count").asLong();
    }
}
