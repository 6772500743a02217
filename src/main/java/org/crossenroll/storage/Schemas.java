package org.crossenroll.storage;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Staging's check that a table is written with the schema its definition gives it. */
public final class Schemas {
  private Schemas() {}

  /** Fails unless {@code actual} has exactly the columns of {@code expected}, names and types, in this order. */
  public static void requireSame(String table, StructType expected, StructType actual) {
    List<String> want = describe(expected);
    List<String> got = describe(actual);
    if (!want.equals(got)) {
      throw new IllegalStateException("Table " + table + " does not match its definition in the catalog: expected "
          + want + ", got " + got + "; change catalog.Tables (and regenerate docs/reports.md) with the table.");
    }
  }

  private static List<String> describe(StructType s) {
    List<String> out = new ArrayList<>();
    for (StructField f : s.fields()) {
      out.add(f.name() + " " + f.dataType().sql());
    }
    return out;
  }
}
