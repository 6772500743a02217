package org.crossenroll.catalog;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampNTZType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.disclosure.DesignedLayer;
import org.crossenroll.monitor.Anomalies;
import org.crossenroll.monitor.Completeness;
import org.crossenroll.monitor.Metrics;
import org.crossenroll.report.CooperationReport;
import org.crossenroll.report.Counts;
import org.crossenroll.report.PairingLedgers;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.storage.OutputCatalog;
import org.crossenroll.storage.Staging;
import org.crossenroll.validate.CooperationClassifier;
import org.crossenroll.validate.Outcomes;

/**
 * Every table the job publishes, in one place: its name as a SQL engine sees it, its folder under the output
 * directory, its columns (name, type, whether it can be null, what it means) and what it is. The DDL of every engine
 * ({@link Ddl}) and the column tables of docs/reports.md are generated from this, and {@link Staging} writes each
 * registered table with this schema's nullability (REQUIRED for NOT NULL in the Parquet files) and refuses to stage it
 * when its schema, nullability included, differs from it, so neither can drift from what the job writes.
 *
 * <p>A new table is registered in {@link #all()}, with its schema as a constant here (or where its builder
 * lives), before anything can publish it.
 */
public final class Tables {
    /** The partition column every table but {@code runs} has: the night. */
    public static final String RUN_DATE = "run_date";

    public static final String ENROLLMENTS_CLEAN_TABLE = "enrollments_clean";
    public static final String QUARANTINE_TABLE = "quarantine";
    public static final String DATA_QUALITY_TABLE = "data_quality";
    /** The other ledger (docs/input-contract.md, "Cooperation records"): its accepted records, and its refused rows. */
    public static final String COOPERATION_CLEAN_TABLE = "cooperation_clean";

    public static final String COOPERATION_QUARANTINE_TABLE = "cooperation_quarantine";
    public static final String COOPERATION_TABLE = CooperationReport.TABLE;
    public static final String PAIRING_LEDGERS_TABLE = PairingLedgers.TABLE;
    /** What a night that fails a data check still publishes, for diagnosis: no record of a student among them. */
    public static final List<String> DIAGNOSIS_TABLES =
            List.of(QUARANTINE_TABLE, DATA_QUALITY_TABLE, Metrics.TABLE, Completeness.TABLE, Anomalies.TABLE);

    /** What storage needs of the catalog: each staged table's schema, and the runs table. */
    public static final OutputCatalog CATALOG = new OutputCatalog() {
        @Override
        public Optional<StructType> schema(String path) {
            return at(path).map(Table::schema);
        }

        @Override
        public String runsTable() {
            return RunsTable.DIR;
        }

        @Override
        public StructType runsSchema() {
            return RunsTable.schema(all());
        }

        @Override
        public List<Row> runsRows(List<OutputCatalog.Run> runs) {
            return RunsTable.rows(runs, all());
        }
    };

    /**
     * A published table.
     *
     * @param name the SQL name ({@code published_flows} for {@code published/flows})
     * @param path the folder under the output directory
     * @param schema the columns, without {@code run_date}; each field's comment says what it means
     * @param partitioned whether it is partitioned by {@code run_date} ({@code OUT/<path>/run_date=D/})
     * @param description one sentence: what a row is
     */
    public record Table(String name, String path, StructType schema, boolean partitioned, String description) {}

    private Tables() {}

    /**
     * Every table, in the order the commit moves them, then {@code runs}.
     */
    public static List<Table> all() {
        List<Table> tables = new ArrayList<>(partitionedTables());
        tables.add(new Table(
                RunsTable.DIR,
                RunsTable.DIR,
                RunsTable.schema(tables),
                false,
                "One row per run date kept in the output: its status, when it was published, its rows per table, and "
                        + "which night is the latest complete one. Rewritten whole at each commit, from `_runs/`."));
        return List.copyOf(tables);
    }

