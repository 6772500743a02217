package org.crossenroll.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Prometheus' text exposition format as a scraper would, failing on any line that breaks its rules. */
public final class PrometheusText {
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{" + LABEL + "(?:," + LABEL + ")*\\})? (\\S+)");

    private PrometheusText() {}

    /**
     * Every line a comment ({@code # HELP}, or {@code # TYPE} with a known type, once per metric) or one sample whose
     * metric a TYPE line declared before it, and no sample twice. Gives each sample (name and labels as written) with
     * its value.
     */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        assertThat(text).as("ends with a line break").endsWith("\n");
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertThat(p).hasSize(4);
                assertThat(p[3]).isIn("gauge", "counter", "untyped", "histogram", "summary");
                assertThat(types.put(p[2], p[3])).as("TYPE once: %s", line).isNull();
                continue;
            }
            if (line.startsWith("# HELP ")) {
                continue;
            }
            Matcher s = SAMPLE.matcher(line);
            assertThat(s.matches()).as("a sample line: %s", line).isTrue();
            assertThat(types).as("declared before use: %s", line).containsKey(s.group(1));
            String key = s.group(1) + (s.group(2) == null ? "" : s.group(2));
            assertThat(samples.put(key, Double.valueOf(s.group(3))))
                    .as("once: %s", key)
                    .isNull();
        }
        return samples;
    }
}
