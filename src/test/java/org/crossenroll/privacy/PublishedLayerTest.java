package org.crossenroll.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.report.Counts;
import org.crossenroll.report.Report;
import org.junit.jupiter.api.Test;

/**
 * The published layer of hand-made reports, with the pattern worked out by hand, and of many random ones, checked
 * against the rule itself: no withheld count equals a published total minus its published parts.
 */
class PublishedLayerTest {
  private static final StructType SUMMARY = summarySchema();
  private static final StructType PAIRING = new StructType()
      .add("host_region_code", DataTypes.StringType).add("origin_region_code", DataTypes.StringType)
      .add("intake_year", DataTypes.IntegerType).add("students", DataTypes.LongType)
      .add("registered_poor", DataTypes.LongType).add("target_students", DataTypes.LongType)
      .add("share_of_target", DataTypes.DoubleType);

  private static StructType summarySchema() {
    StructType s = new StructType().add("level", DataTypes.StringType).add("region_code", DataTypes.StringType)
        .add("province_code", DataTypes.StringType).add("prefecture_code", DataTypes.StringType)
        .add("intake_year", DataTypes.IntegerType);
    for (String count : Counts.NAMES) {
      s = s.add(count, DataTypes.LongType);
    }
    return s.add("host_provinces", DataTypes.LongType).add("host_schools", DataTypes.LongType)
        .add("origin_schools", DataTypes.LongType);
  }

  /** An origin_summary row; counts by name, every other count 0, the distinct counts 1. */
  private static Row summary(String level, String code, String province, String prefecture, Integer year,
      Map<String, Long> counts) {
    Object[] v = new Object[SUMMARY.size()];
    v[0] = level;
    v[1] = code;
    v[2] = province;
    v[3] = prefecture;
    v[4] = year;
    for (int i = 5; i < v.length; i++) {
      v[i] = counts.getOrDefault(SUMMARY.fields()[i].name(), i >= 5 + Counts.NAMES.size() ? 1L : 0L);
    }
    return new GenericRowWithSchema(v, SUMMARY);
  }

  private static Map<String, Long> enrolled(long students) {
    return Map.of("students", students, "enrolled", students);
  }

  @Test
  void aProvinceOfTwoPrefecturesOverTwoYears() {
    // students (all enrolled)   2018  2019  all
    //   prefecture A              3    20    23
    //   prefecture B             15    12    27
    //   province P               18    32    50
    // A2018 (3) is small. Its year sum (A all = A2018 + A2019) takes A2019; its region sum (P2018 = A2018 + B2018)
    // takes B2018; A2019 in P2019's sum takes B2019. B's year sum then has two withheld, and every published total
    // is left with two unknowns: A2018 + A2019 = 23, A2018 + B2018 = 18, B2018 + B2019 = 27, A2019 + B2019 = 32
    // has a free dimension.
    List<Row> rows = List.of(
        summary("prefecture", "A", "P", "A", null, enrolled(23)),
        summary("prefecture", "A", "P", "A", 2018, enrolled(3)),
        summary("prefecture", "A", "P", "A", 2019, enrolled(20)),
        summary("prefecture", "B", "P", "B", null, enrolled(27)),
        summary("prefecture", "B", "P", "B", 2018, enrolled(15)),
        summary("prefecture", "B", "P", "B", 2019, enrolled(12)),
        summary("province", "P", "P", null, null, enrolled(50)),
        summary("province", "P", "P", null, 2018, enrolled(18)),
        summary("province", "P", "P", null, 2019, enrolled(32)));
    PublishedLayer.Layer layer = PublishedLayer.build(Report.ORIGIN_SUMMARY, SUMMARY, rows, 10);

    List<Boolean> withheld = layer.rows().stream().map(r -> r.isNullAt(r.fieldIndex("students"))).toList();
    assertThat(withheld).containsExactly(false, true, true, false, true, true, false, false, false);
    for (Row r : layer.rows()) {
      boolean hidden = r.isNullAt(r.fieldIndex("students"));
      assertThat(r.getBoolean(r.fieldIndex("students_withheld"))).isEqualTo(hidden);
      assertThat(r.isNullAt(r.fieldIndex("enrolled"))).as("enrolled = students, so withheld alike").isEqualTo(hidden);
      assertThat(r.isNullAt(r.fieldIndex("host_schools"))).as("distinct counts follow students").isEqualTo(hidden);
      assertThat(r.getLong(r.fieldIndex("graduated"))).as("zeros are shown").isZero();
    }
    // students and enrolled in the four prefecture-year rows, and their three distinct counts: 4 x (2 + 3)
    assertThat(layer.withheldCells()).isEqualTo(20);
    assertThat(layer.audit()).startsWith("passed");
    assertThat(layer.schema().fieldNames()).startsWith(SUMMARY.fieldNames());
  }

