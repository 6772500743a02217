package org.crossenroll.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.crossenroll.privacy.CellSuppression.Cell;
import org.crossenroll.privacy.CellSuppression.Equation;
import org.junit.jupiter.api.Test;

/** Suppression patterns worked out by hand on one-column tables (row i holds values[i]), k = 10. */
class CellSuppressionTest {
  private static final long K = 10;

  private static Equation sum(int total, int... parts) {
    List<Cell> cells = new ArrayList<>();
    for (int p : parts) {
      cells.add(new Cell(p, 0));
    }
    return new Equation(new Cell(total, 0), cells);
  }

  private static List<Integer> withheld(long[] column, Equation... equations) {
    long[][] values = new long[column.length][1];
    for (int i = 0; i < column.length; i++) {
      values[i][0] = column[i];
    }
    boolean[][] w = CellSuppression.withhold(values, List.of(equations), K);
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < w.length; i++) {
      if (w[i][0]) {
        rows.add(i);
      }
    }
    return rows;
  }

  @Test
  void smallCountsAreWithheldZerosAndLargeOnesShown() {
    // rows: 0, 1, 9, 10, 250 with no sums between them
    assertThat(withheld(new long[] {0, 1, 9, 10, 250})).containsExactly(1, 2);
  }

  @Test
  void aLoneWithheldPartTakesTheSmallestOtherPartWithIt() {
    // P(0) = A(1) + B(2) + C(3) = 3 + 20 + 15: A is small; C, the smallest other part, goes with it.
    assertThat(withheld(new long[] {38, 3, 20, 15}, sum(0, 1, 2, 3))).containsExactly(1, 3);
  }

  @Test
  void tiesGoToTheFirstRowAndZerosAreTakenLast() {
    // P = A + B + C + Z = 5 + 12 + 12 + 0: B and C tie, B comes first; Z (a zero) protects nothing and is passed over.
    assertThat(withheld(new long[] {29, 5, 12, 12, 0}, sum(0, 1, 2, 3, 4))).containsExactly(1, 2);
  }

  @Test
  void withheldPartsUnderAPublishedTotalAddUpToAtLeastK() {
    // P = A + B + C = 4 + 5 + 11: A and B are small and already two, but 20 - 11 tells a reader that they add up to
    // 9, so each is below 10: C goes too, and the withheld parts then add up to 20.
    assertThat(withheld(new long[] {20, 4, 5, 11}, sum(0, 1, 2, 3))).containsExactly(1, 2, 3);
    // P = A + B = 4 + 6: the two withheld add up to 10 = k, which tells nothing below k.
    assertThat(withheld(new long[] {10, 4, 6}, sum(0, 1, 2))).containsExactly(1, 2);
  }

  @Test
  void secondaryCellsCascadeDownAHierarchy() {
    // P(0) = A(1) + B(2) + C(3) = 3 + 20 + 15 and C(3) = C1(4) + C2(5) = 5 + 10; A and C1 are small.
    // The sums are examined in order. P's first: A alone is withheld, so C (15, P's smallest other part) goes with
    // it. C's sum then holds two withheld cells (C and C1): C2 stays, and C - C1 = 10 has two unknowns.
    assertThat(withheld(new long[] {38, 3, 20, 15, 5, 10}, sum(0, 1, 2, 3), sum(3, 4, 5)))
        .containsExactly(1, 3, 4);
    // Examined the other way round, C1 takes C2 first, and then P's sum takes C: more is withheld, still safe.
    assertThat(withheld(new long[] {38, 3, 20, 15, 5, 10}, sum(3, 4, 5), sum(0, 1, 2, 3)))
        .containsExactly(1, 3, 4, 5);
  }

  @Test
  void aWithheldTotalWhosePartsAreAllShownTakesAPartWithIt() {
    // Q(0) = P(1) + R(2) = 27 + 4 and P(1) = A(3) + B(4) = 12 + 15. R is small, so P goes with it; P would then be
    // A + B, so A, the smaller, goes too.
    assertThat(withheld(new long[] {31, 27, 4, 12, 15}, sum(0, 1, 2), sum(1, 3, 4))).containsExactly(1, 2, 3);
  }

  @Test
  void aTotalIsTakenWhenNoPositivePartIsLeft() {
    // P(0) = A(1) + Z(2) = 4 + 0 ... and P is 4 too, so primary; with Q(3) = P(0) + S(4) = 4 + 40, S goes with P.
    assertThat(withheld(new long[] {4, 4, 0, 44, 40}, sum(0, 1, 2), sum(3, 0, 4))).containsExactly(0, 1, 4);
    // T(0) = A(1) + Z(2) = 30 + 0, and U(3) = A(1) + V(4) = 30 + 3: V small, so A (the only other part) goes;
    // T then has A alone withheld: T (positive) rather than the zero Z goes with it.
    assertThat(withheld(new long[] {30, 30, 0, 33, 3}, sum(0, 1, 2), sum(3, 1, 4))).containsExactly(0, 1, 4);
  }
}
