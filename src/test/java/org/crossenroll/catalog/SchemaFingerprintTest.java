package org.crossenroll.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.spark.sql.types.StructField;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Every table a BI reader sees (name, folder, partitioning; each column's name, type and nullability) and each
 * report's row identity, hashed: a change to any of them fails here until {@link Report#SCHEMA_VERSION} is raised
 * and {@link Report#SCHEMA_FINGERPRINT} records the new hash, so no column changes under readers silently.
 */
class SchemaFingerprintTest {
    static String fingerprint() throws Exception {
        StringBuilder text = new StringBuilder();
        for (Tables.Table t : Tables.all()) {
            text.append(t.name())
                    .append(' ')
                    .append(t.path())
                    .append(' ')
                    .append(t.partitioned())
                    .append('\n');
            for (StructField f : t.schema().fields()) {
                text.append("  ")
                        .append(f.name())
                        .append(' ')
                        .append(f.dataType().sql())
                        .append(f.nullable() ? "" : " NOT NULL")
                        .append('\n');
            }
        }
        for (Report r : Report.values()) {
            text.append(r.table())
                    .append(" identity ")
                    .append(ReportSpec.of(r).identity())
                    .append('\n');
        }
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSchemaVersionChangesWithEveryColumn() throws Exception {
        assertThat(fingerprint())
                .as(
                        "a table's columns or a report's identity changed: raise Report.SCHEMA_VERSION (now %d) and set "
                                + "Report.SCHEMA_FINGERPRINT to this value, then regenerate docs/reports.md",
                        Report.SCHEMA_VERSION)
                .isEqualTo(Report.SCHEMA_FINGERPRINT);
        // and the column docs say which version they describe
        assertThat(java.nio.file.Files.readAllLines(TestSpark.projectDir().resolve("docs/reports.md"))
                        .get(0))
                .isEqualTo("# The reports (schema version " + Report.SCHEMA_VERSION + ")");
    }
}
