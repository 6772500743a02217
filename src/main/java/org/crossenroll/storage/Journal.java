package org.crossenroll.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a commit in progress is doing, written to {@code _runs/_journal.json} just before the commit marker. Its
 * presence means "a commit was started and not finished"; {@link Publisher#recover()} reads it to roll the commit
 * forward (the commit marker names this journal's id) or to discard what it staged (it does not).
 *
 * @param id unique per commit; the commit marker holds it, so a marker left by an older commit is never mistaken
 * @param runDate the run date being published
 * @param staging relative to the output directory: the staging directory holding the new tables, the new
 *     {@code _runs/D}, runs table and {@code latest}, and the replaced ones under {@code _replaced/}
 * @param tables the tables moved, in order
 * @param complete whether the run's completion marker is part of the commit (false for a run that failed a data check)
 */
public record Journal(
        @JsonProperty("id") String id,
        @JsonProperty("run_date") String runDate,
        @JsonProperty("staging") String staging,
        @JsonProperty("tables") List<String> tables,
        @JsonProperty("complete") boolean complete) {}