  @Test
  void aStatusCountIsNotLeftAloneInItsRow() {
    // students 40 = enrolled 30 + graduated 6 + withdrawn 4 + transferred 0: graduated and withdrawn are small;
    // two withheld already, nothing more. With withdrawn 0 instead, graduated 6 would be 40 - 34: enrolled goes too.
    Map<String, Long> twoSmall = Map.of("students", 40L, "enrolled", 30L, "graduated", 6L, "withdrawn", 4L);
    Map<String, Long> oneSmall = Map.of("students", 40L, "enrolled", 34L, "graduated", 6L);
    PublishedLayer.Layer layer = PublishedLayer.build(Report.ORIGIN_SUMMARY, SUMMARY, List.of(
        summary("province", "P", "P", null, null, twoSmall), summary("province", "Q", "Q", null, null, oneSmall)),
        10);
    Row p = layer.rows().get(0);
    Row q = layer.rows().get(1);
    assertThat(Arrays.asList(p.getAs("students"), p.getAs("enrolled"), p.getAs("graduated"), p.getAs("withdrawn")))
        .containsExactly(40L, 30L, null, null);
    assertThat(Arrays.asList(q.getAs("students"), q.getAs("enrolled"), q.getAs("graduated"), q.getAs("withdrawn")))
        .containsExactly(40L, null, null, 0L);
  }

  private static StructType withCounts(StructType keys) {
    for (String count : Counts.NAMES) {
      keys = keys.add(count, DataTypes.LongType);
    }
    return keys;
  }

  private static Row withCounts(StructType schema, Map<String, Long> counts, Object... keys) {
    Object[] v = new Object[schema.size()];
    System.arraycopy(keys, 0, v, 0, keys.length);
    for (int i = keys.length; i < v.length; i++) {
      v[i] = counts.getOrDefault(schema.fields()[i].name(), Counts.NAMES.contains(schema.fields()[i].name()) ? 0L : 1L);
    }
    return new GenericRowWithSchema(v, schema);
  }

