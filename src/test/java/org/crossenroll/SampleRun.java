package org.crossenroll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The bundled sample run once per test JVM, as bin/crossenroll runs it, into target/sample-run: the golden figures
 * and the notebooks both read this one fresh output.
 */
final class SampleRun {
  private static Runs.Result result;
  private static Path output;

  private SampleRun() {}

  static synchronized Runs.Result result() {
    if (result == null) {
      Path project = TestSpark.projectDir();
      output = project.resolve("target/sample-run/out");
      deleteRecursively(output.getParent());
      result = Runs.cli("run", "--input", project.resolve("data/sample").toString(), "--output", output.toString(),
          "--run-date", Runs.RUN_DATE, "--key-file", project.resolve("data/demo.key").toString());
    }
    return result;
  }

  static Path output() {
    result();
    return output;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
