package org.crossenroll.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.crossenroll.base.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-file}: checked before the run, replaced whole, no temporary file left beside it. */
class MetricsFileTest {
    @TempDir
    Path tmp;

    @Test
    void aNewRunReplacesTheFileWholeAndLeavesNothingBeside() throws Exception {
        Path file = tmp.resolve("crossenroll.prom");
        MetricsFile.check(file);
        MetricsFile.write(file, "a 1\n");
        MetricsFile.write(file, "a 2\n");
        assertThat(Files.readString(file)).isEqualTo("a 2\n");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("crossenroll.prom");
        }
    }

    @Test
    void aFileThatCouldNotBeWrittenIsRefusedBeforeTheRun() throws Exception {
        assertThatThrownBy(() -> MetricsFile.check(tmp.resolve("missing/crossenroll.prom")))
                .isInstanceOf(UserError.class)
                .hasMessage("--metrics-file " + tmp.resolve("missing/crossenroll.prom") + ": its directory "
                        + tmp.resolve("missing") + " does not exist.");
        assertThatThrownBy(() -> MetricsFile.check(tmp))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("is a directory");
        MetricsFile.check(null); // no --metrics-file
    }
}
