package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.crossenroll.testing.MonitoringNights;
import org.crossenroll.testing.PythonEnv;
import org.crossenroll.testing.Runs;
import org.crossenroll.testing.SampleRun;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The statisticians' notebooks, executed headlessly (notebooks/execute.py, nbclient) against the bundled sample's
 * freshly produced reports. Each notebook ends in a cell that checks the figures it shows against the reports, so a
 * broken report fails here. The Python environment is {@link PythonEnv}'s (notebooks/setup, target/notebook-env).
 */
@Execution(ExecutionMode.CONCURRENT) // mostly waits on other processes: beside another class
class NotebooksTest {
    private static final List<String> NOTEBOOKS =
            List.of("01_overview.ipynb", "02_flows.ipynb", "03_pairings_and_outcomes.ipynb", "04_monitoring.ipynb");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path notebooksDir() {
        return TestSpark.projectDir().resolve("notebooks");
    }

    /** Runs notebooks/execute.py on the notebooks; returns the executed copies' folder. */
    private static Path execute(String outputName, Map<String, String> env, List<String> notebooks)
            throws IOException, InterruptedException {
        Path executed =
                TestSpark.projectDir().resolve("target/notebooks-executed").resolve(outputName);
        List<String> command = new ArrayList<>(List.of(
                PythonEnv.python().toString(),
                notebooksDir().resolve("execute.py").toString(),
                "--output-dir",
                executed.toString()));
        notebooks.forEach(n -> command.add(notebooksDir().resolve(n).toString()));
        PythonEnv.Child.Output run = PythonEnv.Child.run(command, env);
        assertThat(run.exitCode())
                .as("notebooks/execute.py said:%n%s", run.text())
                .isZero();
        return executed;
    }

    private static Map<String, String> sampleReports() {
        PythonEnv.prepare();
        // 04_monitoring reads seven generated nights (MonitoringNights), made once per test JVM. They come first: seven
        // runs one after the other are the suite's longest chain, while other classes make the sample's run meanwhile.
        for (Runs.Result night : MonitoringNights.results()) {
            assertThat(night.exitCode()).as(night.err()).isZero();
        }
        Runs.Result sample = SampleRun.result();
        assertThat(sample.exitCode()).as(sample.err()).isZero();
        return Map.of(
                "CROSSENROLL_REPORTS",
                SampleRun.output().toString(),
                "CROSSENROLL_MONITORING",
                MonitoringNights.output().toString());
    }

    /** Everything a notebook printed, in order. */
    private static String printed(Path notebook) throws IOException {
        StringBuilder text = new StringBuilder();
        for (JsonNode cell : JSON.readTree(notebook.toFile()).path("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                JsonNode lines = output.path("text"); // a string or a list of lines, as nbformat allows
                if (lines.isArray()) {
                    lines.forEach(line -> text.append(line.asText()));
                } else {
                    text.append(lines.asText());
                }
            }
        }
        return text.toString();
    }

    @Test
    void notebooksRunAndTheirFiguresAgreeWithTheReports() throws Exception {
        // One Python process for all of them: each start of the kernel machinery costs seconds.
        Path executed = execute("names", sampleReports(), NOTEBOOKS);
        for (String notebook : NOTEBOOKS) {
            // The last cell checks the figures (and, on the bundled sample, 5,794 and the other published totals).
            assertThat(printed(executed.resolve(notebook))).as(notebook).contains("checks passed");
        }
        // the font that comes with the notebooks: Chinese names on a machine with no CJK font of its own
        assertThat(printed(executed.resolve("02_flows.ipynb"))).contains("labels: names");
        assertThat(images(executed.resolve("02_flows.ipynb")))
                .as("the bars, the matrix, two maps, the shares")
                .isEqualTo(5);
    }

    /** How many figures a notebook drew. */
    private static int images(Path notebook) throws IOException {
        int images = 0;
        for (JsonNode cell : JSON.readTree(notebook.toFile()).path("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                images += output.path("data").has("image/png") ? 1 : 0;
            }
        }
        return images;
    }

    @Test
    void notebooksRunWithRegionsLabelledByCode() throws Exception {
        // What a machine without a CJK font gets: the figures draw codes, and no Chinese glyph is left to miss.
        Map<String, String> env = new HashMap<>(sampleReports());
        env.put("CROSSENROLL_LABELS", "codes");
        Path executed = execute("codes", env, NOTEBOOKS);
        for (String notebook : NOTEBOOKS) {
            assertThat(printed(executed.resolve(notebook))).as(notebook).contains("checks passed");
        }
        assertThat(printed(executed.resolve("02_flows.ipynb"))).contains("labels: division codes");
    }

    @Test
    void committedNotebooksCarryNoOutputs() throws IOException {
        try (Stream<Path> files = Files.list(notebooksDir())) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".ipynb"))
                            .sorted())
                    .as("every notebook is executed by this test")
                    .containsExactlyElementsOf(NOTEBOOKS);
        }
        for (String notebook : NOTEBOOKS) {
            for (JsonNode cell :
                    JSON.readTree(notebooksDir().resolve(notebook).toFile()).path("cells")) {
                if (cell.path("cell_type").asText().equals("code")) {
                    assertThat(cell.path("outputs").size())
                            .as("%s: outputs of %s", notebook, cell.path("id"))
                            .isZero();
                    assertThat(cell.path("execution_count").isNull())
                            .as("%s: %s", notebook, cell.path("id"))
                            .isTrue();
                }
            }
        }
    }
}
