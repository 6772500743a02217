package org.crossenroll.base;

import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * The job's schemas are written as DDL column lists ({@code name TYPE [NOT NULL] [COMMENT '...']}, comma-separated)
 * because that reads like the tables they define; this turns one into the {@link StructType} Spark's own {@link
 * StructType#fromDDL} gives for it (SchemaDdlTest compares the two on every schema of the catalog).
 *
 * <p>Why not Spark's parser: it is Spark SQL's whole ANTLR grammar, built on its first use in a JVM, and the job
 * parses no other SQL text, so without it nothing in a job JVM loads the parser. Measured: a cold ten-row run 22.0 s to
 * 21.0 s of CPU, a crash-test publish child about a tenth of its CPU. The column lists need only the types below.
 */
public final class SchemaDdl {
    private final String ddl;
    private int pos;

    private SchemaDdl(String ddl) {
        this.ddl = ddl;
    }

    /** The schema of a DDL column list; fails naming the position of anything it does not read. */
    public static StructType parse(String ddl) {
        SchemaDdl p = new SchemaDdl(ddl);
        StructType schema = new StructType();
        do {
            String name = p.name();
            DataType type = p.type();
            boolean nullable = true;
            Metadata metadata = Metadata.empty();
            if (p.keyword("NOT")) {
                p.expect("NULL");
                nullable = false;
            }
            if (p.keyword("COMMENT")) {
                metadata =
                        new MetadataBuilder().putString("comment", p.quoted()).build();
            }
            schema = schema.add(name, type, nullable, metadata);
        } while (p.symbol(','));
        p.skipSpace();
        if (p.pos != ddl.length()) {
            throw p.error("expected ',' or the end");
        }
        return schema;
    }

    private DataType type() {
        skipSpace();
        int start = pos;
        String t = word().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "STRING" -> DataTypes.StringType;
            case "INT", "INTEGER" -> DataTypes.IntegerType;
            case "BIGINT", "LONG" -> DataTypes.LongType;
            case "DOUBLE" -> DataTypes.DoubleType;
            case "BOOLEAN" -> DataTypes.BooleanType;
            case "DATE" -> DataTypes.DateType;
            case "TIMESTAMP" -> DataTypes.TimestampType;
            case "TIMESTAMP_NTZ" -> DataTypes.TimestampNTZType;
            case "DECIMAL" -> {
                if (!symbol('(')) {
                    yield DataTypes.createDecimalType(10, 0);
                }
                int precision = Integer.parseInt(word());
                int scale = symbol(',') ? Integer.parseInt(word()) : 0;
                if (!symbol(')')) {
                    throw error("expected ')'");
                }
                yield DataTypes.createDecimalType(precision, scale);
            }
            default -> {
                pos = start;
                throw error("unsupported type " + t);
            }
        };
    }

    private void skipSpace() {
        while (pos < ddl.length() && Character.isWhitespace(ddl.charAt(pos))) {
            pos++;
        }
    }

    /** A column name, plain or in backquotes (as {@link StructType#toDDL} writes it). */
    private String name() {
        skipSpace();
        if (pos < ddl.length() && ddl.charAt(pos) == '`') {
            int end = ddl.indexOf('`', pos + 1);
            if (end < 0) {
                throw error("unterminated name");
            }
            String name = ddl.substring(pos + 1, end);
            pos = end + 1;
            return name;
        }
        return word();
    }

    /** An identifier, a keyword or a number. */
    private String word() {
        skipSpace();
        int start = pos;
        while (pos < ddl.length() && (Character.isLetterOrDigit(ddl.charAt(pos)) || ddl.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return ddl.substring(start, pos);
    }

    private boolean keyword(String k) {
        skipSpace();
        int end = pos + k.length();
        if (ddl.regionMatches(true, pos, k, 0, k.length())
                && (end == ddl.length() || !(Character.isLetterOrDigit(ddl.charAt(end)) || ddl.charAt(end) == '_'))) {
            pos = end;
            return true;
        }
        return false;
    }

    private void expect(String k) {
        if (!keyword(k)) {
            throw error("expected " + k);
        }
    }

    private boolean symbol(char c) {
        skipSpace();
        if (pos < ddl.length() && ddl.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** A single-quoted string as Spark SQL reads it: {@code ''} and {@code \'} are a quote, {@code \\} a backslash. */
    private String quoted() {
        if (!symbol('\'')) {
            throw error("expected a quoted comment");
        }
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= ddl.length()) {
                throw error("unterminated comment");
            }
            char c = ddl.charAt(pos++);
            if (c == '\'') {
                if (pos < ddl.length() && ddl.charAt(pos) == '\'') {
                    pos++;
                } else {
                    return sb.toString();
                }
            } else if (c == '\\') {
                if (pos >= ddl.length() || (ddl.charAt(pos) != '\'' && ddl.charAt(pos) != '\\')) {
                    throw error("unsupported escape");
                }
                c = ddl.charAt(pos++);
            }
            sb.append(c);
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("Schema DDL: " + what + " at character " + (pos + 1) + ": "
                + ddl.substring(0, Math.min(ddl.length(), pos)));
    }
}
