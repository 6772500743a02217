package org.crossenroll.privacy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Primary and secondary cell suppression over a table of person counts and the sums it shows, so that no withheld
 * count can be recovered by subtracting published values from a published total (the rule tau-argus and sdcMicro
 * enforce; they also search for the cheapest pattern, which this does not: it takes the smallest cell).
 *
 * <p>Primary: every count in 1..k-1 is withheld; zeros are shown. Secondary: an {@link Equation} (a total and the
 * parts it is the sum of) with exactly one withheld cell gives that cell away, so a second cell of it is withheld:
 * the smallest positive published part, else a positive total, else a zero part, ties broken by position (rows come
 * sorted by their keys, so the choice is deterministic). Likewise when the withheld parts under a published total add
 * up to less than k (a protection level per sum: from one sum alone, no withheld cell is known to be below k).
 * Withholding can break another equation, so this repeats over every equation until none changes.
 *
 * <p>It runs on the driver: the reports are small aggregates already collected there, and the fixpoint is an
 * iteration that a Spark plan cannot express.
 */
public final class CellSuppression {
  private CellSuppression() {}

  /** One value of the table: a row and a count column. */
  public record Cell(int row, int column) {}

  /** A relation the published table shows: {@code total = sum(parts)}. */
  public record Equation(Cell total, List<Cell> parts) {
    public List<Cell> cells() {
      List<Cell> cells = new ArrayList<>(parts.size() + 1);
      cells.add(total);
      cells.addAll(parts);
      return cells;
    }
  }

  /** Primary suppression: a person count of 1..k-1. */
  public static boolean isSmall(long value, long minCellCount) {
    return value >= 1 && value < minCellCount;
  }

  /**
   * Which cells to withhold.
   *
   * @param values {@code values[row][column]}, the person counts
   * @param equations every sum the table shows
   * @param minCellCount k: counts of 1..k-1 are withheld
   * @return {@code withheld[row][column]}
   */
  public static boolean[][] withhold(long[][] values, List<Equation> equations, long minCellCount) {
    int columns = values.length == 0 ? 0 : values[0].length;
    boolean[][] withheld = new boolean[values.length][columns];
    for (int r = 0; r < values.length; r++) {
      for (int c = 0; c < columns; c++) {
        withheld[r][c] = isSmall(values[r][c], minCellCount);
      }
    }
    // Each cell's equations, so that withholding a cell re-examines only the equations it takes part in.
    List<List<Integer>> byCell = new ArrayList<>(values.length * columns);
    for (int i = 0; i < values.length * columns; i++) {
      byCell.add(new ArrayList<>(2));
    }
    for (int e = 0; e < equations.size(); e++) {
      for (Cell cell : equations.get(e).cells()) {
        byCell.get(cell.row() * columns + cell.column()).add(e);
      }
    }
    Deque<Integer> pending = new ArrayDeque<>();
    for (int e = 0; e < equations.size(); e++) {
      pending.add(e);
    }
    Comparator<Cell> smallestFirst = Comparator.<Cell>comparingLong(c -> values[c.row()][c.column()])
        .thenComparingInt(Cell::row).thenComparingInt(Cell::column);
    while (!pending.isEmpty()) {
      Equation eq = equations.get(pending.poll());
      long hidden = eq.cells().stream().filter(c -> withheld[c.row()][c.column()]).count();
      boolean totalShown = !withheld[eq.total().row()][eq.total().column()];
      long hiddenSum = eq.parts().stream().filter(c -> withheld[c.row()][c.column()])
          .mapToLong(c -> values[c.row()][c.column()]).sum();
      boolean lone = hidden == 1;
      // Under a published total the withheld parts add up to a known number; below k, each of them is known to be
      // below k (withheld 1 and 2 under a total of 3), which is what primary suppression hides.
      boolean narrow = totalShown && hiddenSum > 0 && hiddenSum < minCellCount;
      if (!lone && !narrow) {
        continue;
      }
      List<Cell> shownParts = eq.parts().stream().filter(c -> !withheld[c.row()][c.column()]).toList();
      Cell next = shownParts.stream().filter(c -> values[c.row()][c.column()] > 0).min(smallestFirst)
          .orElse(null);
      if (next == null && totalShown && values[eq.total().row()][eq.total().column()] > 0) {
        next = eq.total();
      }
      if (next == null && lone) {
        next = shownParts.stream().min(smallestFirst).orElse(totalShown ? eq.total() : null);
        if (next == null) {
          throw new IllegalStateException("An equation with one cell only: " + eq);
        }
      }
      if (next != null) {
        withheld[next.row()][next.column()] = true;
        pending.addAll(byCell.get(next.row() * columns + next.column()));
      }
    }
    return withheld;
  }
}
