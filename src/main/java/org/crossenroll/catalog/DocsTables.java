package org.crossenroll.catalog;

import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The column tables of docs/reports.md (name, type, nullable, meaning for every table of {@link Tables}), generated
 * from the same schemas as the DDL so that the documentation cannot drift from what the job writes. DocsTablesTest
 * fails when docs/reports.md's section between {@link #BEGIN} and {@link #END} differs, and rewrites it with
 * {@code -Dcrossenroll.updateDocs=true}.
 */
public final class DocsTables {
    public static final String BEGIN = "<!-- columns:begin (generated from Tables by DocsTables: do not edit) -->";
    public static final String END = "<!-- columns:end -->";

    private DocsTables() {}

    /** The generated section, markers included. */
    public static String section() {
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        for (Tables.Table t : Tables.all()) {
            sb.append("\n### `")
                    .append(t.name())
                    .append("`\n\n`OUT/")
                    .append(t.path())
                    .append(t.partitioned() ? "/" + Tables.RUN_DATE + "=D/`" : "/`")
                    .append(": ")
                    .append(t.description())
                    .append("\n\n| column | type | nullable | meaning |\n|---|---|---|---|\n");
            for (StructField f : t.schema().fields()) {
                sb.append("| `")
                        .append(f.name())
                        .append("` | ")
                        .append(type(f.dataType()))
                        .append(" | ")
                        .append(f.nullable() ? "yes" : "no")
                        .append(" | ")
                        .append(cell(Tables.comment(f)))
                        .append(" |\n");
            }
            if (t.partitioned()) {
                sb.append("| `")
                        .append(Tables.RUN_DATE)
                        .append("` | DATE | no | the night: the partition (folder) "
                                + "`run_date=D`, not a column of the files |\n");
            }
        }
        return sb.append('\n').append(END).toString();
    }

    /** {@code doc} with its generated section replaced by {@link #section()}. */
    public static String regenerate(String doc) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("docs/reports.md lacks the markers " + BEGIN + " ... " + END);
        }
        return doc.substring(0, begin) + section() + doc.substring(end + END.length());
    }

    /** The type as DuckDB and Trino show it (the Parquet files' logical types). */
    static String type(DataType t) {
        if (t.equals(DataTypes.StringType)) {
            return "VARCHAR";
        } else if (t.equals(DataTypes.IntegerType)) {
            return "INTEGER";
        } else if (t.equals(DataTypes.TimestampNTZType)) {
            return "TIMESTAMP (China Standard Time, no zone)";
        }
        return t.sql().toUpperCase(Locale.ROOT);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
