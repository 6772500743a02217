package org.crossenroll.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.storage.OutputCatalog;
import org.crossenroll.storage.Publisher;

/**
 * {@code OUT/runs/}: the run history as a table every BI reader can open (a reader cannot see {@code _runs/}, whose
 * name starts with {@code _}). One row per run date, computed from {@code _runs/} alone (each date's manifest and
 * {@code _SUCCESS}), so it is never a second truth: {@link Publisher} rewrites it whole, as one Parquet file, inside
 * each commit (staged first, moved in by rename, moved back by a rollback), after retention, and in recovery
 * whenever its footer's digest of {@code _runs/} no longer matches (a crash during retention, an output written
 * before the table existed). Rewriting it whole is what keeps {@code is_latest} right when an older date is rerun or
 * retention removes the newest: no row is ever stale. Iceberg does the same with its table metadata (each commit
 * writes a complete new metadata file listing every snapshot, then swaps one pointer); here the commit point stays
 * the publisher's commit marker, and the file is small (one row per kept night).
 */
public final class RunsTable {
    /** The table's folder under the output directory, and its one file. */
    public static final String DIR = "runs";
    /** Prefix of the per-table row count columns: {@code rows_enrollments_clean}, {@code rows_published_flows}. */
    public static final String ROWS = "rows_";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunsTable() {}

    /** The table's schema: run-level columns, then one row count per table the catalog lists. */
    public static StructType schema(List<Tables.Table> tables) {
        StructType s = new StructType()
                .add("run_date", DataTypes.DateType, false, "the night (the partition every other table has)")
                .add(
                        "status",
                        DataTypes.StringType,
                        true,
                        "the manifest's status: `published`, or why the run "
                                + "published only quarantine and data_quality (`failed: quarantined fraction above the maximum`)")
                .add(
                        "complete",
                        DataTypes.BooleanType,
                        false,
                        "the night's tables were all published together " + "(`_runs/D/_SUCCESS` exists)")
                .add(
                        "is_latest",
                        DataTypes.BooleanType,
                        false,
                        "the newest complete night (`_runs/latest`); true on "
                                + "exactly one row once a night is complete")
                .add("published_at", DataTypes.TimestampNTZType, true, "when the run finished, China Standard Time")
                .add("code_version", DataTypes.StringType, true, "the crossenroll version that ran")
                .add("rows_read", DataTypes.LongType, true, "rows read from the input")
                .add("accepted", DataTypes.LongType, true, "rows accepted (one per enrollment)")
                .add("superseded", DataTypes.LongType, true, "rows superseded by a newer version")
                .add("quarantined", DataTypes.LongType, true, "rows quarantined");
        for (Tables.Table t : tables) {
            if (t.partitioned()) {
                s = s.add(
                        ROWS + t.name(),
                        DataTypes.LongType,
                        true,
                        "rows of `" + t.name() + "` for the night, from its Parquet footers; null when the run did not "
                                + "publish it");
            }
        }
        return s;
    }

    /** The rows for {@code entries}, by run date; {@code is_latest} marks the newest complete one. */
    public static List<Row> rows(List<OutputCatalog.Run> entries, List<Tables.Table> tables) {
        Optional<LocalDate> latest = entries.stream()
                .filter(OutputCatalog.Run::complete)
                .map(OutputCatalog.Run::date)
                .max(Comparator.naturalOrder());
        List<Row> rows = new ArrayList<>();
        for (OutputCatalog.Run e : entries.stream()
                .sorted(Comparator.comparing(OutputCatalog.Run::date))
                .toList()) {
            JsonNode m = manifest(e.manifest());
            List<Object> values = new ArrayList<>(java.util.Arrays.asList(
                    e.date(),
                    text(m, "status"),
                    e.complete(),
                    latest.filter(e.date()::equals).isPresent()));
            values.add(timestamp(text(m, "finished_at")));
            values.add(text(m, "code_version"));
            for (String count : List.of("rows_read", "accepted", "superseded", "quarantined")) {
                values.add(number(m.get(count)));
            }
            JsonNode tableRows = m.path("table_rows");
            for (Tables.Table t : tables) {
                if (t.partitioned()) {
                    values.add(number(tableRows.get(t.path())));
                }
            }
            rows.add(RowFactory.create(values.toArray()));
        }
        return rows;
    }

    /** A manifest that cannot be read (damaged, or none) gives a row with nulls rather than no row. */
    private static JsonNode manifest(byte[] bytes) {
        try {
            JsonNode node = bytes.length == 0 ? null : JSON.readTree(bytes);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode v) {
        return v == null || !v.isIntegralNumber() ? null : v.asLong();
    }

    private static LocalDateTime timestamp(String s) {
        try {
            return s == null
                    ? null
                    : OffsetDateTime.parse(s).atZoneSameInstant(BuildInfo.CHINA).toLocalDateTime();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
