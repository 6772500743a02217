package org.crossenroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.Runs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the run's output with DuckDB, an independent Parquet reader, and hunts for planted student ids and names in
 * everything the run wrote or logged.
 */
class OutputReadbackTest {
    /** Distinctive enough that they cannot occur by chance in hex pseudonyms or reference names. */
    static final List<String> PLANTED_IDS = List.of(
            "PIIQ110101200001011234",
            "PIIQ53290119990101123X",
            "PIIQ-SUPERSEDED-77",
            "PIIQ-BAD-88",
            "PIIQ-MALFORMED-99",
            "PIIQ-JSON-55");

    static final List<String> PLANTED_NAMES = List.of("秘密名字甲", "秘密名字乙", "秘密名字丙", "秘密名字丁", "秘密名字戊");

    @TempDir
    static Path tmp;

    static Path output;
    static Runs.Result result;
    static String logged;

    @BeforeAll
    static void runOnce() throws IOException {
        Path input = tmp.resolve("in");
        Fixtures.csv(
                input.resolve("pii.csv"),
                List.of(
                        Fixtures.row("A1", PLANTED_IDS.get(0), "student_name", PLANTED_NAMES.get(0)),
                        Fixtures.row(
                                "A2",
                                PLANTED_IDS.get(1),
                                "student_name",
                                PLANTED_NAMES.get(1),
                                "gender",
                                "女",
                                "updated_at",
                                "2019-09-15T08:30:00"),
                        Fixtures.row(
                                "A3old",
                                PLANTED_IDS.get(1),
                                "student_name",
                                PLANTED_NAMES.get(1),
                                "updated_at",
                                "2019-09-01 08:30:00"),
                        Fixtures.row("A4", PLANTED_IDS.get(3), "student_name", PLANTED_NAMES.get(2), "status", "??"),
                        "A5," + PLANTED_IDS.get(4) + "," + PLANTED_NAMES.get(3) + ",M"));
        Files.writeString(
                input.resolve("pii.jsonl"),
                "{\"record_id\":\"J1\",\"student_id\":\"" + PLANTED_IDS.get(5) + "\",\"student_name\":\""
                        + PLANTED_NAMES.get(4) + "\",\"gender\":\"M\",\"origin_county_code\":\"532901\","
                        + "\"host_school_code\":\"4132000001\",\"host_county_code\":\"320115\",\"intake_date\":\"2019-09-01\","
                        + "\"registered_poor\":true,\"status\":\"ENROLLED\",\"updated_at\":\"2019-09-15 10:00:00\"}\n"
                        + "{\"record_id\":\"J2\",\"student_id\":\"" + PLANTED_IDS.get(5) + "-x\",\"student_name\":\""
                        + PLANTED_NAMES.get(4) + "\",\"gender\":\"M\"\n",
                StandardCharsets.UTF_8);
        output = tmp.resolve("out");

        // Capture everything Spark and the job log at INFO while the run goes (--verbose), to search it too.
        StringWriter log = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder()
                .setName("capture")
                .setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%m%n").build())
                .build();
        appender.start();
        ctx.getConfiguration().addAppender(appender);
        ctx.getRootLogger().addAppender(ctx.getConfiguration().getAppender("capture"));
        try {
            result = Runs.run(input, output, "--verbose");
        } finally {
            ctx.getRootLogger().removeAppender(appender);
            appender.stop();
            Configurator.setRootLevel(Level.WARN);
        }
        logged = log.toString();
    }

    private static Connection duckdb() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    private static String glob(String table) {
        return "'" + output.resolve(table) + "/*/*.parquet'";
    }

    @Test
    void duckDbReadsTheSameCountsAndTypes() throws SQLException {
        assertThat(result.exitCode()).as(result.err()).isZero();
        try (Connection c = duckdb();
                Statement s = c.createStatement()) {
            // Hand count: A1, A2, J1 accepted; A3old superseded by A2; A4 (bad status), A5 (cut short), J2 (cut JSON)
            // quarantined.
            assertThat(scalar(s, "select count(*) from read_parquet(" + glob("enrollments_clean") + ")"))
                    .isEqualTo("3");
            assertThat(scalar(s, "select count(*) from read_parquet(" + glob("quarantine") + ")"))
                    .isEqualTo("3");
            assertThat(scalar(
                            s,
                            "select sum(rows_read) || '/' || sum(accepted) || '/' || sum(superseded) || '/' || "
                                    + "sum(quarantined) from read_parquet(" + glob("data_quality") + ")"))
                    .isEqualTo("7/3/1/3");
            Map<String, String> types = new HashMap<>();
            try (ResultSet rs = s.executeQuery("describe select * from read_parquet(" + glob("enrollments_clean")
                    + ", hive_partitioning = true)")) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
            assertThat(types)
                    .containsEntry("updated_at", "TIMESTAMP")
                    .containsEntry("birth_date", "DATE")
                    .containsEntry("intake_date", "DATE")
                    .containsEntry("registered_poor", "BOOLEAN")
                    .containsEntry("intake_year", "INTEGER")
                    .containsEntry("origin_county_code", "VARCHAR")
                    .containsEntry("line_number", "BIGINT")
                    .containsEntry("run_date", "DATE");
            // The wall-clock time the source wrote, not shifted by a time zone.
            assertThat(scalar(
                            s,
                            "select cast(updated_at as varchar) from read_parquet(" + glob("enrollments_clean")
                                    + ") where record_id = 'A2'"))
                    .isEqualTo("2019-09-15 08:30:00");
        }
    }

    private static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void noRawIdOrNameAnywhereTheRunWrote() throws IOException, SQLException {
        List<String> texts = new ArrayList<>();
        texts.add(result.out());
        texts.add(result.err());
        texts.add(logged);
        try (Stream<Path> files = Files.walk(output);
                Connection c = duckdb();
                Statement s = c.createStatement()) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.toString().endsWith(".parquet")) {
                    texts.add(allValues(s, f));
                } else {
                    texts.add(Files.readString(f, StandardCharsets.ISO_8859_1));
                    texts.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(logged).as("the capture worked").contains("Starting job");
        for (String text : texts) {
            for (String id : PLANTED_IDS) {
                assertThat(text).doesNotContain(id).doesNotContain(id.toLowerCase());
            }
            for (String name : PLANTED_NAMES) {
                assertThat(text).doesNotContain(name);
            }
        }
    }

    /** Every value of every column of one Parquet file, as text. */
    private static String allValues(Statement s, Path parquet) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (ResultSet rs = s.executeQuery("select * from read_parquet('" + parquet + "')")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getString(i)).append('\t');
                }
            }
        }
        return b.toString();
    }
}
