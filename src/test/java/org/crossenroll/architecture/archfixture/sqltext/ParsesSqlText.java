package org.crossenroll.architecture.archfixture.sqltext;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;

/** Breaks {@code Layers.noSqlText}: a schema from DDL text and a cast to a type named in text. */
public final class ParsesSqlText {
    private ParsesSqlText() {}

    static StructType schema() {
        return StructType.fromDDL("id BIGINT NOT NULL");
    }

    static Column asLong(Column c) {
        return c.cast("bigint");
    }
}