    private static List<Table> partitionedTables() {
        List<Table> tables = new ArrayList<>();
        tables.add(new Table(
                ENROLLMENTS_CLEAN_TABLE,
                ENROLLMENTS_CLEAN_TABLE,
                ENROLLMENTS_CLEAN,
                true,
                "Internal: one row per accepted enrollment (student and intake year), pseudonymized."));
        tables.add(new Table(
                QUARANTINE_TABLE,
                QUARANTINE_TABLE,
                QUARANTINE,
                true,
                "Internal: one row per quarantined input row, where it is and why (docs/quarantine.md)."));
        tables.add(new Table(
                DATA_QUALITY_TABLE,
                DATA_QUALITY_TABLE,
                dataQuality(),
                true,
                "Internal: one row per input file, its rows by outcome and quarantine reason."));
        for (Report r : Report.values()) {
            tables.add(new Table(r.table(), r.table(), report(r), true, REPORT_DESCRIPTIONS.get(r.ordinal())));
        }
        for (DesignedLayer.Table t : DesignedLayer.Table.values()) {
            tables.add(new Table(
                    DesignedLayer.DIR + "_" + t.table(),
                    publishedPath(t),
                    published(t),
                    true,
                    PUBLISHED_DESCRIPTIONS.get(t.ordinal())));
        }
        // The other ledger in tables of its own, beside the enrollments' and never mixed with them: its rows describe
        // institutions, not students, and a quarantine of its own keeps the enrollments' quarantine, data_quality and
        // data checks (and every reader of them) as they were.
        tables.add(new Table(
                COOPERATION_CLEAN_TABLE,
                COOPERATION_CLEAN_TABLE,
                commented(CooperationClassifier.CLEAN_SCHEMA, COOPERATION_MEANINGS),
                true,
                "One row per accepted cooperation record (one indicator of one pairing in one year), the newest "
                        + "version of each record_id."));
        tables.add(new Table(
                COOPERATION_QUARANTINE_TABLE,
                COOPERATION_QUARANTINE_TABLE,
                QUARANTINE,
                true,
                "One row per quarantined cooperation row, where it is and why: the columns and reason codes of "
                        + "`quarantine` (docs/quarantine.md)."));
        tables.add(new Table(
                COOPERATION_TABLE,
                COOPERATION_TABLE,
                commented(CooperationReport.SCHEMA, COOPERATION_MEANINGS),
                true,
                "What the eastern partners put in: one row per level (pairing, province x province, programme), "
                        + "regions, year (null = all years) and indicator, with the sum of the values and the records "
                        + "summed. Aggregates about institutions: shared as they are, no published layer "
                        + "(docs/reports.md, \"cooperation\")."));
        tables.add(new Table(
                PAIRING_LEDGERS_TABLE,
                PAIRING_LEDGERS_TABLE,
                commented(PairingLedgers.SCHEMA, PAIRING_LEDGERS_MEANINGS),
                true,
                "Both ledgers per pairing of pairing_progress: one row per pairing and year with students or "
                        + "cooperation records, and an all-years row (year null) for every pairing. Internal: it holds "
                        + "pairing_progress's exact student counts."));
        tables.add(new Table(
                Metrics.TABLE,
                Metrics.TABLE,
                commented(Metrics.SCHEMA, MONITORING_MEANINGS),
                true,
                "Night over night (diagnosis): tonight's counts per input file, host school, host and origin province, one "
                        + "row per entity, metric and intake year."));
        tables.add(new Table(
                Completeness.TABLE,
                Completeness.TABLE,
                commented(Completeness.SCHEMA, MONITORING_MEANINGS),
                true,
                "Night over night (diagnosis): one row per expected submitter (host school, province or pairing of "
                        + "the cooperation records), and per "
                        + "unexpected one: did it submit tonight, when was it last seen."));
        tables.add(new Table(
                Anomalies.TABLE,
                Anomalies.TABLE,
                commented(Anomalies.SCHEMA, MONITORING_MEANINGS),
                true,
                "Night over night (diagnosis): one row per metric, entity and strategy beyond its threshold tonight."));
        return tables;
    }

    /** The schema with each column's meaning as its comment; a column without one is a mistake found at startup. */
    private static StructType commented(StructType schema, java.util.Map<String, String> meanings) {
        StructType out = new StructType();
        for (StructField f : schema.fields()) {
            String meaning = meanings.get(f.name());
            if (meaning == null) {
                throw new IllegalStateException("Column " + f.name() + " has no meaning in Tables");
            }
            out = out.add(f.withComment(meaning));
        }
        return out;
    }

