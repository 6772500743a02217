package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mistake a user can make: one sentence on stderr naming what is wrong, exit code 2, nothing written. */
class UserErrorsTest {
  @TempDir Path tmp;
  Path input;
  Path output;

  @BeforeEach
  void validInput() throws IOException {
    input = tmp.resolve("in");
    Fixtures.csv(input.resolve("ok.csv"), List.of(Fixtures.row("R1", "S1")));
    output = tmp.resolve("out");
  }

  private void assertUserError(Runs.Result r, String... mentions) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
    String err = r.err().strip();
    assertThat(err.lines().count()).as("one line: %s", err).isEqualTo(1);
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
    for (String m : mentions) {
      assertThat(err).contains(m);
    }
    assertThat(output).as("no partial output").doesNotExist();
  }

  @Test
  void missingInputDirectory() throws IOException {
    Path missing = tmp.resolve("nope");
    assertUserError(Runs.run(missing, output), missing.toString(), "does not exist");
  }

  @Test
  void unreadableFile() throws IOException {
    Files.createSymbolicLink(input.resolve("gone.csv"), tmp.resolve("deleted-target.csv"));
    assertUserError(Runs.run(input, output), "gone.csv");
  }

  @Test
  void corruptParquetFile() throws IOException {
    Files.write(input.resolve("broken.parquet"), "not parquet".getBytes(StandardCharsets.UTF_8));
    assertUserError(Runs.run(input, output), "broken.parquet", "not a readable Parquet file");
  }

  @Test
  void unknownEncoding() throws IOException {
    assertUserError(Runs.run(input, output, "--encoding", "latin1"), "--encoding", "latin1");
  }

  @Test
  void missingKey() {
    Runs.Result r = Runs.cli("run", "--input", input.toString(), "--output", output.toString());
    assertUserError(r, "--key-file", "CROSSENROLL_PSEUDONYM_KEY");
  }

  @Test
  void shortKey() throws IOException {
    Path key = tmp.resolve("short.key");
    Files.writeString(key, "abc");
    Runs.Result r = Runs.cli("run", "--input", input.toString(), "--output", output.toString(), "--key-file",
        key.toString());
    assertUserError(r, "short.key", "at least 32");
  }

  @Test
  void sixteenByteKeyOnceAcceptedIsNowShort() throws IOException {
    Path key = tmp.resolve("year.key");
    Files.writeString(key, "crossenroll-2021\n");
    Runs.Result r = Runs.cli("run", "--input", input.toString(), "--output", output.toString(), "--key-file",
        key.toString());
    assertUserError(r, "year.key", "16 bytes", "at least 32", "crossenroll keygen");
  }

  @Test
  void regionsDirectoryWithoutItsFiles() throws IOException {
    Path regions = Files.createDirectories(tmp.resolve("regions"));
    Files.writeString(regions.resolve("provinces.csv"), "code,name\n110000,北京市\n");
    assertUserError(Runs.run(input, output, "--regions", regions.toString()), "prefectures.csv");
  }

  @Test
  void fileWithoutRecognisableHeader() throws IOException {
    Files.writeString(input.resolve("notes.csv"), "foo,bar\n1,2\n");
    assertUserError(Runs.run(input, output), "notes.csv", "no recognisable header");
  }

  @Test
  void headerLackingRequiredColumn() throws IOException {
    Files.writeString(input.resolve("partial.csv"), "record_id,student_id,gender\nR9,S9,M\n");
    assertUserError(Runs.run(input, output), "partial.csv", "origin_county_code");
  }

  @Test
  void minCellCountBelowOne() throws IOException {
    assertUserError(Runs.run(input, output, "--min-cell-count", "0"), "--min-cell-count", "at least 1");
  }

  @Test
  void unknownOption() throws IOException {
    assertUserError(Runs.run(input, output, "--bogus"), "--bogus");
  }

  @Test
  void badRunDate() throws IOException {
    assertUserError(Runs.cli("run", "--input", input.toString(), "--output", output.toString(), "--run-date",
        "2024-13-01", "--key-file", Runs.keyFile(tmp).toString()), "--run-date", "2024-13-01");
  }

  @Test
  void emptyInputDirectory() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertUserError(Runs.run(empty, output), empty.toString(), "no .csv");
  }
}
