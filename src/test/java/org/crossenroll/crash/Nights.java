package org.crossenroll.crash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.crossenroll.catalog.Tables;

/** Reads back the nights {@link CrashingPublish} writes, with DuckDB: a reader independent of the publisher. */
public final class Nights {
    private Nights() {}

    /** Per table of the night: "rows x nights:night" as DuckDB reads it, or "absent". */
    public static Map<String, String> readBack(Path out, String date) throws SQLException {
        Map<String, String> seen = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (String table : Tables.publishedTables()) {
                Path dir = out.resolve(table).resolve("run_date=" + date);
                if (!Files.isDirectory(dir)) {
                    seen.put(table, "absent");
                    continue;
                }
                try (ResultSet r =
                        s.executeQuery("SELECT count(*), count(DISTINCT night), min(night) FROM read_parquet('" + dir
                                + "/*.parquet')")) {
                    r.next();
                    seen.put(table, r.getLong(1) + " x " + r.getLong(2) + ":" + r.getString(3));
                }
            }
        }
        return seen;
    }

    public static Map<String, String> all(String value) {
        Map<String, String> m = new TreeMap<>();
        Tables.publishedTables().forEach(t -> m.put(t, value));
        return m;
    }
}