    /** The columns of cooperation_clean and the cooperation report (docs/reports.md, "cooperation"). */
    private static final java.util.Map<String, String> COOPERATION_MEANINGS = java.util.Map.ofEntries(
            java.util.Map.entry(
                    "level",
                    "`pairing` (host and origin region as reported), `province` (host province x origin "
                            + "province) or `programme` (the whole programme: every region column null)"),
            java.util.Map.entry("record_id", "the source system's record id"),
            java.util.Map.entry("host_region_code_submitted", "the eastern partner's region code as submitted"),
            java.util.Map.entry(
                    "host_region_code",
                    "the eastern partner: the code as reported (a province, prefecture or county) in "
                            + "the reference's vintage; at level `province` the host province; null at level `programme`"),
            java.util.Map.entry("host_region_name", "its name in the region reference"),
            java.util.Map.entry(
                    "host_region_level",
                    "`province`, `prefecture` or `county`: the finest level the code determines (a "
                            + "county code of another vintage split among several counties determines its prefecture)"),
            java.util.Map.entry(
                    "host_prefecture_code",
                    "the host region's prefecture (itself at level prefecture); null for a province"),
            java.util.Map.entry("host_prefecture_name", "its name in the region reference"),
            java.util.Map.entry("host_province_code", "the host region's province"),
            java.util.Map.entry("host_province_name", "its name in the region reference"),
            java.util.Map.entry("origin_region_code_submitted", "the western partner's region code as submitted"),
            java.util.Map.entry(
                    "origin_region_code", "the western partner, as host_region_code is the eastern (the same rules)"),
            java.util.Map.entry("origin_region_name", "its name in the region reference"),
            java.util.Map.entry("origin_region_level", "`province`, `prefecture` or `county`, as host_region_level"),
            java.util.Map.entry(
                    "origin_prefecture_code",
                    "the origin region's prefecture (itself at level prefecture); null for a province"),
            java.util.Map.entry("origin_prefecture_name", "its name in the region reference"),
            java.util.Map.entry("origin_province_code", "the origin region's province"),
            java.util.Map.entry("origin_province_name", "its name in the region reference"),
            java.util.Map.entry(
                    "host_school_code",
                    "the eastern school reporting for itself (10 digits); null when a region reports"),
            java.util.Map.entry("origin_school_code", "the western school it works with; null when not given"),
            java.util.Map.entry(
                    "year", "the year the input is for (2016 to the run date's year); in the report null = all years"),
            java.util.Map.entry(
                    "indicator",
                    "one of the contract's fifteen: `funds_cny`, `equipment_cny`, `cadres_sent`, "
                            + "`teachers_sent`, `cadres_received`, `teachers_received`, `teachers_trained`, "
                            + "`programmes_cobuilt`, `training_bases`, `branch_schools`, `vocational_groups`, "
                            + "`schools_paired`, `employment_training`, `skills_upgrading`, `entrepreneurship_training`"),
            java.util.Map.entry("unit", "what the value counts: `yuan`, `persons`, `person-times` or `count`"),
            java.util.Map.entry(
                    "value",
                    "the value (exact, to the fen for the two amounts in yuan; whole for the others); in "
                            + "the report the sum of the records' values"),
            java.util.Map.entry(
                    "records",
                    "accepted cooperation records summed (partners report in parts: two records of one "
                            + "pairing, year and indicator both count)"),
            java.util.Map.entry(
                    "updated_at",
                    "when the source system last changed the record, China Standard Time (a wall-clock "
                            + "time, no zone)"),
            java.util.Map.entry("source_file", "the input file, relative to --input"),
            java.util.Map.entry("line_number", "where the row starts in it"));

    /** The columns of pairing_ledgers (docs/reports.md, "pairing_ledgers"). */
    private static final java.util.Map<String, String> PAIRING_LEDGERS_MEANINGS = java.util.Map.ofEntries(
            java.util.Map.entry("host_region_code", "the eastern partner of the pairing, as in pairing_progress"),
            java.util.Map.entry("host_region_name", "its name in the region reference"),
            java.util.Map.entry("host_region_level", "`province` or `prefecture`"),
            java.util.Map.entry("origin_region_code", "the western partner, as in pairing_progress"),
            java.util.Map.entry("origin_region_name", "its name in the region reference"),
            java.util.Map.entry("origin_region_level", "`province` or `prefecture`"),
            java.util.Map.entry(
                    "year",
                    "the intake year of the students and the year of the cooperation records; null = all years"),
            java.util.Map.entry("students", "accepted enrollments of the pairing, as pairing_progress counts them"),
            java.util.Map.entry("registered_poor", "of them, registered poor (建档立卡), as in pairing_progress"),
            java.util.Map.entry(
                    "funds_cny",
                    "yuan of funds (`funds_cny`) from the cooperation records whose host lies in the host "
                            + "region and origin in the origin region (a county's record counts for its prefecture's "
                            + "pairing)"),
            java.util.Map.entry("equipment_cny", "yuan of equipment donated (`equipment_cny`), the same records"),
            java.util.Map.entry("teachers_sent", "teachers sent (`teachers_sent`)"),
            java.util.Map.entry("teachers_received", "teachers received (`teachers_received`)"),
            java.util.Map.entry("cadres_sent", "cadres sent (`cadres_sent`)"),
            java.util.Map.entry("cadres_received", "cadres received (`cadres_received`)"),
            java.util.Map.entry("programmes_cobuilt", "programmes built together (`programmes_cobuilt`)"),
            java.util.Map.entry("training_bases", "training bases built together (`training_bases`)"),
            java.util.Map.entry(
                    "people_trained",
                    "workers trained: `employment_training` + `skills_upgrading` + " + "`entrepreneurship_training`"),
            java.util.Map.entry("cooperation_records", "accepted cooperation records summed into the row"),
            java.util.Map.entry(
                    "students_per_million_yuan",
                    "students / (funds_cny + equipment_cny) x 1,000,000; null when no " + "money was reported"),
            java.util.Map.entry(
                    "inputs_without_students",
                    "the partner reported some input (any indicator above 0) and no student was placed"),
            java.util.Map.entry(
                    "students_without_inputs", "students were placed and the partner reported no cooperation record"));

