package org.crossenroll.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import org.crossenroll.privacy.PseudonymKey;
import org.junit.jupiter.api.Test;

/** The data checks at their boundaries, by hand: no Spark, no files. */
class DataCheckPolicyTest {
    private static final Function<String, String> PUBLISHED = table -> "out/" + table + "/run_date=2024-07-01";

    private static JobConfig.Builder config() {
        return JobConfig.builder()
                .input("in")
                .output("out")
                .runDate(LocalDate.parse("2024-07-01"))
                .key(PseudonymKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), "test"));
    }

    private static Optional<DataCheckPolicy.Failure> check(long read, long quarantined, long severe, JobConfig c) {
        return DataCheckPolicy.check(read, quarantined, severe, c, PUBLISHED);
    }

    @Test
    void aFractionEqualToTheMaximumPasses() {
        assertThat(check(100, 5, 0, config().maxQuarantinedFraction(0.05).build()))
                .isEmpty();
        assertThat(check(4, 1, 0, config().maxQuarantinedFraction(0.25).build()))
                .isEmpty();
        assertThat(check(7, 7, 0, config().maxQuarantinedFraction(1).build()))
                .as("every row, with 1")
                .isEmpty();
    }

    @Test
    void aFractionJustAboveTheMaximumFails() {
        assertThat(check(100, 6, 0, config().maxQuarantinedFraction(0.05).build()))
                .contains(new DataCheckPolicy.Failure(
                        RunManifest.Status.FAILED_QUARANTINE,
                        "no reports were built: the quarantined fraction is above the maximum",
                        "6.0% of the rows read were quarantined (6 of 100), above --max-quarantined-fraction 0.05: no reports "
                                + "published for 2024-07-01; see out/quarantine/run_date=2024-07-01 and "
                                + "out/data_quality/run_date=2024-07-01."));
        assertThat(check(
                        1_000_000,
                        50_001,
                        0,
                        config().maxQuarantinedFraction(0.05).build()))
                .hasValueSatisfying(
                        f -> assertThat(f.message())
                                .startsWith(
                                        "5.0% of the rows read were quarantined (50001 of 1000000), above --max-quarantined-fraction 0.05:"));
        assertThat(check(1_000, 1, 0, config().maxQuarantinedFraction(0).build()))
                .as("one row, with 0")
                .hasValueSatisfying(f -> assertThat(f.status()).isEqualTo(RunManifest.Status.FAILED_QUARANTINE));
    }

    @Test
    void noRowReadIsAFractionOfZero() {
        assertThat(DataCheckPolicy.quarantinedFraction(0, 0)).isZero();
        assertThat(check(0, 0, 0, config().maxQuarantinedFraction(0).build())).isEmpty();
        assertThat(DataCheckPolicy.quarantinedFraction(8, 2)).isEqualTo(0.25);
    }

    @Test
    void aSevereAnomalyFailsOnlyWithFailOnAnomaly() {
        assertThat(check(100, 0, 3, config().build())).isEmpty();
        assertThat(check(100, 0, 0, config().failOnAnomaly(true).build())).isEmpty();
        assertThat(check(100, 0, 2, config().failOnAnomaly(true).build()))
                .contains(new DataCheckPolicy.Failure(
                        RunManifest.Status.FAILED_ANOMALY,
                        "no reports were built: severe anomalies with --fail-on-anomaly",
                        "2 severe anomalies on 2024-07-01 with --fail-on-anomaly: no reports published; see "
                                + "out/anomalies/run_date=2024-07-01 and out/completeness/run_date=2024-07-01."));
    }

    @Test
    void theQuarantinedFractionIsCheckedFirst() {
        assertThat(check(10, 5, 2, config().failOnAnomaly(true).build()))
                .hasValueSatisfying(f -> assertThat(f.status()).isEqualTo(RunManifest.Status.FAILED_QUARANTINE));
    }

    @Test
    void anUnprovenPublishedLayerNamesTheManifestItIsKeptIn() {
        assertThat(DataCheckPolicy.notProven(
                        "cell 3 of flows", LocalDate.parse("2024-07-01"), "out/_runs/2024-07-01/manifest.json"))
                .isEqualTo(
                        new DataCheckPolicy.Failure(
                                RunManifest.Status.FAILED_DISCLOSURE,
                                "no reports were published: the published layer could not be proven safe",
                                "no reports published for 2024-07-01: cell 3 of flows (kept in out/_runs/2024-07-01/manifest.json)."));
    }
}
