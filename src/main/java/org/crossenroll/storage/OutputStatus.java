package org.crossenroll.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an output directory says of its nights, read without changing anything (no lock taken, nothing created): the
 * morning's questions of an operator or a scheduler. Which night is latest, which failed last and why, whether a run
 * holds the lock, whether a publish was interrupted, what a dead run left, which nights are kept.
 *
 * @param output the output directory
 * @param latest the night {@code _runs/latest} names, or null
 * @param nights every night of {@code _runs/}, oldest first
 * @param lastFailed the newest night that was committed without {@code _SUCCESS} (a failed data check), or null
 * @param lastFailedStatus that night's manifest {@code status}, and the detail of its failed checks
 * @param lock who holds the lock, if anyone
 * @param interruptedPublish whether a commit's journal is present (the next run or {@code recover} finishes it)
 * @param leftovers staging directories under {@code _staging/} (a run in progress, or runs that died)
 */
public record OutputStatus(
        String output,
        LocalDate latest,
        List<Publisher.Night> nights,
        LocalDate lastFailed,
        String lastFailedStatus,
        Optional<RunLock.Held> lock,
        boolean interruptedPublish,
        int leftovers) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads the status of the output directory {@code root}, which must be a job's output ({@code _runs/}). */
    public static OutputStatus read(FileSystem fs, Path root) {
        try {
            Path runs = new Path(root, Publisher.RUNS);
            List<Publisher.Night> nights = Publisher.nights(fs, root);
            LocalDate latest = null;
            Path latestFile = new Path(runs, Publisher.LATEST);
            if (fs.exists(latestFile)) {
                try (InputStream in = fs.open(latestFile)) {
                    latest = LocalDate.parse(
                            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip());
                } catch (java.time.format.DateTimeParseException e) {
                    latest = null; // being rewritten: Publisher recomputes it at the next run
                }
            }
            LocalDate lastFailed = null;
            for (Publisher.Night n : nights) {
                if (n.committed() && !n.complete()) {
                    lastFailed = n.date();
                }
            }
            String why = lastFailed == null
                    ? null
                    : failure(fs, new Path(new Path(runs, lastFailed.toString()), Publisher.MANIFEST));
            Path staging = new Path(root, Publisher.STAGING);
            int leftovers = fs.exists(staging) ? fs.listStatus(staging).length : 0;
            return new OutputStatus(
                    fs.makeQualified(root).toString(),
                    latest,
                    nights,
                    lastFailed,
                    why,
                    RunLock.inspect(fs, new Path(runs, Publisher.LOCK)),
                    fs.exists(new Path(runs, Publisher.JOURNAL)),
                    leftovers);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the status of " + root + " failed", e);
        }
    }

    /** A failed night's manifest status, and the detail of each check that failed. */
    private static String failure(FileSystem fs, Path manifest) throws IOException {
        JsonNode m;
        try (InputStream in = fs.open(manifest)) {
            m = JSON.readTree(in);
        }
        StringBuilder why = new StringBuilder(m.path("status").asText("unknown"));
        m.path("checks").fields().forEachRemaining(check -> {
            if ("failed".equals(check.getValue().path("status").asText())) {
                why.append("; ")
                        .append(check.getKey())
                        .append(": ")
                        .append(check.getValue().path("detail").asText());
            }
        });
        return why.toString();
    }

    /** The nights that are complete ({@code _SUCCESS}). */
    public List<LocalDate> complete() {
        List<LocalDate> dates = new ArrayList<>();
        nights.stream().filter(Publisher.Night::complete).forEach(n -> dates.add(n.date()));
        return dates;
    }

    /** For people: one line per question. */
    public String text() {
        StringBuilder b = new StringBuilder("crossenroll status " + output + "\n");
        b.append("  latest complete night: ")
                .append(latest == null ? "none" : latest)
                .append('\n');
        b.append("  last failed night: ")
                .append(lastFailed == null ? "none" : lastFailed + " (" + lastFailedStatus + ")")
                .append('\n');
        b.append("  lock: ")
                .append(lock.map(h -> "held by " + h.describe()).orElse("free"))
                .append('\n');
        b.append("  interrupted publish: ")
                .append(
                        interruptedPublish
                                ? "yes: the next run, or 'crossenroll recover --output " + output + "', finishes it"
                                : "none")
                .append('\n');
        b.append("  staging leftovers: ")
                .append(leftovers)
                .append(
                        leftovers > 0 && lock.isEmpty()
                                ? " (of runs that died: the next run or recover removes them)"
                                : "")
                .append('\n');
        List<LocalDate> complete = complete();
        b.append("  nights kept: ")
                .append(
                        nights.size() == 1
                                ? "1 night " + nights.get(0).date()
                                : nights.size() + " nights"
                                        + (nights.isEmpty()
                                                ? ""
                                                : " " + nights.get(0).date() + ".."
                                                        + nights.get(nights.size() - 1)
                                                                .date()))
                .append(nights.isEmpty() ? "" : ", " + complete.size() + " complete")
                .append('\n');
        return b.toString();
    }

    /** For machines: the same as one JSON document. */
    public String json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("output", output);
        o.put("latest_complete_night", latest == null ? null : latest.toString());
        ObjectNode failed = o.putObject("last_failed_night");
        failed.put("run_date", lastFailed == null ? null : lastFailed.toString());
        failed.put("reason", lastFailedStatus);
        ObjectNode l = o.putObject("lock");
        l.put("held", lock.isPresent());
        lock.ifPresent(h -> {
            l.put("holder", h.holder() == null ? null : h.holder().describe());
            l.put("heartbeat_seconds_ago", h.heartbeatSecondsAgo());
            l.put("stale", h.stale());
        });
        o.put("interrupted_publish", interruptedPublish);
        o.put("staging_leftovers", leftovers);
        ArrayNode ns = o.putArray("nights");
        for (Publisher.Night n : nights) {
            ns.addObject()
                    .put("run_date", n.date().toString())
                    .put("complete", n.complete())
                    .put("committed", n.committed());
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
