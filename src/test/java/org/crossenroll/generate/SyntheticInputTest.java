package org.crossenroll.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crossenroll.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticInputTest {
    @TempDir
    Path tmp;

    private Runs.Result generate(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "--output", out.toString()));
        args.addAll(List.of(extra));
        return Runs.cli(args.toArray(new String[0]));
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherRows() throws IOException {
        assertThat(generate(tmp.resolve("a"), "--records", "3000", "--seed", "7")
                        .exitCode())
                .isZero();
        assertThat(generate(tmp.resolve("b"), "--records", "3000", "--seed", "7")
                        .exitCode())
                .isZero();
        assertThat(generate(tmp.resolve("c"), "--records", "3000", "--seed", "8")
                        .exitCode())
                .isZero();
        byte[] a = Files.readAllBytes(tmp.resolve("a/part-00000.csv"));
        assertThat(Files.readAllBytes(tmp.resolve("b/part-00000.csv"))).isEqualTo(a);
        assertThat(Files.readAllBytes(tmp.resolve("c/part-00000.csv"))).isNotEqualTo(a);
        assertThat(Files.readAllLines(tmp.resolve("a/part-00000.csv")).get(0))
                .startsWith("record_id,student_id,student_name,gender");
        assertThat(Files.readAllLines(tmp.resolve("a/part-00000.csv"))).hasSize(3001);
    }

    /** The nights' scripted changes, counted in the files themselves (the job's view: MonitoringJobTest). */
    @Test
    void successiveNightsWithTheirScriptedChanges() throws IOException {
        Runs.Result r = generate(tmp.resolve("n"), "--records", "2000", "--nights", "7", "--first-night", "2024-06-24");
        assertThat(r.exitCode()).as(r.err()).isZero();
        java.util.function.BiFunction<Integer, String, Long> rows = (night, file) -> {
            Path f = tmp.resolve("n")
                    .resolve(java.time.LocalDate.parse("2024-06-24")
                            .plusDays(night - 1L)
                            .toString())
                    .resolve(file);
            try {
                return Files.exists(f) ? Files.readAllLines(f).size() - 1L : -1L;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        // the school's file on night 4 (2060 enrollments): n = 0, 80, ..., 2000, 26 enrollments of one or two rows (an
        // older version first); gone from night 5
        assertThat(rows.apply(4, SyntheticInput.SCHOOL_FILE)).isBetween(26L, 52L);
        assertThat(rows.apply(5, SyntheticInput.SCHOOL_FILE)).isEqualTo(-1L);
        // 上海: enrollments n mod 5 < 2 gone from night 6 (40% of them; of these rows, by chance, a third)
        double shanghai = (double) rows.apply(6, "310000.csv") / rows.apply(5, "310000.csv");
        assertThat(shanghai).isBetween(0.55, 0.70);
        // 福建: the same rows on night 7, 40% of its enrollments broken (checked as quarantined by MonitoringJobTest)
        assertThat(rows.apply(7, "350000.csv")).isGreaterThanOrEqualTo(rows.apply(6, "350000.csv"));
        assertThat(Files.readString(tmp.resolve("n/2024-06-24/110000.csv"))).contains("2024-06-23 20:");
        // the second ledger every night: each pairing of provinces, 2016-2020, fifteen indicators, re-sent nightly
        List<String> coop = Files.readAllLines(tmp.resolve("n/2024-06-30").resolve(SyntheticInput.COOPERATION_FILE));
        assertThat(coop.get(0))
                .isEqualTo("record_id,host_region_code,origin_region_code,year,indicator,value,updated_at");
        long pairs = coop.stream()
                .skip(1)
                .map(l -> l.split(",")[1] + l.split(",")[2])
                .distinct()
                .count();
        assertThat(pairs).isPositive();
        assertThat(coop).hasSize((int) (1 + pairs * 5 * 15));
        assertThat(coop.get(1)).endsWith(",2024-06-29 20:00:00");
        // 江苏 stops reporting its pairings with its school, on night 5 (2024-06-28): in night 4's file, not in 5's
        java.util.function.Function<String, Long> jiangsu = date -> {
            try {
                return Files.readAllLines(tmp.resolve("n/" + date).resolve(SyntheticInput.COOPERATION_FILE)).stream()
                        .filter(l -> l.split(",")[1].equals(SyntheticInput.STOP_PARTNER))
                        .count();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertThat(jiangsu.apply("2024-06-27")).isPositive().isEqualTo(jiangsu.apply("2024-06-24"));
        assertThat(jiangsu.apply("2024-06-28")).isZero();
        assertThat(coop).noneMatch(l -> l.split(",")[1].equals(SyntheticInput.STOP_PARTNER));
    }

    @Test
    void csvJsonLinesAndParquetWithBadRowsOfFiveReasonsThroughTheJob() throws IOException {
        // the generator writes no PERSONAL_DATA_IN_FIELD: validate.PersonalDataRulesTest, NoLeakTest test that reason
        for (String format : List.of("csv", "jsonl", "parquet")) {
            Path in = tmp.resolve("in-" + format);
            assertThat(generate(in, "--records", "1000", "--format", format, "--bad-fraction", "0.2")
                            .exitCode())
                    .isZero();
        }
        Path input = tmp.resolve("all");
        for (String format : List.of("csv", "jsonl", "parquet")) {
            Files.createDirectories(input);
            Files.move(tmp.resolve("in-" + format).resolve("part-00000." + format), input.resolve("part." + format));
        }
        Runs.Result r = Runs.run(input, tmp.resolve("out"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("3000 rows read");
        Map<Object, Long> reasons = Runs.table(tmp.resolve("out"), "quarantine").stream()
                .collect(Collectors.groupingBy(q -> q.get("reason_code"), Collectors.counting()));
        // The JSON Lines and Parquet files cannot hold a row with one field too many; CSV can.
        assertThat(reasons.keySet())
                .containsExactlyInAnyOrder(
                        "MALFORMED", "MISSING_FIELD", "INVALID_VALUE", "UNKNOWN_REGION", "INCONSISTENT");
        List<Map<String, Object>> dq = Runs.table(tmp.resolve("out"), "data_quality");
        assertThat(dq.stream().mapToLong(d -> (Long) d.get("superseded")).sum()).isPositive();
    }
}
