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
import org.crossenroll.report.Counts;
import org.crossenroll.report.Report;

/**
 * The published layer of a report: the same rows and columns, with every person count that could identify a child
 * withheld (null) and flagged in a {@code <column>_withheld} BOOLEAN column, so that it can be shared beyond the
 * ministry's analysts, who keep the exact counts in the internal layer. See the README, "The published layer".
 *
 * <p>What is withheld: counts of 1..k-1 ({@code --min-cell-count k}), then by {@link CellSuppression} a second cell
 * of every sum the reports show (a parent region and its children, the all-years row and the per-year rows, a row's
 * students and its four status counts, and a group of flows rows and the row of another report it adds up to)
 * until none can be recovered by subtraction; then every rate whose numerator or denominator is withheld, and the
 * distinct counts of a row whose students are withheld. The audit ({@link DisclosureAudit}) then proves it.
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
   * @param identity the columns that name a row (what a parent or a linked flows row is looked up by)
   * @param parents each hierarchy's map from a row to its parent row's identity (null at the top)
   * @param statusPartition whether students = enrolled + graduated + withdrawn + transferred in every row (status
   *     is mandatory and has these four values)
   * @param rates rates over the counts
   * @param followStudents distinct counts, withheld with the row's students: a bound on a withheld count otherwise
   */
  record Shape(List<String> counts, List<String> identity, List<Function<Row, List<Object>>> parents,
      boolean statusPartition, List<Rate> rates, List<String> followStudents) {}

  static Shape shape(Report report) {
    List<String> allCounts = Counts.NAMES;
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
          "employed_in_origin_province"), List.of("intake_year", "origin_prefecture_code", "host_province_code"),
          List.of(), false, List.of(
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

  /** A report as built: its schema and rows. */
  public record Table(StructType schema, List<Row> rows) {}

  /** A report's published layer and what its audit found. */
  public record Layer(StructType schema, List<Row> rows, long withheldCells, String audit) {}

  /** The published layers of a run and the audit of the sums within and across them. */
  public record Layers(Map<Report, Layer> byReport, String sumsAudit) {}

  /** The published layer of one report on its own (no other report's sums taken into account). */
  public static Layer build(Report report, StructType schema, List<Row> rows, long minCellCount) {
    return build(Map.of(report, new Table(schema, rows)), minCellCount).byReport().get(report);
  }

  /**
   * The published layers of the given reports (the internal reports, unchanged), suppressed together: besides each
   * report's own sums, a flows row group adds up to a row of each other report (see {@link #linkedSums}), so a
   * cell one report withholds cannot be recovered from another. Each layer is audited before it is returned.
   */
  public static Layers build(Map<Report, Table> reports, long minCellCount) {
    // One table of cells for all reports: row g is row g - offset(report) of its report; columns are Counts.NAMES,
    // a report without some count leaving those cells 0 and out of every sum.
    List<Report> order = new ArrayList<>(reports.keySet());
    Map<Report, Integer> offset = new HashMap<>();
    int total = 0;
    for (Report report : order) {
      offset.put(report, total);
      total += reports.get(report).rows().size();
    }
    long[][] values = new long[total][Counts.NAMES.size()];
    List<Equation> equations = new ArrayList<>();
    for (Report report : order) {
      Shape shape = shape(report);
      Table table = reports.get(report);
      int base = offset.get(report);
      for (String count : shape.counts()) {
        int field = table.schema().fieldIndex(count);
        int c = Counts.NAMES.indexOf(count);
        for (int r = 0; r < table.rows().size(); r++) {
          values[base + r][c] = table.rows().get(r).getLong(field);
        }
      }
      equations.addAll(equations(shape, table.rows(), base));
    }
    equations.addAll(linkedSums(reports, offset));
    boolean[][] withheld = CellSuppression.withhold(values, equations, minCellCount);

    Map<Report, Layer> layers = new LinkedHashMap<>();
    List<Row> allInternal = new ArrayList<>(total);
    List<Row> allPublished = new ArrayList<>(total);
    for (Report report : order) {
      Layer layer = assemble(report, reports.get(report), withheld, offset.get(report), minCellCount);
      layers.put(report, layer);
      allInternal.addAll(reports.get(report).rows());
      allPublished.addAll(layer.rows());
    }
    // The sums, within and across reports, audited on what a reader of all the published layers sees.
    return new Layers(layers, DisclosureAudit.checkSums(allInternal, allPublished, equations, minCellCount));
  }

  /**
   * The report's rows with the withheld cells (rows from {@code base} of the joint table) nulled and flagged, and
   * the audit of its rows.
   */
  private static Layer assemble(Report report, Table table, boolean[][] withheld, int base, long minCellCount) {
    Shape shape = shape(report);
    StructType schema = table.schema();
    StructType published = schema;
    List<String> flagged = flagged(shape);
    for (String column : flagged) {
      published = published.add(column + WITHHELD_SUFFIX, DataTypes.BooleanType, false);
    }
    List<Row> out = new ArrayList<>(table.rows().size());
    long cells = 0;
    for (int r = 0; r < table.rows().size(); r++) {
      boolean[] row = withheld[base + r];
      Map<String, Boolean> hidden = new HashMap<>();
      for (String count : shape.counts()) {
        hidden.put(count, row[Counts.NAMES.indexOf(count)]);
      }
      for (Rate rate : shape.rates()) {
        hidden.put(rate.column(), hidden.getOrDefault(rate.numerator(), false)
            || hidden.getOrDefault(rate.denominator(), false));
      }
      for (String distinct : shape.followStudents()) {
        hidden.put(distinct, hidden.get("students"));
      }
      Object[] fields = new Object[published.size()];
      for (int f = 0; f < schema.size(); f++) {
        fields[f] = hidden.getOrDefault(schema.fields()[f].name(), false) ? null : table.rows().get(r).get(f);
      }
      for (int i = 0; i < flagged.size(); i++) {
        boolean h = hidden.get(flagged.get(i));
        fields[schema.size() + i] = h;
        cells += h ? 1 : 0;
      }
      out.add(new GenericRowWithSchema(fields, published));
    }
    String audit = DisclosureAudit.check(report.table(), shape, schema, table.rows(), out, minCellCount);
    return new Layer(published, out, cells, audit);
  }

  /**
   * The sums between reports, all through flows (one row per intake year, scheme, origin prefecture and host
   * prefecture): a host_summary prefecture row of a year is the sum of that year's flows rows into the prefecture,
   * an origin_summary prefecture row the sum of the flows rows out of it, an outcomes row (year, origin prefecture,
   * host province) the sum of its flows rows, and a pairing's row of a year the sum of the flows rows between its
   * regions. Each holds for every count the two reports share.
   */
  static List<Equation> linkedSums(Map<Report, Table> reports, Map<Report, Integer> offset) {
    Table flows = reports.get(Report.FLOWS);
    if (flows == null) {
      return List.of();
    }
    Map<Report, Function<Row, List<List<Object>>>> parentsOfFlow = new LinkedHashMap<>();
    parentsOfFlow.put(Report.HOST_SUMMARY, f -> List.of(Arrays.asList("prefecture",
        f.getAs("host_prefecture_code"), f.getAs("intake_year"))));
    parentsOfFlow.put(Report.ORIGIN_SUMMARY, f -> List.of(Arrays.asList("prefecture",
        f.getAs("origin_prefecture_code"), f.getAs("intake_year"))));
    parentsOfFlow.put(Report.OUTCOMES, f -> List.of(Arrays.asList(f.getAs("intake_year"),
        f.getAs("origin_prefecture_code"), f.getAs("host_province_code"))));
    parentsOfFlow.put(Report.PAIRING_PROGRESS, f -> {
      List<List<Object>> keys = new ArrayList<>();
      for (Object host : List.of(f.getAs("host_province_code"), f.getAs("host_prefecture_code"))) {
        for (Object origin : List.of(f.getAs("origin_province_code"), f.getAs("origin_prefecture_code"))) {
          keys.add(Arrays.asList(host, origin, f.getAs("intake_year")));
        }
      }
      return keys;
    });
    List<Equation> equations = new ArrayList<>();
    parentsOfFlow.forEach((report, parents) -> {
      Table linked = reports.get(report);
      if (linked == null) {
        return;
      }
      Map<List<Object>, Integer> rowByKey = new HashMap<>();
      for (int r = 0; r < linked.rows().size(); r++) {
        Row row = linked.rows().get(r);
        rowByKey.put(key(row, shape(report).identity()), r);
      }
      Map<Integer, List<Integer>> parts = new LinkedHashMap<>();
      for (int f = 0; f < flows.rows().size(); f++) {
        for (List<Object> key : parents.apply(flows.rows().get(f))) {
          Integer parent = rowByKey.get(key);
          if (parent != null) {
            parts.computeIfAbsent(parent, x -> new ArrayList<>()).add(f);
          }
        }
      }
      List<String> shared = shape(report).counts(); // flows has every count
      parts.forEach((parent, flowRows) -> {
        for (String count : shared) {
          int c = Counts.NAMES.indexOf(count);
          equations.add(new Equation(new Cell(offset.get(report) + parent, c),
              flowRows.stream().map(f -> new Cell(offset.get(Report.FLOWS) + f, c)).toList()));
        }
      });
    });
    return equations;
  }

  /** The columns that get a {@code _withheld} flag, in the order the flags follow the report's columns. */
  static List<String> flagged(Shape shape) {
    List<String> columns = new ArrayList<>(shape.counts());
    shape.rates().forEach(rate -> columns.add(rate.column()));
    columns.addAll(shape.followStudents());
    return columns;
  }

  /**
   * Every sum the report shows, for every count: parent = sum of children in each hierarchy, and the statuses. Cells
   * are in the joint table's terms: row {@code base + r} for the report's row r, column the count's place in
   * {@link Counts#NAMES}.
   */
  static List<Equation> equations(Shape shape, List<Row> rows, int base) {
    Map<List<Object>, Integer> rowByIdentity = new HashMap<>();
    if (!shape.parents().isEmpty()) {
      for (int r = 0; r < rows.size(); r++) {
        rowByIdentity.put(key(rows.get(r), shape.identity()), r);
      }
    }
    List<Integer> columns = shape.counts().stream().map(Counts.NAMES::indexOf).toList();
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
        for (int c : columns) {
          equations.add(new Equation(new Cell(base + p, c), parts.stream().map(r -> new Cell(base + r, c)).toList()));
        }
      });
    }
    if (shape.statusPartition()) {
      int students = Counts.NAMES.indexOf("students");
      List<Integer> statuses = STATUSES.stream().map(Counts.NAMES::indexOf).toList();
      for (int r = 0; r < rows.size(); r++) {
        int row = base + r;
        equations.add(new Equation(new Cell(row, students), statuses.stream().map(c -> new Cell(row, c)).toList()));
      }
    }
    return equations;
  }

  /** The row's values of the given columns (nulls included), to look rows up by. */
  private static List<Object> key(Row row, List<String> columns) {
    List<Object> key = new ArrayList<>(columns.size());
    for (String column : columns) {
      key.add(row.getAs(column));
    }
    return key;
  }
}