    /** The columns of metrics, completeness and anomalies (docs/reports.md, "Night over night", explains them). */
    private static final java.util.Map<String, String> MONITORING_MEANINGS = java.util.Map.ofEntries(
            java.util.Map.entry(
                    "entity_kind",
                    "`file` (an input file), `host_school`, `host_province`, `origin_province`, `pairing` (a pairing of "
                            + "the cooperation records); in completeness `host_school`, `province` or `pairing`"),
            java.util.Map.entry(
                    "entity_code",
                    "the file's path relative to `--input` (as `data_quality.source_file`), "
                            + "the 10-digit host school code, the province code, or a pairing's host and origin region "
                            + "code as `cooperation` has them, joined by `-` (`330200-522300`)"),
            java.util.Map.entry(
                    "entity_name",
                    "a school's one name (as in `host_summary`: the `--schools` registry's, "
                            + "else the name most of its accepted rows give), a province's reference name, a pairing's "
                            + "host and origin reference names joined by ` x `; null for files and for a "
                            + "school with neither"),
            java.util.Map.entry(
                    "metric",
                    "`rows_read`, `accepted`, `superseded`, `quarantined`, `quarantined_<reason>`, "
                            + "`students` (a pairing: `accepted` and `superseded` cooperation records only); in "
                            + "anomalies also `quarantined_share` (quarantined / rows_read)"),
            java.util.Map.entry(
                    "intake_year",
                    "for `students` only: accepted enrollments of that intake year (they sum to "
                            + "`accepted`); null on every other metric"),
            java.util.Map.entry("value", "the count"),
            java.util.Map.entry(
                    "latest_updated_at",
                    "the newest `updated_at` of the entity's valid rows (wall-clock China "
                            + "Standard Time, as submitted); null when it has none"),
            java.util.Map.entry("expected", "expected tonight"),
            java.util.Map.entry(
                    "expected_because",
                    "`history` (it submitted on a night of the history) or `list` "
                            + "(`--expected-submitters` names it); null when not expected"),
            java.util.Map.entry("submitted", "it sent rows tonight"),
            java.util.Map.entry("missing", "expected and not submitted"),
            java.util.Map.entry(
                    "rows_read",
                    "tonight's rows: rows read for a school; for a province its valid rows as "
                            + "host plus its valid rows as origin province; for a pairing its valid cooperation records"),
            java.util.Map.entry(
                    "nights_seen",
                    "history nights on which it sent rows (reporting rate: nights_seen / " + "history_nights)"),
            java.util.Map.entry("history_nights", "nights in the history (0 on a first night)"),
            java.util.Map.entry(
                    "last_seen_run_date",
                    "the newest night, tonight included, on which it sent rows; null " + "when never"),
            java.util.Map.entry(
                    "days_since_latest_update", "days from latest_updated_at's date to the run date " + "(timeliness)"),
            java.util.Map.entry("tonight", "tonight's value"),
            java.util.Map.entry(
                    "baseline",
                    "the previous night's value (change strategies) or the mean of the history "
                            + "nights (`online_normal`)"),
            java.util.Map.entry(
                    "change",
                    "`relative_rate_of_change`: tonight / baseline - 1; `absolute_change`: tonight - "
                            + "baseline; `online_normal`: (tonight - mean) / deviation"),
            java.util.Map.entry("strategy", "`relative_rate_of_change`, `absolute_change`, `online_normal` (Deequ's)"),
            java.util.Map.entry("threshold", "the threshold crossed, on the scale of `change`"),
            java.util.Map.entry(
                    "severity", "`warning` or `severe`; `--fail-on-anomaly` fails the night on a severe one"),
            java.util.Map.entry("baseline_nights", "nights the baseline is made of (1 for the change strategies)"),
            java.util.Map.entry("baseline_from", "the first night of the baseline"),
            java.util.Map.entry("baseline_to", "the last night of the baseline, the one compared with"));

    /** Every table a complete night publishes (all but {@code runs}), by folder, in the order the commit moves them. */
    public static List<String> publishedTables() {
        return all().stream().filter(Table::partitioned).map(Table::path).toList();
    }

    /** A table of the published layer, under {@code OUT/published/}. */
    public static String publishedPath(DesignedLayer.Table table) {
        return DesignedLayer.DIR + "/" + table.table();
    }

    /** The registered table at {@code path} (its folder under the output directory), if any. */
    public static Optional<Table> at(String path) {
        return all().stream().filter(t -> t.path().equals(path)).findFirst();
    }

    /** The "last complete night" view of a partitioned table. */
    public static String latestView(Table table) {
        return table.name() + "_latest";
    }

    private static final List<String> REPORT_DESCRIPTIONS = List.of(
            "One row per (intake year, scheme, origin prefecture, host prefecture).",
            "The origin hierarchy rolled up: one row per province, prefecture and county of origin, for each intake year "
                    + "and for all years.",
            "The host hierarchy rolled up to the school: one row per province, prefecture, county and school, for each "
                    + "intake year and for all years.",
            "Each pairing of the pairings file: one row per intake year with students, and a cumulative row for every "
                    + "pairing.",
            "What becomes of each cohort: one row per (intake year, origin prefecture, host province), and one "
                    + "pooling the complete cohorts of each (origin prefecture, host province).");

