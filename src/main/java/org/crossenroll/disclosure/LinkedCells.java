package org.crossenroll.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.crossenroll.report.Counts;
import org.crossenroll.report.Report;
import org.crossenroll.report.ReportSpec;

/**
 * The person counts of all the reports of a run as one table of cells, the form in which disclosure control sees
 * them: row {@code g} is a row of one report (reports one after the other), column {@code c} the count's place in
 * {@link Counts#NAMES}; cell {@code g * COLUMNS + c}. A report without some count leaves those cells unused.
 *
 * <p>Besides the cells, each row has its {@link Form}s: linear combinations of its counts that are never negative
 * whatever the enrollments are (the complement {@code students - female}, the graduates neither employed nor in
 * further study, ...). A reader knows them, so they bound what a withheld cell can be; and a complement is itself a
 * count of persons, so one of 1..k-1 needs the same protection as a published count.
 */
final class LinkedCells {
  static final int COLUMNS = Counts.NAMES.size();
  static final int STUDENTS = Counts.NAMES.indexOf("students");

  /** A linear combination of a row's counts that is never negative; {@code sensitive}: a count of persons. */
  record Form(String name, int[] columns, int[] coefficients, boolean sensitive) {
    long value(long[] values, int row) {
      long v = 0;
      for (int i = 0; i < columns.length; i++) {
        v += coefficients[i] * values[row * COLUMNS + columns[i]];
      }
      return v;
    }
  }

  final List<Report> reports;
  final Map<Report, Integer> offset = new HashMap<>();
  final Map<Report, List<Row>> rowsOf;
  final Report[] reportOf;
  final int[] localRow;
  /** The value of every cell as a reader with full access sees it (the internal layer), or -1 where unknown. */
  final long[] value;
  /** Whether the cell exists (its report has that count). */
  final boolean[] exists;
  /** The least value a reader knows {@code students} of the row has: 1 where a row is shown only with students. */
  final long[] studentsAtLeast;
  final Map<Report, List<Form>> forms = new HashMap<>();
  /** Each row's forms (its report's). */
  final Form[][] formsOfRow;
  private final Map<Report, Map<List<Object>, Integer>> rowByKey = new HashMap<>();

  /**
   * @param rowsOf every report's rows; a count that is null (withheld in a published layer) is unknown, -1
   */
  LinkedCells(Map<Report, List<Row>> rowsOf) {
    this.reports = new ArrayList<>(rowsOf.keySet());
    this.rowsOf = rowsOf;
    int total = 0;
    for (Report report : reports) {
      offset.put(report, total);
      total += rowsOf.get(report).size();
    }
    reportOf = new Report[total];
    localRow = new int[total];
    value = new long[total * COLUMNS];
    exists = new boolean[total * COLUMNS];
    studentsAtLeast = new long[total];
    formsOfRow = new Form[total][];
    for (Report report : reports) {
      ReportSpec spec = ReportSpec.of(report);
      forms.put(report, forms(spec));
      Map<List<Object>, Integer> byKey = new HashMap<>();
      rowByKey.put(report, byKey);
      List<Row> rows = rowsOf.get(report);
      int base = offset.get(report);
      for (int r = 0; r < rows.size(); r++) {
        Row row = rows.get(r);
        int g = base + r;
        reportOf[g] = report;
        formsOfRow[g] = forms.get(report).toArray(new Form[0]);
        localRow[g] = r;
        if (byKey.put(spec.key(row), g) != null) {
          throw new IllegalStateException("Two rows of " + report.table() + " share the identity " + spec.key(row));
        }
        studentsAtLeast[g] = spec.emptyRowsShown().apply(row) ? 0 : 1;
        for (String count : spec.counts()) {
          int c = Counts.NAMES.indexOf(count);
          int f = row.fieldIndex(count);
          exists[g * COLUMNS + c] = true;
          value[g * COLUMNS + c] = row.isNullAt(f) ? -1 : row.getLong(f);
        }
      }
    }
  }

  int rows() {
    return reportOf.length;
  }

  /** The row of a report with the given identity, or -1. */
  int row(Report report, List<Object> key) {
    Map<List<Object>, Integer> byKey = rowByKey.get(report);
    Integer g = byKey == null ? null : byKey.get(key);
    return g == null ? -1 : g;
  }

  Row rowOf(int g) {
    return rowsOf.get(reportOf[g]).get(localRow[g]);
  }

  /** The least value a reader knows the cell has. */
  long lower(int cell) {
    return cell % COLUMNS == STUDENTS ? studentsAtLeast[cell / COLUMNS] : 0;
  }

  String describe(int cell) {
    int g = cell / COLUMNS;
    return reportOf[g].table() + " " + ReportSpec.of(reportOf[g]).key(rowOf(g)) + " " + Counts.NAMES.get(cell % COLUMNS);
  }

  /**
   * The never-negative combinations of a report's counts that hold for any enrollments: each split's complement
   * (sensitive), the graduates neither employed nor in further study, the employed working neither in their home
   * nor in their host province (an East-West placement never has both in one province), and, where a report does
   * not show all four statuses, the students neither graduated nor withdrawn.
   */
  static List<Form> forms(ReportSpec spec) {
    List<String> counts = spec.counts();
    List<Form> forms = new ArrayList<>();
    for (String split : spec.splits()) {
      forms.add(form("students_not_" + split, true, counts, "students", split));
    }
    if (counts.contains("graduated") && counts.contains("employed")) {
      forms.add(form("graduated_not_employed_or_studying", false, counts, "graduated", "employed",
          "further_study"));
    }
    if (counts.contains("employed") && counts.contains("employed_in_origin_province")) {
      forms.add(form("employed_elsewhere", false, counts, "employed", "employed_in_origin_province",
          "employed_in_host_province"));
    }
    if (!counts.containsAll(ReportSpec.STATUSES) && counts.contains("graduated")) {
      forms.add(form("students_not_graduated_or_withdrawn", false, counts, "students", "graduated", "withdrawn"));
    }
    return forms;
  }

  /** {@code first - rest...} over those of the columns the report has. */
  private static Form form(String name, boolean sensitive, List<String> counts, String first, String... rest) {
    List<Integer> columns = new ArrayList<>();
    List<Integer> coefficients = new ArrayList<>();
    columns.add(Counts.NAMES.indexOf(first));
    coefficients.add(1);
    for (String r : rest) {
      if (counts.contains(r)) {
        columns.add(Counts.NAMES.indexOf(r));
        coefficients.add(-1);
      }
    }
    return new Form(name, columns.stream().mapToInt(Integer::intValue).toArray(),
        coefficients.stream().mapToInt(Integer::intValue).toArray(), sensitive);
  }
}
