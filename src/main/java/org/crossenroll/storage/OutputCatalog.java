package org.crossenroll.storage;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What storage is told about the tables it keeps, so that it knows none of them by name: the schema each staged
 * table must have, and the run-status table it rewrites inside each commit. The table catalog implements it
 * ({@code catalog.Tables.CATALOG}), as a Spark {@code FileCommitProtocol} is handed what to commit without knowing
 * what the job computed.
 */
public interface OutputCatalog {
    /** The schema, nullability included, of the table staged at {@code path}; empty for a table it does not define. */
    Optional<StructType> schema(String path);

    /** The run-status table's folder under the output directory. */
    String runsTable();

    /** The run-status table's columns. */
    StructType runsSchema();

    /** The run-status table's rows for the run dates kept, one per {@code Run} in any order. */
    List<Row> runsRows(List<Run> runs);

    /** A run date as {@code _runs/D} holds it: whether it has its {@code _SUCCESS}, and its manifest's bytes. */
    record Run(LocalDate date, boolean complete, byte[] manifest) {}
}
