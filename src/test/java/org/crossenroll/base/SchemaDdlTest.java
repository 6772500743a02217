package org.crossenroll.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.catalog.Tables;
import org.junit.jupiter.api.Test;

/** {@link SchemaDdl} against Spark's own DDL parser, which is what it replaces. */
class SchemaDdlTest {
    private static void sameAsSpark(String ddl) {
        assertThat(SchemaDdl.parse(ddl)).as(ddl).isEqualTo(StructType.fromDDL(ddl));
    }

    @Test
    void readsWhatTheJobsSchemasWrite() {
        sameAsSpark("id BIGINT NOT NULL, name STRING NOT NULL, note STRING");
        sameAsSpark("value DECIMAL(18,2) NOT NULL, share double, d date, t TIMESTAMP_NTZ, ts timestamp, b BOOLEAN");
        sameAsSpark("record_id STRING NOT NULL COMMENT 'the source system''s record id'");
        sameAsSpark("x INT COMMENT 'a, b (c): `M` or `F`; 建档立卡', y INT COMMENT 'it\\'s \\\\ here'");
        sameAsSpark("  a   INT   NOT   NULL  COMMENT   ''  ,b INT");
    }

    /** Spark's rendering of every table of the catalog (backquoted names, backslash escapes) reads back the same. */
    @Test
    void readsEveryCatalogSchemaAsSparkWritesIt() {
        for (Tables.Table t : Tables.all()) {
            String ddl = t.schema().toDDL();
            sameAsSpark(ddl);
            assertThat(SchemaDdl.parse(ddl)).isEqualTo(t.schema());
        }
    }

    /** Column lists drawn from the grammar the class reads, each compared with Spark's parse. */
    @Test
    void readsGeneratedColumnListsAsSparkDoes() {
        String[] types = {
            "STRING",
            "int",
            "BIGINT",
            "Double",
            "BOOLEAN",
            "DATE",
            "TIMESTAMP",
            "TIMESTAMP_NTZ",
            "DECIMAL(18,2)",
            "DECIMAL(9,0)"
        };
        String[] commentParts = {"a", " ", ",", "''", "\\'", "\\\\", "(", ")", "`x`", "学生", "NOT NULL", "--"};
        Random random = new Random(20261207);
        for (int i = 0; i < 500; i++) {
            List<String> columns = new ArrayList<>();
            int n = 1 + random.nextInt(5);
            for (int c = 0; c < n; c++) {
                StringBuilder col = new StringBuilder(random.nextBoolean() ? "c" + c : "`c " + c + "`");
                col.append(' ').append(types[random.nextInt(types.length)]);
                if (random.nextBoolean()) {
                    col.append(" NOT NULL");
                }
                if (random.nextBoolean()) {
                    col.append(" COMMENT '");
                    for (int p = random.nextInt(6); p > 0; p--) {
                        col.append(commentParts[random.nextInt(commentParts.length)]);
                    }
                    col.append('\'');
                }
                columns.add(col.toString());
            }
            sameAsSpark(String.join(random.nextBoolean() ? ", " : " ,", columns));
        }
    }

    @Test
    void failsNamingWhereItStopped() {
        assertThatThrownBy(() -> SchemaDdl.parse("a INT, b MAP<STRING,INT>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported type MAP at character 10");
        assertThatThrownBy(() -> SchemaDdl.parse("a INT COMMENT 'open")).hasMessageContaining("unterminated comment");
        assertThatThrownBy(() -> SchemaDdl.parse("a INT NOT b")).hasMessageContaining("expected NULL");
        assertThatThrownBy(() -> SchemaDdl.parse("a INT b INT")).hasMessageContaining("expected ',' or the end");
    }
}
