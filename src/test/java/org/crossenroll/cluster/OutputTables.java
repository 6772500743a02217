package org.crossenroll.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The tables a run publishes, compared between two output directories by DuckDB, independently of Spark. */
final class OutputTables {
    static final List<String> TABLES = List.of(
            "enrollments_clean",
            "quarantine",
            "data_quality",
            "flows",
            "origin_summary",
            "host_summary",
            "pairing_progress",
            "outcomes",
            "published/students_by_origin",
            "published/students_by_host",
            "published/province_flows",
            "published/province_outcomes",
            "published/pairing_students");

    private OutputTables() {}

    /** Every table of two outputs holds the same rows (as multisets), and none is empty. */
    static void assertSame(Path a, Path b) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                String left = "read_parquet('" + a.resolve(table) + "/*/*.parquet')";
                String right = "read_parquet('" + b.resolve(table) + "/*/*.parquet')";
                long rows = count(s, "select count(*) from " + left);
                assertThat(rows).as(table).isPositive();
                assertThat(count(s, "select count(*) from " + right)).as(table).isEqualTo(rows);
                assertThat(count(
                                s,
                                "select count(*) from (select * from " + left + " except all select * from " + right
                                        + ")"))
                        .as("%s rows only in %s", table, a)
                        .isZero();
                assertThat(count(
                                s,
                                "select count(*) from (select * from " + right + " except all select * from " + left
                                        + ")"))
                        .as("%s rows only in %s", table, b)
                        .isZero();
            }
        }
    }

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