    static final StructType ENROLLMENTS_CLEAN = new StructType()
            .add(
                    "student_pseudonym",
                    StringType,
                    false,
                    "hex HMAC-SHA256 of the trimmed, upper-cased student_id under the pseudonym key: "
                            + "the same student has the same pseudonym every night")
            .add("record_id", StringType, false, "the source system's record id")
            .add("gender", StringType, false, "`M` or `F`")
            .add("birth_date", DateType, true, "as submitted; null when blank")
            .add("ethnicity", StringType, true, "GB/T 3304 code or name as submitted (a one-digit code padded to two)")
            .add("ethnic_minority", BooleanType, true, "ethnicity is not Han; null when ethnicity is blank (unknown)")
            .add("origin_county_code_submitted", StringType, false, "the home county code as submitted")
            .add(
                    "origin_county_code",
                    StringType,
                    true,
                    "the home county in the reference's vintage; null when the code history "
                            + "determines only the prefecture or province")
            .add("origin_county_name", StringType, true, "its name in the region reference")
            .add(
                    "origin_prefecture_code",
                    StringType,
                    true,
                    "the home prefecture (a pseudo-prefecture such as 429000 for county-level units "
                            + "directly under a province); null when only the province is determined")
            .add("origin_prefecture_name", StringType, true, "its name in the region reference")
            .add("origin_province_code", StringType, false, "the home province")
            .add("origin_province_name", StringType, false, "its name in the region reference")
            .add("origin_school", StringType, true, "the middle school the student came from, as submitted")
            .add("host_school_code", StringType, false, "10-digit national school identification code")
            .add(
                    "host_school_name",
                    StringType,
                    true,
                    "the school's one name: the `--schools` registry's, else the name most of its "
                            + "accepted rows give (docs/input-contract.md, School names), the same on every "
                            + "row of the school")
            .add("host_county_code_submitted", StringType, false, "the host school's county code as submitted")
            .add(
                    "host_county_code",
                    StringType,
                    true,
                    "the host county in the reference's vintage; null when not determined")
            .add("host_county_name", StringType, true, "its name in the region reference")
            .add("host_prefecture_code", StringType, true, "the host prefecture; null when not determined")
            .add("host_prefecture_name", StringType, true, "its name in the region reference")
            .add("host_province_code", StringType, false, "the host province")
            .add("host_province_name", StringType, false, "its name in the region reference")
            .add("program_code", StringType, true, "6-digit programme code as submitted")
            .add("program_name", StringType, true, "as submitted")
            .add(
                    "scheme",
                    StringType,
                    true,
                    "from the scheme vocabulary; `其他` for a scheme outside it; null = unspecified")
            .add("intake_date", DateType, false, "the intake date")
            .add("intake_year", IntegerType, false, "its year")
            .add("registered_poor", BooleanType, false, "child of a registered poor household (建档立卡)")
            .add("liang_hou_sheng", BooleanType, false, "a school leaver who had not continued (两后生); blank = false")
            .add("status", StringType, false, "`ENROLLED`, `GRADUATED`, `WITHDRAWN` or `TRANSFERRED`")
            .add("status_date", DateType, true, "when the status began; null when blank")
            .add("employment_status", StringType, true, "`EMPLOYED`, `FURTHER_STUDY` or `UNEMPLOYED` (graduates only)")
            .add("employment_county_code_submitted", StringType, true, "the employment county code as submitted")
            .add("employment_county_code", StringType, true, "the employment county in the reference's vintage")
            .add("employment_prefecture_code", StringType, true, "its prefecture")
            .add("employment_province_code", StringType, true, "its province")
            .add(
                    "updated_at",
                    TimestampNTZType,
                    false,
                    "when the source system last changed the row, China Standard Time (a wall-clock "
                            + "time, no zone)")
            .add("source_file", StringType, false, "the input file, relative to --input")
            .add("line_number", LongType, false, "where the row starts in it");

    static final StructType QUARANTINE = new StructType()
            .add("source_file", StringType, false, "the file, relative to --input")
            .add(
                    "line_number",
                    LongType,
                    false,
                    "the line a CSV or JSON Lines record starts on, the 1-based row of a Parquet file")
            .add(
                    "record_id",
                    StringType,
                    true,
                    "the row's record_id; null when it cannot be read or the row held personal data")
            .add("reason_code", StringType, false, "the first rule broken (docs/quarantine.md)")
            .add("field", StringType, true, "the first field that breaks it; null for `MALFORMED`")
            .add("detail", StringType, false, "what is wrong, in words; never a submitted value");

    private static StructType dataQuality() {
        StructType s = new StructType();
        for (StructField f : Outcomes.DATA_QUALITY_SCHEMA.fields()) {
            String meaning = switch (f.name()) {
                case "source_file" -> "the input file, relative to --input";
                case "rows_read" -> "rows read from it (= accepted + superseded + quarantined)";
                case "accepted", "superseded", "quarantined" -> "rows " + f.name();
                case Outcomes.SCHEME_OTHER ->
                    "accepted rows whose scheme is outside the vocabulary (published as `其他`)";
                default ->
                    f.name().startsWith("resolved_")
                            ? "accepted rows with a county code the code history resolved "
                                    + f.name().substring(9).replace('_', ' ')
                            : "rows quarantined as `" + f.name().toUpperCase(java.util.Locale.ROOT) + "`";
            };
            s = s.add(f.name(), f.dataType(), f.nullable(), meaning);
        }
        return s;
    }

