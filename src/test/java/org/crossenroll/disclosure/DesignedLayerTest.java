package org.crossenroll.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.disclosure.AdditiveThreshold.Rule;
import org.crossenroll.disclosure.DesignedLayer.Grain;
import org.crossenroll.disclosure.DesignedLayer.Pairing;
import org.crossenroll.disclosure.DesignedLayer.Region;
import org.crossenroll.disclosure.DesignedLayer.Table;
import org.crossenroll.storage.ReportWriter;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * The designed layer of six fine cells, every published value worked out by hand (k = 10: a fine cell of 1..9 is 10
 * when its count reaches its threshold t, else 0; of 10 or more exactly n; every published count the sum of fine
 * values).
 *
 * <p>Fine cells (year, origin prefecture -> 上海 310100, registered poor, outcome class, n, threshold t, value):
 *
 * <pre>
 * A 2019 昆明 530100  no   not_graduated           12  7        12 (n >= 10)
 * B 2019 昆明         yes  employed_at_home         3  3        10 (3 >= 3)
 * C 2019 昆明         no   graduated_not_employed   2  2        10 (2 >= 2)
 * D 2019 昆明         no   employed_elsewhere       1  2         0 (1 < 2)
 * E 2020 大理 532900  yes  not_graduated            4  4 or 5:  10 (4 >= 4) or 0 (4 < 5)
 * F 2019 大理         no   not_graduated            2  3         0 (2 < 3)
 * </pre>
 */
class DesignedLayerTest {
    private static final Rule K10 = new Rule(10);
    private static final Map<String, Region> ORIGIN = Map.of(
            "530000", new Region("云南省", "云南省"),
            "530100", new Region("昆明市", "昆明市"),
            "532900", new Region("大理白族自治州", "大理白族自治州"));
    private static final Map<String, Region> HOST =
            Map.of("310000", new Region("上海市", "上海市"), "310100", new Region("市辖区", "上海市 市辖区"));
    private static final List<Pairing> PAIRINGS = List.of(
            new Pairing("310000", "上海市", "province", "532900", "大理白族自治州", "prefecture", 50L),
            new Pairing("310000", "上海市", "province", "520000", "贵州省", "province", 100L));

    /** A fine cell of threshold {@code t} at k = 10: its keyed hash is t - 1 (t = 1 + h mod 10). */
    private static Grain cell(int year, String prefecture, boolean poor, int outcome, long n, long t) {
        return new Grain(year, "530000", prefecture, "310000", "310100", poor, outcome, n, t - 1);
    }

    private static List<Grain> grain(long daliThreshold) {
        return List.of(
                cell(2019, "530100", false, DesignedLayer.NOT_GRADUATED, 12, 7),
                cell(2019, "530100", true, DesignedLayer.EMPLOYED_AT_HOME, 3, 3),
                cell(2019, "530100", false, DesignedLayer.GRADUATED_NOT_EMPLOYED, 2, 2),
                cell(2019, "530100", false, DesignedLayer.EMPLOYED_ELSEWHERE, 1, 2),
                cell(2020, "532900", true, DesignedLayer.NOT_GRADUATED, 4, daliThreshold),
                cell(2019, "532900", false, DesignedLayer.NOT_GRADUATED, 2, 3));
    }

