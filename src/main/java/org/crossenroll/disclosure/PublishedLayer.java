package org.crossenroll.disclosure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.disclosure.Protection.Result;
import org.crossenroll.report.Counts;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;
import org.crossenroll.report.ReportSpec.Rate;

/**
 * The published layer of the reports: the same rows and columns, with every count that could identify a child
 * withheld (null) and flagged in a {@code <column>_withheld} BOOLEAN column, so that it can be shared beyond the
 * ministry's analysts, who keep the exact counts in the internal layer. See docs/published-layer.md.
 *
 * <p>The five reports are protected together ({@link Protection}), since a reader combines them; then every rate
 * whose numerator or denominator is withheld is withheld, and the distinct counts of a row whose students are; then
 * {@link DisclosureAudit} proves the result from the published rows before anything is returned.
 */
public final class PublishedLayer {
    /** The published layer's folder under the output directory: {@code OUT/published/<report>/run_date=D/}. */
    public static final String DIR = "published";

    public static final String FLAG = "_withheld";

    private PublishedLayer() {}

    /**
     * The published layer could not be proven safe (the protection found no room for a count, or the audit refused
     * it). Not a crash: the night fails as a data check, with this one sentence naming the report, row and column.
     */
    public static final class NotProven extends RuntimeException {
        public NotProven(String message) {
            super(message);
        }
    }

    /** A report as built: its schema and rows. */
    public record Table(StructType schema, List<Row> rows) {}

    /** A report's published layer: its schema and rows, and how many cells it withholds. */
    public record Layer(StructType schema, List<Row> rows, long withheldCells) {}

    /** The published layers of a run and what their audit found (for the manifest). */
    public record Layers(Map<Report, Layer> byReport, Map<String, Object> audit) {}

    /**
     * The published layers of the reports (which are left unchanged), audited.
     *
     * @param units the rows of {@code Reports.units}: the grain every report sums
     * @param minCellCount k: no count of 1..k-1, published or a complement of published counts, can be narrowed by a
     *     reader to a range less than k wide
     */
    public static Layers build(Map<Report, Table> reports, List<Row> units, long minCellCount) {
        return build(reports, units, minCellCount, UnaryOperator.identity());
    }

    /**
     * As above; {@code beforeAudit} may change the published rows before they are audited (a test's way to make the
     * audit refuse a layer: production passes the identity).
     */
    public static Layers build(
            Map<Report, Table> reports,
            List<Row> units,
            long minCellCount,
            UnaryOperator<Map<Report, List<Row>>> beforeAudit) {
        Map<Report, List<Row>> internal = new LinkedHashMap<>();
        Map<Report, StructType> schemas = new LinkedHashMap<>();
        reports.forEach((report, table) -> {
            ReportSpec.of(report).check(table.schema());
            internal.put(report, table.rows());
            schemas.put(report, table.schema());
        });
        LinkedCells cells = new LinkedCells(internal);
        Result protection = Protection.protect(cells, new Units(units, cells), minCellCount);
        if (!protection.unprotected().isEmpty()) {
            Protection.Target t = protection.unprotected().get(0);
            throw new NotProven("the published layer cannot protect "
                    + protection.unprotected().size()
                    + " counts of 1.." + (minCellCount - 1) + ", e.g. " + t.name() + " of "
                    + cells.describe(t.row() * LinkedCells.COLUMNS)
                    + ": no move of students between places of the reports "
                    + "gives it a range of " + minCellCount);
        }
        Map<Report, Layer> layers = new LinkedHashMap<>();
        Map<Report, List<Row>> published = new LinkedHashMap<>();
        for (Report report : reports.keySet()) {
            Layer layer = assemble(report, reports.get(report), protection.withheld(), cells.offset.get(report));
            layers.put(report, layer);
            published.put(report, layer.rows());
        }
        Map<Report, List<Row>> audited = beforeAudit.apply(published);
        DisclosureAudit.Result audit =
                DisclosureAudit.check(internal, schemas, audited, protection.points(), minCellCount);
        if (audited != published) { // what is returned is what was audited
            audited.forEach((report, rows) -> layers.put(
                    report,
                    new Layer(
                            layers.get(report).schema(),
                            rows,
                            layers.get(report).withheldCells())));
        }
        return new Layers(layers, audit.toManifest());
    }

    /** The report's rows with the withheld cells (rows from {@code base} of the joint table) nulled and flagged. */
    private static Layer assemble(Report report, Table table, boolean[] withheld, int base) {
        ReportSpec spec = ReportSpec.of(report);
        StructType schema = table.schema();
        List<String> flagged = spec.flagged();
        // a withheld cell is null: a flagged column is nullable whatever the report's own column is (as catalog.Tables
        // defines the published layer, and as its Parquet files must say)
        StructType published = new StructType();
        for (org.apache.spark.sql.types.StructField f : schema.fields()) {
            published = published.add(new org.apache.spark.sql.types.StructField(
                    f.name(), f.dataType(), f.nullable() || flagged.contains(f.name()), f.metadata()));
        }
        for (String column : flagged) {
            published = published.add(column + FLAG, DataTypes.BooleanType, false);
        }
        List<Row> out = new java.util.ArrayList<>(table.rows().size());
        long cells = 0;
        for (int r = 0; r < table.rows().size(); r++) {
            Map<String, Boolean> hidden = new LinkedHashMap<>();
            for (String count : spec.counts()) {
                hidden.put(count, withheld[(base + r) * LinkedCells.COLUMNS + Counts.NAMES.indexOf(count)]);
            }
            for (Rate rate : spec.rates()) {
                hidden.put(
                        rate.column(),
                        hidden.getOrDefault(rate.numerator(), false) || hidden.getOrDefault(rate.denominator(), false));
            }
            for (String distinct : spec.distinctCounts()) {
                hidden.put(distinct, hidden.get("students"));
            }
            Object[] fields = new Object[published.size()];
            for (int f = 0; f < schema.size(); f++) {
                fields[f] = hidden.getOrDefault(schema.fields()[f].name(), false)
                        ? null
                        : table.rows().get(r).get(f);
            }
            for (int i = 0; i < flagged.size(); i++) {
                boolean h = hidden.get(flagged.get(i));
                fields[schema.size() + i] = h;
                cells += h ? 1 : 0;
            }
            out.add(new GenericRowWithSchema(fields, published));
        }
        return new Layer(published, out, cells);
    }
}