    /** A report's columns: identity and labels as {@link ReportSpec} names them, then counts, rates, distinct. */
    public static StructType report(Report r) {
        return switch (r) {
            case FLOWS ->
                withMeanings(
                        new StructType()
                                .add("intake_year", IntegerType, false)
                                .add("scheme", StringType, true)
                                .add("origin_province_code", StringType, false)
                                .add("origin_province_name", StringType, false)
                                .add("origin_prefecture_code", StringType, false)
                                .add("origin_prefecture_name", StringType, false)
                                .add("origin_prefecture_display", StringType, false)
                                .add("host_province_code", StringType, false)
                                .add("host_province_name", StringType, false)
                                .add("host_prefecture_code", StringType, false)
                                .add("host_prefecture_name", StringType, false)
                                .add("host_prefecture_display", StringType, false),
                        List.of(),
                        List.of());
            case ORIGIN_SUMMARY ->
                withMeanings(
                        new StructType()
                                .add("level", StringType, false)
                                .add("region_code", StringType, false)
                                .add("region_name", StringType, false)
                                .add("region_display", StringType, false)
                                .add("province_code", StringType, false)
                                .add("prefecture_code", StringType, true)
                                .add("intake_year", IntegerType, true),
                        List.of(),
                        List.of("host_provinces", "host_schools", "origin_schools"));
            case HOST_SUMMARY ->
                withMeanings(
                        new StructType()
                                .add("level", StringType, false)
                                .add("region_code", StringType, false)
                                .add("region_name", StringType, true)
                                .add("region_display", StringType, true)
                                .add("province_code", StringType, false)
                                .add("prefecture_code", StringType, true)
                                .add("county_code", StringType, true)
                                .add("intake_year", IntegerType, true),
                        List.of(),
                        List.of("origin_provinces", "origin_prefectures", "origin_counties", "origin_schools"));
            case PAIRING_PROGRESS ->
                withMeanings(
                        new StructType()
                                .add("host_region_code", StringType, false)
                                .add("host_region_name", StringType, false)
                                .add("host_region_display", StringType, false)
                                .add("host_region_level", StringType, false)
                                .add("origin_region_code", StringType, false)
                                .add("origin_region_name", StringType, false)
                                .add("origin_region_display", StringType, false)
                                .add("origin_region_level", StringType, false)
                                .add("intake_year", IntegerType, true)
                                .add("students", LongType, false)
                                .add("registered_poor", LongType, false)
                                .add("target_students", LongType, true)
                                .add("share_of_target", DoubleType, true),
                        null,
                        List.of());
            case OUTCOMES ->
                withMeanings(
                        new StructType()
                                .add("intake_year", IntegerType, true)
                                .add("origin_province_code", StringType, false)
                                .add("origin_province_name", StringType, false)
                                .add("origin_prefecture_code", StringType, false)
                                .add("origin_prefecture_name", StringType, false)
                                .add("origin_prefecture_display", StringType, false)
                                .add("host_province_code", StringType, false)
                                .add("host_province_name", StringType, false)
                                .add("first_cohort", IntegerType, true)
                                .add("last_cohort", IntegerType, true)
                                .add("students", LongType, false)
                                .add("graduated", LongType, false)
                                .add("withdrawn", LongType, false)
                                .add("graduation_rate", DoubleType, true)
                                .add("employed", LongType, false)
                                .add("employment_rate", DoubleType, true)
                                .add("employed_in_origin_province", LongType, false)
                                .add("return_home_rate", DoubleType, true),
                        null,
                        List.of());
        };
    }

    /**
     * Adds the counts ({@code counts} null: they are already in {@code head}) and the distinct counts, and a meaning
     * to every column from {@link #MEANINGS}.
     */
    private static StructType withMeanings(StructType head, List<String> counts, List<String> distinct) {
        StructType s = head;
        if (counts != null) {
            for (String c : Counts.NAMES) {
                s = s.add(c, DataTypes.LongType, false);
            }
        }
        for (String d : distinct) {
            s = s.add(d, DataTypes.LongType, false);
        }
        StructType out = new StructType();
        for (StructField f : s.fields()) {
            out = out.add(f.name(), f.dataType(), f.nullable(), meaning(f.name()));
        }
        return out;
    }

    /** A table of the published layer: {@link DesignedLayer}'s columns, each with its meaning. */
    public static StructType published(DesignedLayer.Table t) {
        return commented(DesignedLayer.schema(t), PUBLISHED_MEANINGS);
    }

    private static final String DISPLAY = "the name qualified so that no two regions of its level share it, e.g. "
            + "`上海市 市辖区` (docs/reports.md, \"Display names\"): group by this, not by the name";