    @Test
    void everyPublishedValueAsWorkedByHand() {
        DesignedLayer.Result r = DesignedLayer.Result.audited(grain(4), ORIGIN, HOST, PAIRINGS, K10);
        assertThat(r.audit()).containsEntry("status", "passed").containsEntry("fine_cells", 6L);
        List<Row> origin = r.tables().get(Table.STUDENTS_BY_ORIGIN).rows();
        // 云南, all years: A+B+C+D+E+F = 12+10+10+0+10+0 = 42 (true 24); poor B+E = 20 (true 7)
        assertThat(values(origin, "province", "530000", null)).containsExactly(42L, 20L, 20.0 / 42);
        // 2019: A+B+C+D+F = 32 (true 20), poor B = 10; 2020: E = 10 (true 4), poor 10
        assertThat(values(origin, "province", "530000", 2019)).containsExactly(32L, 10L, 10.0 / 32);
        assertThat(values(origin, "province", "530000", 2020)).containsExactly(10L, 10L, 1.0);
        // 昆明: A+B+C+D = 32 (true 18), in 2019 and all years alike
        assertThat(values(origin, "prefecture", "530100", null)).containsExactly(32L, 10L, 10.0 / 32);
        assertThat(values(origin, "prefecture", "530100", 2019)).containsExactly(32L, 10L, 10.0 / 32);
        // 大理: 2020 shown as k (E = 10), 2019 as 0 (F: no row), all years their sum 10 + 0 = 10 (true 6)
        assertThat(values(origin, "prefecture", "532900", 2020)).containsExactly(10L, 10L, 1.0);
        assertThat(values(origin, "prefecture", "532900", null)).containsExactly(10L, 10L, 1.0);
        assertThat(origin)
                .hasSize(7)
                .noneMatch(row ->
                        row.getAs("region_code").equals("532900") && Objects.equals(row.getAs("intake_year"), 2019));
        // the published tables add up: the province is the sum of its prefectures, all years the sum of the years
        assertThat((Long) values(origin, "province", "530000", null).get(0))
                .isEqualTo((Long) values(origin, "prefecture", "530100", null).get(0)
                        + (Long) values(origin, "prefecture", "532900", null).get(0))
                .isEqualTo((Long) values(origin, "province", "530000", 2019).get(0)
                        + (Long) values(origin, "province", "530000", 2020).get(0));
        // 上海 has the same fine cells as 云南: the same values
        List<Row> host = r.tables().get(Table.STUDENTS_BY_HOST).rows();
        assertThat(values(host, "province", "310000", null)).containsExactly(42L, 20L, 20.0 / 42);
        assertThat(values(host, "prefecture", "310100", 2020)).containsExactly(10L, 10L, 1.0);
        assertThat(host).hasSize(6);
        List<Row> flows = r.tables().get(Table.PROVINCE_FLOWS).rows();
        assertThat(flows.stream()
                        .map(f -> f.getAs("intake_year") + " " + f.getAs("students") + " " + f.getAs("registered_poor"))
                        .toList())
                .containsExactly("null 42 20", "2019 32 10", "2020 10 10");
        // outcomes, 云南 all years: graduated B+C+D = 10+10+0 = 20 (true 6); employed B+D = 10 (true 4); at home
        // B = 10 (true 3); rates from the published counts: 20 / 42, 10 / 20, 10 / 10
        Row all = r.tables().get(Table.PROVINCE_OUTCOMES).rows().get(0);
        assertThat(all.<Object>getAs("host_province_code")).isNull();
        assertThat(all.<Object>getAs("intake_year")).isNull();
        assertThat(List.of(
                        all.getAs("students"),
                        all.getAs("graduated"),
                        all.getAs("employed"),
                        all.getAs("employed_in_origin_province"),
                        all.getAs("graduation_rate"),
                        all.getAs("employment_rate"),
                        all.getAs("return_home_rate")))
                .containsExactly(42L, 20L, 10L, 10L, 20.0 / 42, 0.5, 1.0);
        // pairings: 上海 - 大理 (target 50): all years E+F = 10, share 0.2; 2020: 10; 2019 (F = 0) has no row, as in
        // the other tables; 上海 - 贵州: its all-years row with 0 students
        List<Row> pairings = r.tables().get(Table.PAIRING_STUDENTS).rows();
        assertThat(pairings.stream()
                        .map(p -> p.getAs("origin_region_code") + " " + p.getAs("intake_year") + " "
                                + p.getAs("students") + " " + p.getAs("share_of_target"))
                        .toList())
                .containsExactly("532900 null 10 0.2", "532900 2020 10 0.2", "520000 null 0 0.0");
    }

