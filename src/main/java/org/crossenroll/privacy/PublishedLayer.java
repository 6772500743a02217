package org.crossenroll.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.privacy.CellSuppression.Cell;
import org.crossenroll.privacy.CellSuppression.Equation;
import org.crossenroll.report.Report;

/**
 * The published layer of a report: the same rows and columns, with every person count that could identify a child
 * withheld (null) and flagged in a {@code <column>_withheld} BOOLEAN column, so that it can be shared beyond the
 * ministry's analysts, who keep the exact counts in the internal layer. See the README, "The published layer".
 *
 * <p>What is withheld: counts of 1..k-1 ({@code --min-cell-count k}), then by {@link CellSuppression} a second cell
 * of every sum the report shows (a parent region and its children, the all-years row and the per-year rows, a row's
 * students and its four status counts) until none can be recovered by subtraction; then every rate whose numerator
 * or denominator is withheld, and the distinct counts of a row whose students are withheld.
 */
public final class PublishedLayer {
  /** The published layer's folder under the output directory: {@code OUT/published/<report>/run_date=D/}. */
  public static final String DIR = "published";
  public static final String WITHHELD_SUFFIX = "_withheld";
  public static final long DEFAULT_MIN_CELL_COUNT = 10;

  private static final List<String> STATUSES = List.of("enrolled", "graduated", "withdrawn", "transferred");

  private PublishedLayer() {}

  /** A rate column and the columns it divides. */
  record Rate(String column, String numerator, String denominator) {}

  /**
   * What suppression needs to know of a report.
   *
   * @param counts the person counts, each a sum over enrollments
   * @param identity the columns that name a row
   * @param parents each hierarchy's map from a row to its parent row's identity (null at the top)
   * @param statusPartition whether students = enrolled + graduated + withdrawn + transferred in every row (status
   *     is mandatory and has these four values)
   * @param rates rates over the counts
   * @param followStudents distinct counts, withheld with the row's students: a bound on a withheld count otherwise
   */
  record Shape(List<String> counts, List<String> identity, List<Function<Row, List<Object>>> parents,
      boolean statusPartition, List<Rate> rates, List<String> followStudents) {}

  static Shape shape(Report report) {
    List<String> allCounts = org.crossenroll.report.Counts.NAMES;
    List<String> summary = List.of("level", "region_code", "intake_year");
    return switch (report) {
      case FLOWS -> new Shape(allCounts, List.of(), List.of(), true, List.of(), List.of());
      case ORIGIN_SUMMARY -> new Shape(allCounts, summary, List.of(PublishedLayer::allYearsRow,
          PublishedLayer::parentRegionRow), true, List.of(), List.of("host_provinces", "host_schools",
          "origin_schools"));
      case HOST_SUMMARY -> new Shape(allCounts, summary, List.of(PublishedLayer::allYearsRow,
          PublishedLayer::parentRegionRow), true, List.of(), List.of("origin_provinces", "origin_prefectures",
          "origin_counties", "origin_schools"));
      case PAIRING_PROGRESS -> new Shape(List.of("students", "registered_poor"),
          List.of("host_region_code", "origin_region_code", "intake_year"), List.of(PublishedLayer::cumulativeRow),
          false, List.of(new Rate("share_of_target", "students", "target_students")), List.of());
      case OUTCOMES -> new Shape(List.of("students", "graduated", "withdrawn", "employed",
          "employed_in_origin_province"), List.of(), List.of(), false, List.of(
          new Rate("graduation_rate", "graduated", "students"), new Rate("employment_rate", "employed", "graduated"),
          new Rate("return_home_rate", "employed_in_origin_province", "employed")), List.of());
    };
  }

  /** A summary's per-year row is a part of the region's all-years row. */
  private static List<Object> allYearsRow(Row r) {
    return r.getAs("intake_year") == null ? null : Arrays.asList(r.getAs("level"), r.getAs("region_code"), null);
  }

  /** A summary's row is a part of its parent region's row of the same year (a school of its county's). */
  private static List<Object> parentRegionRow(Row r) {
    Object year = r.getAs("intake_year");
    return switch ((String) r.getAs("level")) {
      case "prefecture" -> Arrays.asList("province", r.getAs("province_code"), year);
      case "county" -> Arrays.asList("prefecture", r.getAs("prefecture_code"), year);
      case "school" -> Arrays.asList("county", r.getAs("county_code"), year);
      default -> null;
    };
  }

  /** A pairing's per-year row is a part of its cumulative row. */
  private static List<Object> cumulativeRow(Row r) {
    return r.getAs("intake_year") == null ? null
        : Arrays.asList(r.getAs("host_region_code"), r.getAs("origin_region_code"), null);
  }

  /** A report's published layer and what its audit found. */
  public record Layer(StructType schema, List<Row> rows, long withheldCells, String audit) {}