    private static final List<String> PUBLISHED_DESCRIPTIONS = List.of(
            "Published (additive threshold method, docs/published-layer.md): students and registered-poor students by origin province "
                    + "and prefecture, for each intake year and for all years; a row only where its published students "
                    + "is above 0.",
            "Published (additive threshold method): the same by the host school's province and prefecture.",
            "Published (additive threshold method): students and registered-poor students from each origin province to each host "
                    + "province, for each intake year and for all years.",
            "Published (additive threshold method): students, graduated, employed and employed in the origin province, with their "
                    + "rates, per origin province and host province (and all host provinces), for each intake year and "
                    + "for all years.",
            "Published (additive threshold method): students and registered-poor students of each pairing of the pairings file, for "
                    + "each intake year (a row only where its published students is above 0) and for all years (every pairing "
                    + "has its all-years row).");

    private static final String PERTURBED = ": the sum of the fine values of its fine cells (docs/published-layer.md, "
            + "\"The contract\"): 0 or at least k, within (k-1) x its fine cells of 1..k-1 of the true count";

    /** The columns of the published layer (docs/published-layer.md, "Its tables"). */
    private static final java.util.Map<String, String> PUBLISHED_MEANINGS = java.util.Map.ofEntries(
            java.util.Map.entry("level", "`province` or `prefecture`"),
            java.util.Map.entry(
                    "region_code", "the region the row describes (a prefecture not determined is `34xxxx`)"),
            java.util.Map.entry("region_name", "its name in the region reference"),
            java.util.Map.entry("region_display", DISPLAY),
            java.util.Map.entry("province_code", "its province (itself at level province)"),
            java.util.Map.entry(
                    "intake_year", "the intake year (the cohort); null = all years (the sum of the years' rows)"),
            java.util.Map.entry("origin_province_code", "the student's home province"),
            java.util.Map.entry("origin_province_name", "its name in the region reference"),
            java.util.Map.entry("host_province_code", "the host school's province (in province_outcomes null = all)"),
            java.util.Map.entry("host_province_name", "its name in the region reference (null with the code)"),
            java.util.Map.entry("host_region_code", "the eastern partner (a province or prefecture)"),
            java.util.Map.entry("host_region_name", "its name in the region reference"),
            java.util.Map.entry("host_region_level", "`province` or `prefecture`"),
            java.util.Map.entry("origin_region_code", "the western partner"),
            java.util.Map.entry("origin_region_name", "its name in the region reference"),
            java.util.Map.entry("origin_region_level", "`province` or `prefecture`"),
            java.util.Map.entry("students", "accepted enrollments" + PERTURBED),
            java.util.Map.entry("registered_poor", "enrollments of registered poor households (建档立卡)" + PERTURBED),
            java.util.Map.entry("graduated", "enrollments with status GRADUATED" + PERTURBED),
            java.util.Map.entry("employed", "graduates employed" + PERTURBED),
            java.util.Map.entry("employed_in_origin_province", "employed in the student's home province" + PERTURBED),
            java.util.Map.entry(
                    "registered_poor_share",
                    "registered_poor / students of the row's published counts, capped at 1; null when students is 0"),
            java.util.Map.entry(
                    "graduation_rate",
                    "graduated / students of the row's published counts, capped at 1; null when students is 0"),
            java.util.Map.entry(
                    "employment_rate",
                    "employed / graduated of the row's published counts, capped at 1; null when graduated is 0"),
            java.util.Map.entry(
                    "return_home_rate",
                    "employed_in_origin_province / employed of the row's published counts, capped at 1; null when "
                            + "employed is 0"),
            java.util.Map.entry(
                    "target_students", "the pairing's target from the pairings file (exact); null when none"),
            java.util.Map.entry(
                    "share_of_target",
                    "students (published) / target_students; null when the target is null or 0; above 1 when the "
                            + "target is exceeded (not capped: the target is exact)"));

    private static String meaning(String column) {
        String m = MEANINGS.get(column);
        if (m == null) {
            throw new IllegalStateException("Column " + column + " has no meaning in Tables.MEANINGS");
        }
        return m;
    }