    @Test
    void aSmallFineCellBelowItsThresholdLeavesNoRowAndTheSumsFollow() {
        // E with threshold 5 > 4: 0, so 大理 is 0 every year and all years (no rows), 云南 2020 too; 云南 all years
        // is 32 + 0 = 32
        DesignedLayer.Result r = DesignedLayer.Result.audited(grain(5), ORIGIN, HOST, PAIRINGS, K10);
        List<Row> origin = r.tables().get(Table.STUDENTS_BY_ORIGIN).rows();
        assertThat(origin).hasSize(4).noneMatch(row -> row.getAs("region_code").equals("532900"));
        assertThat(values(origin, "province", "530000", null)).containsExactly(32L, 10L, 10.0 / 32);
        // utility of the prefecture level, all years: 24 students, the 18 of 昆明 in a shown row; 大理 a false zero
        DesignedLayer.Utility u = r.utility().stream()
                .filter(x -> x.table().equals("students_by_origin") && x.level().equals("prefecture, all years"))
                .findFirst()
                .orElseThrow();
        assertThat(u.students()).isEqualTo(24);
        assertThat(u.studentsPublished()).isEqualTo(18);
        assertThat(u.falseZeros()).containsEntry("students", 1L);
        // d1 over the two cells: |32 - 18| and |0 - 6| -> 10; d2: 14/18 and 6/6 -> (7/9 + 1) / 2
        assertThat(u.deviations().get("students")[0]).isEqualTo(10.0);
        assertThat(u.deviations().get("students")[1]).isEqualTo((14.0 / 18 + 1) / 2);
        // d3: |sqrt 32 - sqrt 18| = 4 sqrt 2 - 3 sqrt 2 = sqrt 2, |0 - sqrt 6| -> (sqrt 2 + sqrt 6) / 2
        assertThat(u.deviations().get("students")[2]).isCloseTo((Math.sqrt(2) + Math.sqrt(6)) / 2, within(1e-12));
    }

    @Test
    void theAuditRefusesACountThatIsNotTheSumOfItsFineValues() {
        DesignedLayer.Result r = DesignedLayer.build(grain(4), ORIGIN, HOST, PAIRINGS, K10);
        Map<Table, List<Row>> rows = new java.util.LinkedHashMap<>();
        r.tables().forEach((t, l) -> rows.put(t, new ArrayList<>(l.rows())));
        // 昆明's 32 replaced by its true 18: right, but not the sum of its fine values, so refused
        List<Row> origin = rows.get(Table.STUDENTS_BY_ORIGIN);
        for (int i = 0; i < origin.size(); i++) {
            Row row = origin.get(i);
            if (row.getAs("region_code").equals("530100") && row.getAs("intake_year") == null) {
                Object[] f = new Object[row.size()];
                for (int c = 0; c < f.length; c++) {
                    f[c] = row.get(c);
                }
                f[row.fieldIndex("students")] = 18L;
                f[row.fieldIndex("registered_poor_share")] = 10.0 / 18;
                origin.set(i, new GenericRowWithSchema(f, row.schema()));
            }
        }
        assertThatThrownBy(() -> DisclosureAudit.checkDesigned(rows, grain(4), K10))
                .isInstanceOf(DesignedLayer.NotProven.class)
                .hasMessageContaining("students = 18 is not the sum of its fine values, 32");
    }

