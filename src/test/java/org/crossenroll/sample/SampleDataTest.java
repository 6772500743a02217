package org.crossenroll.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data/sample is exactly what the generator writes: nobody edited it by hand. */
class SampleDataTest {
    @Test
    void bundledSampleIsTheGeneratorsOutput(@TempDir Path tmp) throws IOException {
        Path project = TestSpark.projectDir();
        Path sample = project.resolve("data/sample");
        SampleGenerator generator = SampleGenerator.fromRegions(project.resolve("data/regions"));
        if (Boolean.getBoolean("crossenroll.regenerateSample")) {
            generator.write(sample);
        }
        generator = SampleGenerator.fromRegions(project.resolve("data/regions"));
        generator.write(tmp);
        List<Path> expected = files(tmp);
        assertThat(files(sample)).as("files under data/sample").isEqualTo(expected);
        for (Path relative : expected) {
            assertThat(Files.readAllBytes(sample.resolve(relative)))
                    .as(
                            "data/sample/%s differs from the generator's output; regenerate it (see SampleGenerator)",
                            relative)
                    .isEqualTo(Files.readAllBytes(tmp.resolve(relative)));
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