  /** Builds the published layer of {@code rows} (the internal report, unchanged) and audits it. */
  public static Layer build(Report report, StructType schema, List<Row> rows, long minCellCount) {
    Shape shape = shape(report);
    long[][] values = counts(shape, schema, rows);
    List<Equation> equations = equations(shape, schema, rows);
    boolean[][] withheld = CellSuppression.withhold(values, equations, minCellCount);

    StructType published = schema;
    List<String> flagged = flagged(shape);
    for (String column : flagged) {
      published = published.add(column + WITHHELD_SUFFIX, DataTypes.BooleanType, false);
    }
    Map<String, Integer> countIndex = new HashMap<>();
    for (int c = 0; c < shape.counts().size(); c++) {
      countIndex.put(shape.counts().get(c), c);
    }
    List<Row> out = new ArrayList<>(rows.size());
    long cells = 0;
    for (int r = 0; r < rows.size(); r++) {
      Map<String, Boolean> hidden = new LinkedHashMap<>();
      for (int c = 0; c < shape.counts().size(); c++) {
        hidden.put(shape.counts().get(c), withheld[r][c]);
      }
      for (Rate rate : shape.rates()) {
        hidden.put(rate.column(), isWithheld(rate.numerator(), withheld[r], countIndex)
            || isWithheld(rate.denominator(), withheld[r], countIndex));
      }
      for (String distinct : shape.followStudents()) {
        hidden.put(distinct, withheld[r][countIndex.get("students")]);
      }
      Object[] fields = new Object[published.size()];
      for (int f = 0; f < schema.size(); f++) {
        fields[f] = Boolean.TRUE.equals(hidden.get(schema.fields()[f].name())) ? null : rows.get(r).get(f);
      }
      for (int i = 0; i < flagged.size(); i++) {
        boolean h = hidden.get(flagged.get(i));
        fields[schema.size() + i] = h;
        cells += h ? 1 : 0;
      }
      out.add(new GenericRowWithSchema(fields, published));
    }
    String audit = DisclosureAudit.check(report.table(), shape, schema, rows, out, equations, minCellCount);
    return new Layer(published, out, cells, audit);
  }

  /** The columns that get a {@code _withheld} flag, in the order the flags follow the report's columns. */
  static List<String> flagged(Shape shape) {
    List<String> columns = new ArrayList<>(shape.counts());
    shape.rates().forEach(rate -> columns.add(rate.column()));
    columns.addAll(shape.followStudents());
    return columns;
  }

  private static boolean isWithheld(String column, boolean[] withheldCounts, Map<String, Integer> countIndex) {
    Integer c = countIndex.get(column);
    return c != null && withheldCounts[c];
  }

  static long[][] counts(Shape shape, StructType schema, List<Row> rows) {
    int[] fields = shape.counts().stream().mapToInt(schema::fieldIndex).toArray();
    long[][] values = new long[rows.size()][fields.length];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < fields.length; c++) {
        values[r][c] = rows.get(r).getLong(fields[c]);
      }
    }
    return values;
  }

  /** Every sum the report shows, for every count: parent = sum of children in each hierarchy, and the statuses. */
  static List<Equation> equations(Shape shape, StructType schema, List<Row> rows) {
    Map<List<Object>, Integer> rowByIdentity = new HashMap<>();
    if (!shape.parents().isEmpty()) {
      for (int r = 0; r < rows.size(); r++) {
        rowByIdentity.put(identity(shape, rows.get(r)), r);
      }
    }
    List<Equation> equations = new ArrayList<>();
    for (Function<Row, List<Object>> parent : shape.parents()) {
      Map<Integer, List<Integer>> children = new LinkedHashMap<>();
      for (int r = 0; r < rows.size(); r++) {
        List<Object> parentIdentity = parent.apply(rows.get(r));
        Integer p = parentIdentity == null ? null : rowByIdentity.get(parentIdentity);
        if (p != null) { // a parent the report does not show gives no sum away
          children.computeIfAbsent(p, k -> new ArrayList<>()).add(r);
        }
      }
      children.forEach((p, parts) -> {
        for (int c = 0; c < shape.counts().size(); c++) {
          int column = c;
          equations.add(new Equation(new Cell(p, c), parts.stream().map(r -> new Cell(r, column)).toList()));
        }
      });
    }
    if (shape.statusPartition()) {
      int students = shape.counts().indexOf("students");
      List<Integer> statuses = STATUSES.stream().map(shape.counts()::indexOf).toList();
      for (int r = 0; r < rows.size(); r++) {
        int row = r;
        equations.add(new Equation(new Cell(r, students), statuses.stream().map(c -> new Cell(row, c)).toList()));
      }
    }
    return equations;
  }

  private static List<Object> identity(Shape shape, Row row) {
    List<Object> key = new ArrayList<>(shape.identity().size());
    for (String column : shape.identity()) {
      key.add(row.getAs(column));
    }
    return key;
  }
}