    @Test
    void aWrittenTableCarriesTheMethodAndItsParametersInItsFooter(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        DesignedLayer.Result r = DesignedLayer.Result.audited(grain(4), ORIGIN, HOST, PAIRINGS, K10);
        Map<String, String> metadata = new java.util.LinkedHashMap<>(
                ReportWriter.metadata("published/students_by_origin", 1, java.time.LocalDate.of(2024, 6, 30), "test"));
        metadata.putAll(r.footer());
        DesignedLayer.Layer layer = r.tables().get(Table.STUDENTS_BY_ORIGIN);
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        ReportWriter.write(new org.apache.hadoop.fs.Path(dir.toUri()), layer.schema(), layer.rows(), metadata, conf);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(dir.resolve("part-00000.parquet").toUri()), conf))) {
            Map<String, String> footer = reader.getFileMetaData().getKeyValueMetaData();
            assertThat(footer)
                    .containsEntry("crossenroll.min_cell_count", "10")
                    .containsEntry("crossenroll.protection", "additive_threshold")
                    .containsEntry(
                            "crossenroll.additive_threshold.rule",
                            "fine value: n=0: 0; 1<=n<=k-1: k if n >= t else 0; n>=k: n")
                    .containsEntry(
                            "crossenroll.additive_threshold.threshold",
                            "t = 1 + (h mod k), h = first 8 bytes (unsigned, big-endian) of HMAC-SHA256(pseudonym key,"
                                    + " \"crossenroll.threshold.v1|year|origin_prefecture|host_prefecture|registered_poor"
                                    + "|outcome_class\"); fixed per fine cell, secret")
                    .doesNotContainKey("crossenroll.cell_key.max_deviation");
            assertThat(reader.getRecordCount()).isEqualTo(7);
        }
    }

    @Test
    void sparkSortsEnrollmentsIntoTheirFineCells() {
        // thresholds by Python's hmac under the 32-byte key b"0123456789abcdef0123456789abcdef", k = 10:
        // 1 + int.from_bytes(hmac.new(key, b"crossenroll.threshold.v1|" + coordinates, sha256).digest()[:8]) % 10
        // 2019|530100|310100|false|graduated_not_employed 10, ...|true|employed_at_home 9, ...|true|employed_elsewhere
        // 2,
        // 2020|53xxxx|310100|false|not_graduated 8
        StructType schema = new StructType()
                .add("intake_year", DataTypes.IntegerType)
                .add("origin_province_code", DataTypes.StringType)
                .add("origin_prefecture_code", DataTypes.StringType)
                .add("host_province_code", DataTypes.StringType)
                .add("host_prefecture_code", DataTypes.StringType)
                .add("registered_poor", DataTypes.BooleanType)
                .add("status", DataTypes.StringType)
                .add("employment_status", DataTypes.StringType)
                .add("employment_province_code", DataTypes.StringType)
                .add("student_pseudonym", DataTypes.StringType)
                .add("record_id", DataTypes.StringType);
        List<Row> rows = List.of(
                // two graduates employed in their origin province 云南: one fine cell
                RowFactory.create(
                        2019,
                        "530000",
                        "530100",
                        "310000",
                        "310100",
                        true,
                        "GRADUATED",
                        "EMPLOYED",
                        "530000",
                        "p",
                        "r"),
                RowFactory.create(
                        2019,
                        "530000",
                        "530100",
                        "310000",
                        "310100",
                        true,
                        "GRADUATED",
                        "EMPLOYED",
                        "530000",
                        "a3f0",
                        "R-0001"),
                // employed in 上海: employed_elsewhere
                RowFactory.create(
                        2019,
                        "530000",
                        "530100",
                        "310000",
                        "310100",
                        true,
                        "GRADUATED",
                        "EMPLOYED",
                        "310000",
                        "q",
                        "R-2"),
                // graduated, further study: graduated_not_employed; not registered poor
                RowFactory.create(
                        2019,
                        "530000",
                        "530100",
                        "310000",
                        "310100",
                        false,
                        "GRADUATED",
                        "FURTHER_STUDY",
                        null,
                        "q",
                        "R-3"),
                // enrolled, its prefecture not determined: 53xxxx, not_graduated
                RowFactory.create(2020, "530000", null, "310000", "310100", false, "ENROLLED", null, null, "q", "R-4"));
        org.crossenroll.privacy.PseudonymKey key = org.crossenroll.privacy.PseudonymKey.of(
                "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8), "test");
        List<String> cells =
                DesignedLayer.grain(TestSpark.session().createDataFrame(rows, schema), AdditiveThreshold.hashes(key))
                        .stream()
                        .map(g -> g.year() + " " + g.originPrefecture() + " " + g.hostPrefecture() + " "
                                + g.registeredPoor() + " " + DesignedLayer.OUTCOME_CLASSES.get(g.outcome()) + " n="
                                + g.n() + " t=" + K10.threshold(g.hash()))
                        .sorted()
                        .toList();
        assertThat(cells)
                .containsExactly(
                        "2019 530100 310100 false graduated_not_employed n=1 t=10",
                        "2019 530100 310100 true employed_at_home n=2 t=9",
                        "2019 530100 310100 true employed_elsewhere n=1 t=2",
                        "2020 53xxxx 310100 false not_graduated n=1 t=8");
    }

    private static List<Object> values(List<Row> rows, String level, String code, Integer year) {
        Row row = rows.stream()
                .filter(x -> x.getAs("level").equals(level)
                        && x.getAs("region_code").equals(code)
                        && Objects.equals(x.getAs("intake_year"), year))
                .findFirst()
                .orElseThrow();
        return List.of(row.getAs("students"), row.getAs("registered_poor"), row.getAs("registered_poor_share"));
    }
}
