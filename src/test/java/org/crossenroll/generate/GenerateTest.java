package org.crossenroll.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crossenroll.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateTest {
  @TempDir Path tmp;

  private Runs.Result generate(Path out, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--output", out.toString()));
    args.addAll(List.of(extra));
    return Runs.cli(args.toArray(new String[0]));
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherRows() throws IOException {
    assertThat(generate(tmp.resolve("a"), "--records", "3000", "--seed", "7").exitCode()).isZero();
    assertThat(generate(tmp.resolve("b"), "--records", "3000", "--seed", "7").exitCode()).isZero();
    assertThat(generate(tmp.resolve("c"), "--records", "3000", "--seed", "8").exitCode()).isZero();
    byte[] a = Files.readAllBytes(tmp.resolve("a/part-00000.csv"));
    assertThat(Files.readAllBytes(tmp.resolve("b/part-00000.csv"))).isEqualTo(a);
    assertThat(Files.readAllBytes(tmp.resolve("c/part-00000.csv"))).isNotEqualTo(a);
    assertThat(Files.readAllLines(tmp.resolve("a/part-00000.csv")).get(0))
        .startsWith("record_id,student_id,student_name,gender");
    assertThat(Files.readAllLines(tmp.resolve("a/part-00000.csv"))).hasSize(3001);
  }

  @Test
  void everyFormatAndEveryReasonThroughTheJob() throws IOException {
    for (String format : List.of("csv", "jsonl", "parquet")) {
      Path in = tmp.resolve("in-" + format);
      assertThat(generate(in, "--records", "1000", "--format", format, "--bad-fraction", "0.2").exitCode())
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
    assertThat(reasons.keySet()).containsExactlyInAnyOrder("MALFORMED", "MISSING_FIELD", "INVALID_VALUE",
        "UNKNOWN_REGION", "INCONSISTENT");
    List<Map<String, Object>> dq = Runs.table(tmp.resolve("out"), "data_quality");
    assertThat(dq.stream().mapToLong(d -> (Long) d.get("superseded")).sum()).isPositive();
  }
}