  @Test
  void aCellOfFlowsCannotBeRecoveredFromHostSummary() {
    // flows, 2018 into host prefecture H: from O1 3 students, from O2 30. host_summary shows H in 2018: 33.
    // On its own, flows withholds the 3 and nothing else, and 33 - 30 would give it away. Together, the host
    // prefecture's row is the sum of its flows rows, so the 30 goes with the 3.
    StructType flowsSchema = withCounts(new StructType().add("intake_year", DataTypes.IntegerType)
        .add("origin_province_code", DataTypes.StringType).add("origin_prefecture_code", DataTypes.StringType)
        .add("host_province_code", DataTypes.StringType).add("host_prefecture_code", DataTypes.StringType));
    StructType hostSchema = withCounts(new StructType().add("level", DataTypes.StringType)
        .add("region_code", DataTypes.StringType).add("province_code", DataTypes.StringType)
        .add("prefecture_code", DataTypes.StringType).add("county_code", DataTypes.StringType)
        .add("intake_year", DataTypes.IntegerType))
        .add("origin_provinces", DataTypes.LongType).add("origin_prefectures", DataTypes.LongType)
        .add("origin_counties", DataTypes.LongType).add("origin_schools", DataTypes.LongType);
    List<Row> flows = List.of(withCounts(flowsSchema, enrolled(3), 2018, "P1", "O1", "Q", "H"),
        withCounts(flowsSchema, enrolled(30), 2018, "P2", "O2", "Q", "H"));
    List<Row> host = List.of(withCounts(hostSchema, enrolled(33), "prefecture", "H", "Q", "H", null, 2018));

    PublishedLayer.Layer alone = PublishedLayer.build(Report.FLOWS, flowsSchema, flows, 10);
    assertThat(alone.rows().stream().map(r -> r.getAs("students")).toList()).containsExactly(null, 30L);

    PublishedLayer.Layers joint = PublishedLayer.build(Map.of(Report.FLOWS,
        new PublishedLayer.Table(flowsSchema, flows), Report.HOST_SUMMARY, new PublishedLayer.Table(hostSchema, host)),
        10);
    Map<Report, PublishedLayer.Layer> together = joint.byReport();
    assertThat(together.get(Report.FLOWS).rows().stream().map(r -> r.getAs("students")).toList())
        .containsExactly(null, null);
    assertThat(together.get(Report.HOST_SUMMARY).rows().get(0).<Long>getAs("students")).isEqualTo(33L);
    // students = the four statuses in each of the three rows, and H = the two flows rows for each of 13 counts
    assertThat(joint.sumsAudit()).startsWith("passed: 16 sums");
    assertThat(together.get(Report.FLOWS).audit()).startsWith("passed");
  }

  private static Row pairing(Integer year, long students, long poor, double share) {
    return new GenericRowWithSchema(new Object[] {"310000", "530000", year, students, poor, 50L, share}, PAIRING);
  }

  @Test
  void aPairingsYearsAndItsCumulativeRow() {
    // students 2018: 12, 2019: 3, 2020: 25, cumulative 40; registered poor 12, 3, 20, 35. 2019 is small in both;
    // 2018 (12 < 20 and 25) goes with it in both; share_of_target goes with students. The cumulative row stays.
    List<Row> rows = List.of(pairing(null, 40, 35, 0.8), pairing(2018, 12, 12, 0.24), pairing(2019, 3, 3, 0.06),
        pairing(2020, 25, 20, 0.5));
    PublishedLayer.Layer layer = PublishedLayer.build(Report.PAIRING_PROGRESS, PAIRING, rows, 10);
    List<List<Object>> shown = layer.rows().stream().map(r -> Arrays.asList(r.getAs("intake_year"),
        r.getAs("students"), r.getAs("registered_poor"), r.getAs("target_students"), r.getAs("share_of_target")))
        .toList();
    assertThat(shown).containsExactly(Arrays.asList(null, 40L, 35L, 50L, 0.8), Arrays.asList(2018, null, null, 50L,
        null), Arrays.asList(2019, null, null, 50L, null), Arrays.asList(2020, 25L, 20L, 50L, 0.5));
    assertThat(layer.withheldCells()).isEqualTo(6);
  }

  @Test
  void theAuditRejectsALayerThatGivesACountAway() {
    // The pairing of aPairingsYearsAndItsCumulativeRow, published wrongly: 2019 (3) withheld alone, so
    // 40 - 12 - 25 gives it away; then the same with 2019 shown.
    PublishedLayer.Shape shape = PublishedLayer.shape(Report.PAIRING_PROGRESS);
    List<Row> internal = List.of(pairing(null, 40, 35, 0.8), pairing(2018, 12, 12, 0.24), pairing(2019, 3, 3, 0.06),
        pairing(2020, 25, 20, 0.5));
    StructType schema = PublishedLayer.build(Report.PAIRING_PROGRESS, PAIRING, internal, 10).schema();
    List<Row> loneWithheld = List.of(
        published(schema, null, 40L, 35L, 0.8, false, false, false),
        published(schema, 2018, 12L, 12L, 0.24, false, false, false),
        published(schema, 2019, null, null, null, true, true, true),
        published(schema, 2020, 25L, 20L, 0.5, false, false, false));
    List<CellSuppression.Equation> sums = PublishedLayer.equations(shape, internal, 0);
    assertThatThrownBy(() -> DisclosureAudit.checkSums(internal, loneWithheld, sums, 10))
        .hasMessageContaining("the sum of students over 3 parts").hasMessageContaining("nothing was published");
    List<Row> smallShown = List.of(loneWithheld.get(0), loneWithheld.get(1),
        published(schema, 2019, 3L, 3L, 0.06, false, false, false), loneWithheld.get(3));
    assertThatThrownBy(() -> DisclosureAudit.check("pairing_progress", shape, PAIRING,
        internal, smallShown, 10)).hasMessageContaining("students is not published between 1 and 9");
  }