    private static final java.util.Map<String, String> MEANINGS = java.util.Map.ofEntries(
            java.util.Map.entry(
                    "intake_year",
                    "the intake year (the cohort); in the summaries and pairing_progress "
                            + "null = all years; in outcomes null = the complete cohorts pooled (first_cohort to "
                            + "last_cohort)"),
            java.util.Map.entry(
                    "scheme",
                    "the placing programme, from the scheme vocabulary (`--schemes`, by default "
                            + "data/schemes.csv: 东西协作, 兜底招生, 沪滇联盟, 对口支援); `其他` = a submitted scheme outside it (how many "
                            + "per file: data_quality.scheme_other), so free text never labels a row; null = unspecified"),
            java.util.Map.entry("origin_province_code", "the student's home province"),
            java.util.Map.entry("origin_province_name", "its name in the region reference"),
            java.util.Map.entry(
                    "origin_prefecture_code",
                    "the home prefecture (pseudo-prefectures included; `34xxxx` " + "when not determined)"),
            java.util.Map.entry(
                    "origin_prefecture_name", "its name in the region reference (`地级未确定` when not " + "determined)"),
            java.util.Map.entry("origin_prefecture_display", DISPLAY),
            java.util.Map.entry("host_prefecture_display", DISPLAY),
            java.util.Map.entry(
                    "region_display",
                    DISPLAY + " (at level school: its region_name, qualified by its "
                            + "county's display name, `江宁区 职业中学`, when two or more school codes of the night or the registry "
                            + "have that name)"),
            java.util.Map.entry("host_region_display", DISPLAY),
            java.util.Map.entry("origin_region_display", DISPLAY),
            java.util.Map.entry("host_province_code", "the host school's province"),
            java.util.Map.entry("host_province_name", "its name in the region reference"),
            java.util.Map.entry("host_prefecture_code", "the host school's prefecture"),
            java.util.Map.entry("host_prefecture_name", "its name in the region reference"),
            java.util.Map.entry("level", "`province`, `prefecture`, `county` (or `school` in host_summary)"),
            java.util.Map.entry("region_code", "the region the row describes (the school's code at level school)"),
            java.util.Map.entry(
                    "region_name",
                    "its name in the region reference (at level school the school's one name: "
                            + "the `--schools` registry's, else the name most of its accepted rows give; null when neither names it)"),
            java.util.Map.entry("province_code", "its province (itself at level province)"),
            java.util.Map.entry(
                    "prefecture_code", "its prefecture (itself at level prefecture); null at level province"),
            java.util.Map.entry(
                    "county_code",
                    "its county (itself at level county); null above level county; a school "
                            + "row has all three ancestors"),
            java.util.Map.entry("students", "accepted enrollments (see \"The counts\")"),
            java.util.Map.entry("female", "enrollments whose gender is F"),
            java.util.Map.entry("ethnic_minority", "enrollments of an ethnic minority (not Han)"),
            java.util.Map.entry("registered_poor", "enrollments of registered poor households (建档立卡)"),
            java.util.Map.entry("liang_hou_sheng", "enrollments of 两后生"),
            java.util.Map.entry("enrolled", "enrollments with status ENROLLED"),
            java.util.Map.entry("graduated", "enrollments with status GRADUATED"),
            java.util.Map.entry("withdrawn", "enrollments with status WITHDRAWN"),
            java.util.Map.entry("transferred", "enrollments with status TRANSFERRED"),
            java.util.Map.entry("employed", "graduates employed"),
            java.util.Map.entry("further_study", "graduates in further study"),
            java.util.Map.entry("employed_in_origin_province", "employed in the student's home province"),
            java.util.Map.entry("employed_in_host_province", "employed in the host school's province"),
            java.util.Map.entry("host_provinces", "distinct host provinces its students study in"),
            java.util.Map.entry("host_schools", "distinct host schools (by code)"),
            java.util.Map.entry(
                    "origin_schools",
                    "distinct origin schools, a school being (origin county, school name); "
                            + "blank names not counted"),
            java.util.Map.entry("origin_provinces", "distinct home provinces of its students"),
            java.util.Map.entry("origin_prefectures", "distinct home prefectures of its students"),
            java.util.Map.entry("origin_counties", "distinct home counties of its students"),
            java.util.Map.entry("host_region_code", "the eastern partner (a province or prefecture)"),
            java.util.Map.entry("host_region_name", "its name in the region reference"),
            java.util.Map.entry("host_region_level", "`province` or `prefecture`"),
            java.util.Map.entry("origin_region_code", "the western partner"),
            java.util.Map.entry("origin_region_name", "its name in the region reference"),
            java.util.Map.entry("origin_region_level", "`province` or `prefecture`"),
            java.util.Map.entry("target_students", "the pairing's target from the pairings file; null when none"),
            java.util.Map.entry(
                    "share_of_target",
                    "students / target_students; null when the target is null or 0 "
                            + "(not a rate: above 1 when exceeded, and on a per-year row that year's share of the whole target)"),
            java.util.Map.entry(
                    "first_cohort",
                    "the first intake year the row's rates cover: a complete cohort's own year, on a pooled row its "
                            + "first complete cohort; null for a cohort still in school (docs/reports.md, \"Rates over "
                            + "complete cohorts\")"),
            java.util.Map.entry(
                    "last_cohort",
                    "the last intake year the row's rates cover (on a pooled row the last complete cohort with "
                            + "students); null for a cohort still in school"),
            java.util.Map.entry(
                    "graduation_rate", "graduated / students; null for a cohort still in school (first_cohort null)"),
            java.util.Map.entry(
                    "employment_rate", "employed / graduated; null when graduated = 0 or for a cohort still in school"),
            java.util.Map.entry(
                    "return_home_rate",
                    "employed_in_origin_province / employed; null when employed = 0 or for a cohort still in school"));

    /** A field's meaning (its comment), or empty. */
    public static String comment(StructField f) {
        return f.getComment().isDefined() ? f.getComment().get() : "";
    }
}
