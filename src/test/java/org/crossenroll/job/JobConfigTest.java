package org.crossenroll.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.crossenroll.base.UserError;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.reference.Pairings;
import org.crossenroll.reference.Regions;
import org.crossenroll.reference.Schemes;
import org.junit.jupiter.api.Test;

/** A JobConfig's defaults, and its range checks wherever it is built (not only on the command line). */
class JobConfigTest {
    private static JobConfig.Builder minimal() {
        return JobConfig.builder()
                .input("in")
                .output("out")
                .runDate(LocalDate.parse("2024-07-01"))
                .key(PseudonymKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), "test"));
    }

    @Test
    void defaultsAreTheNamedConstantsAndTheBundledReferences() {
        JobConfig c = minimal().build();
        assertThat(c.regionsDir()).isEqualTo(Regions.BUNDLED);
        assertThat(c.pairingsFile()).isEqualTo(Pairings.BUNDLED);
        assertThat(c.schemesFile()).isEqualTo(Schemes.BUNDLED);
        assertThat(c.encoding()).isEqualTo(Encoding.AUTO);
        assertThat(c.maxQuarantinedFraction())
                .isEqualTo(JobConfig.DEFAULT_MAX_QUARANTINED_FRACTION)
                .isEqualTo(0.05);
        assertThat(c.minCellCount()).isEqualTo(JobConfig.DEFAULT_MIN_CELL_COUNT).isEqualTo(10);
        assertThat(c.expectFromDays())
                .isEqualTo(JobConfig.DEFAULT_EXPECT_FROM_DAYS)
                .isEqualTo(30);
        assertThat(c.keepDays()).isNull();
        assertThat(c.expectedSubmittersFile()).isNull();
        assertThat(c.schoolsFile()).isNull();
        assertThat(c.failOnAnomaly()).isFalse();
        assertThat(c.retentionWarning()).isEmpty();
        assertThat(c.programmeYears()).isEqualTo(3);
        // run on 2024-07-01 with data as current: the 2020 cohort finished its third year in 2023
        assertThat(c.lastCompleteCohort(null)).isEqualTo(2020);
        assertThat(c.lastCompleteCohort(LocalDate.parse("2021-10-20"))).isEqualTo(2018);
    }

    @Test
    void everyRangeIsCheckedWhereverTheConfigIsBuilt() {
        assertThatThrownBy(() -> minimal().maxQuarantinedFraction(1.5).build())
                .isInstanceOf(UserError.class)
                .hasMessage("--max-quarantined-fraction 1.5 is not between 0 and 1.");
        assertThatThrownBy(() -> minimal().maxQuarantinedFraction(Double.NaN).build())
                .isInstanceOf(UserError.class)
                .hasMessage("--max-quarantined-fraction NaN is not between 0 and 1.");
        assertThatThrownBy(() -> minimal().keepDays(0).build())
                .isInstanceOf(UserError.class)
                .hasMessage("--keep-days 0 must be at least 1.");
        assertThatThrownBy(() -> minimal().minCellCount(0).build())
                .isInstanceOf(UserError.class)
                .hasMessage("--min-cell-count 0 must be at least 1 (1 withholds nothing).");
        assertThatThrownBy(() -> minimal().expectFromDays(0).build())
                .isInstanceOf(UserError.class)
                .hasMessage("--expect-from-days 0 must be at least 1.");
        assertThatThrownBy(() -> minimal().programmeYears(0).build())
                .isInstanceOf(UserError.class)
                .hasMessage("--programme-years 0 must be between 1 and 10.");
        assertThatThrownBy(() -> minimal().programmeYears(11).build())
                .isInstanceOf(UserError.class)
                .hasMessage("--programme-years 11 must be between 1 and 10.");
        assertThat(minimal()
                        .maxQuarantinedFraction(0)
                        .keepDays(1)
                        .minCellCount(1)
                        .expectFromDays(1)
                        .programmeYears(1)
                        .build())
                .as("the bounds themselves")
                .isNotNull();
    }

    @Test
    void retentionShorterThanTheHistoryWindowIsWarnedAbout() {
        assertThat(minimal().keepDays(2).expectFromDays(30).build().retentionWarning())
                .contains(
                        "--keep-days 2 keeps 1 night before the run date, while the monitoring compares with the nights of the last "
                                + "30 days (--expect-from-days); keep 31 days for a full history.");
        assertThat(minimal().keepDays(31).build().retentionWarning()).isEmpty();
        assertThat(minimal().keepDays(1).expectFromDays(1).build().retentionWarning())
                .contains("--keep-days 1 keeps 0 nights before the run date, while the monitoring compares with the "
                        + "nights of the last 1 day (--expect-from-days); keep 2 days for a full history.");
    }
}