  private static Row published(StructType schema, Integer year, Long students, Long poor, Double share,
      boolean studentsWithheld, boolean poorWithheld, boolean shareWithheld) {
    return new GenericRowWithSchema(new Object[] {"310000", "530000", year, students, poor, 50L, share,
        studentsWithheld, poorWithheld, shareWithheld}, schema);
  }

  @Test
  void randomTablesNeverGiveAWithheldCountAway() {
    Random random = new Random(20261128);
    for (int table = 0; table < 300; table++) {
      long k = List.of(3L, 5L, 10L, 20L).get(random.nextInt(4));
      List<Row> rows = randomOriginSummary(random);
      List<Row> before = new ArrayList<>(rows);
      PublishedLayer.Layer layer = PublishedLayer.build(Report.ORIGIN_SUMMARY, SUMMARY, rows, k);
      assertThat(rows).as("the internal rows are untouched").isEqualTo(before);
      assertNothingRecoverable(rows, layer.rows(), k, "table " + table + ", k " + k);
    }
  }

  /** 1-2 provinces, 1-3 prefectures each, 1-3 counties each, 1-4 years; small counts are common. */
  private static List<Row> randomOriginSummary(Random random) {
    Map<List<Object>, long[]> cells = new LinkedHashMap<>(); // (level, code, province, prefecture, year) -> counts
    int years = 1 + random.nextInt(4);
    for (int p = 0; p < 1 + random.nextInt(2); p++) {
      String province = "P" + p;
      for (int f = 0; f < 1 + random.nextInt(3); f++) {
        String prefecture = province + "F" + f;
        for (int c = 0; c < 1 + random.nextInt(3); c++) {
          String county = prefecture + "C" + c;
          for (int y = 0; y < years; y++) {
            long[] counts = new long[Counts.NAMES.size()];
            for (int i = 0; i < counts.length; i++) {
              counts[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 12 : 60);
            }
            // students = the four statuses, as in every real row
            List<String> n = Counts.NAMES;
            counts[n.indexOf("students")] = counts[n.indexOf("enrolled")] + counts[n.indexOf("graduated")]
                + counts[n.indexOf("withdrawn")] + counts[n.indexOf("transferred")];
            for (Integer year : Arrays.asList(2018 + y, null)) {
              add(cells, Arrays.asList("county", county, province, prefecture, year), counts);
              add(cells, Arrays.asList("prefecture", prefecture, province, prefecture, year), counts);
              add(cells, Arrays.asList("province", province, province, null, year), counts);
            }
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    cells.forEach((key, counts) -> {
      Map<String, Long> byName = new HashMap<>();
      for (int i = 0; i < counts.length; i++) {
        byName.put(Counts.NAMES.get(i), counts[i]);
      }
      rows.add(summary((String) key.get(0), (String) key.get(1), (String) key.get(2), (String) key.get(3),
          (Integer) key.get(4), byName));
    });
    return rows;
  }

  private static void add(Map<List<Object>, long[]> cells, List<Object> key, long[] counts) {
    long[] sum = cells.computeIfAbsent(key, x -> new long[counts.length]);
    for (int i = 0; i < counts.length; i++) {
      sum[i] += counts[i];
    }
  }

  /**
   * Works out every sum the table shows from its keys, independently of the code under test, and checks that no
   * withheld count is a published total minus published parts, nor a withheld total the sum of published parts.
   */
  private static void assertNothingRecoverable(List<Row> internal, List<Row> published, long k, String what) {
    Map<List<Object>, Integer> byKey = new HashMap<>();
    for (int r = 0; r < internal.size(); r++) {
      Row row = internal.get(r);
      byKey.put(Arrays.asList(row.getAs("level"), row.getAs("region_code"), row.getAs("intake_year")), r);
    }
    Map<Integer, List<Integer>> yearParts = new HashMap<>();
    Map<Integer, List<Integer>> regionParts = new HashMap<>();
    for (int r = 0; r < internal.size(); r++) {
      Row row = internal.get(r);
      Object year = row.getAs("intake_year");
      if (year != null) {
        yearParts.computeIfAbsent(byKey.get(Arrays.asList(row.getAs("level"), row.getAs("region_code"), null)),
            x -> new ArrayList<>()).add(r);
      }
      List<Object> parent = switch ((String) row.getAs("level")) {
        case "county" -> Arrays.asList("prefecture", row.getAs("prefecture_code"), year);
        case "prefecture" -> Arrays.asList("province", row.getAs("province_code"), year);
        default -> null;
      };
      if (parent != null) {
        regionParts.computeIfAbsent(byKey.get(parent), x -> new ArrayList<>()).add(r);
      }
    }
    for (String count : Counts.NAMES) {
      for (int r = 0; r < published.size(); r++) {
        Row row = published.get(r);
        Long value = row.getAs(count);
        long truth = internal.get(r).getAs(count);
        assertThat(value == null || value == truth).as("%s: published as it is", what).isTrue();
        assertThat(value != null && value >= 1 && value < k).as("%s: %s %s shown in row %d", what, count, value, r)
            .isFalse();
        if (value == null) {
          assertThat(row.getBoolean(row.fieldIndex(count + "_withheld"))).isTrue();
        }
      }
      for (Map<Integer, List<Integer>> sums : List.of(yearParts, regionParts)) {
        sums.forEach((total, parts) -> checkSum(internal, published, k, count, total, parts, what));
      }
    }
    // In every row, students = enrolled + graduated + withdrawn + transferred.
    for (int r = 0; r < published.size(); r++) {
      Row row = published.get(r);
      Row truth = internal.get(r);
      List<String> hidden = Stream.of("enrolled", "graduated", "withdrawn", "transferred")
          .filter(c -> row.getAs(c) == null).toList();
      assertThat(hidden.size()).as("%s: a status count of %s given away by students", what, row)
          .isNotEqualTo(row.getAs("students") == null ? 0 : 1);
      long hiddenSum = hidden.stream().mapToLong(c -> truth.<Long>getAs(c)).sum();
      assertThat(row.getAs("students") == null || hiddenSum == 0 || hiddenSum >= k)
          .as("%s: withheld statuses of %s add up to %d", what, row, hiddenSum).isTrue();
    }
  }

  private static void checkSum(List<Row> internal, List<Row> published, long k, String count, int total,
      List<Integer> parts, String what) {
    Long t = published.get(total).getAs(count);
    long hiddenParts = parts.stream().filter(p -> published.get(p).getAs(count) == null).count();
    if (t != null) {
      assertThat(hiddenParts).as("%s: %s of row %d minus its published parts gives a withheld part away", what,
          count, total).isNotEqualTo(1);
      long hiddenSum = parts.stream().filter(p -> published.get(p).getAs(count) == null)
          .mapToLong(p -> internal.get(p).<Long>getAs(count)).sum();
      assertThat(hiddenSum == 0 || hiddenSum >= k).as("%s: %s of row %d leaves withheld parts adding up to %d",
          what, count, total, hiddenSum).isTrue();
    } else {
      assertThat(hiddenParts).as("%s: %s of row %d is the sum of its published parts", what, count, total)
          .isNotZero();
    }
  }
}
