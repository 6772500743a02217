package org.crossenroll.privacy;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.privacy.CellSuppression.Cell;
import org.crossenroll.privacy.CellSuppression.Equation;
import org.crossenroll.privacy.PublishedLayer.Rate;
import org.crossenroll.privacy.PublishedLayer.Shape;
import org.crossenroll.report.Counts;

/**
 * Proves a published layer safe before it is published, from the published rows themselves (what a reader sees)
 * rather than from the suppression's own bookkeeping. A violation fails the run and nothing is published.
 *
 * <p>The sums rule is stricter than "a group with one withheld part gets a second": an equation may hold no withheld
 * cell or at least two, counting its total, because a withheld total whose parts are all published is recovered by
 * adding them up; and under a published total the withheld parts must add up to at least k (or be zeros).
 */
final class DisclosureAudit {
  private DisclosureAudit() {}

  /** The rules of each row of one report: what is withheld is null, the rest as internally, rates follow. */
  static String check(String report, Shape shape, StructType schema, List<Row> internal, List<Row> published,
      long minCellCount) {
    int[] counts = shape.counts().stream().mapToInt(schema::fieldIndex).toArray();
    List<String> flaggedColumns = PublishedLayer.flagged(shape);
    for (int r = 0; r < internal.size(); r++) {
      Row in = internal.get(r);
      Row out = published.get(r);
      for (int f = 0; f < schema.size(); f++) {
        String column = schema.fields()[f].name();
        boolean flagged = flaggedColumns.contains(column);
        boolean withheld = flagged && out.getBoolean(out.fieldIndex(column + PublishedLayer.WITHHELD_SUFFIX));
        if (withheld && !out.isNullAt(f)) {
          fail(report, r, column + " is null when flagged withheld", out);
        }
        if (!withheld && !Objects.equals(in.get(f), out.get(f))) {
          fail(report, r, column + " is published as in the internal report unless withheld", out);
        }
      }
      for (int f : counts) {
        if (!out.isNullAt(f) && CellSuppression.isSmall(out.getLong(f), minCellCount)) {
          fail(report, r, schema.fields()[f].name() + " is not published between 1 and " + (minCellCount - 1), out);
        }
      }
      for (Rate rate : shape.rates()) {
        boolean parts = withheldCount(shape, out, rate.numerator()) || withheldCount(shape, out, rate.denominator());
        if (parts && !out.getBoolean(out.fieldIndex(rate.column() + PublishedLayer.WITHHELD_SUFFIX))) {
          fail(report, r, rate.column() + " is withheld with its numerator or denominator", out);
        }
      }
      for (String distinct : shape.followStudents()) {
        if (out.isNullAt(out.fieldIndex("students")) != out.isNullAt(out.fieldIndex(distinct))) {
          fail(report, r, distinct + " is withheld with students", out);
        }
      }
    }
    return String.format("passed: no published count between 1 and %d, rates and distinct counts withheld with "
        + "their counts", minCellCount - 1);
  }

  /**
   * Every sum, within and across reports, has no withheld cell or at least two, and the withheld parts under a
   * published total add up to 0 or at least k; on the rows of all the reports ({@code published.get(row)} and
   * {@code internal.get(row)} for the equations' rows, whose columns are {@link Counts#NAMES}).
   */
  static String checkSums(List<Row> internal, List<Row> published, List<Equation> equations, long minCellCount) {
    for (Equation eq : equations) {
      long hidden = eq.cells().stream().filter(c -> isNull(published.get(c.row()), c.column())).count();
      Cell t = eq.total();
      if (hidden == 1) {
        fail("a sum", t.row(), "the sum of " + Counts.NAMES.get(t.column()) + " over " + eq.parts().size()
            + " parts has no or at least two withheld cells", published.get(t.row()));
      }
      if (!isNull(published.get(t.row()), t.column())) {
        long hiddenSum = eq.parts().stream().filter(c -> isNull(published.get(c.row()), c.column()))
            .mapToLong(c -> value(internal.get(c.row()), c.column())).sum();
        if (hiddenSum > 0 && hiddenSum < minCellCount) {
          fail("a sum", t.row(), "the withheld parts of " + Counts.NAMES.get(t.column()) + " under a published "
              + "total add up to at least " + minCellCount, published.get(t.row()));
        }
      }
    }
    return "passed: " + equations.size() + " sums within and across the reports, each with no or at least two "
        + "withheld cells, and withheld parts under a published total adding up to at least " + minCellCount;
  }

  private static long value(Row row, int column) {
    return row.getLong(row.fieldIndex(Counts.NAMES.get(column)));
  }

  private static boolean isNull(Row row, int column) {
    return row.isNullAt(row.fieldIndex(Counts.NAMES.get(column)));
  }

  private static boolean withheldCount(Shape shape, Row published, String column) {
    return shape.counts().contains(column) && published.isNullAt(published.fieldIndex(column));
  }

  private static void fail(String report, int row, String rule, Row published) {
    throw new IllegalStateException("Disclosure audit failed for the published layer (" + report + "): " + rule
        + " does not hold in row " + row + " " + published + "; nothing was published.");
  }
}
