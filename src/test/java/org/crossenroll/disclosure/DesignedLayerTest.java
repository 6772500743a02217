package org.crossenroll.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.crossenroll.disclosure.CellKey.PTable;
import org.crossenroll.disclosure.DesignedLayer.Grain;
import org.crossenroll.disclosure.DesignedLayer.Pairing;
import org.crossenroll.disclosure.DesignedLayer.Region;
import org.crossenroll.disclosure.DesignedLayer.Table;
import org.crossenroll.storage.ReportWriter;
import org.junit.jupiter.api.Test;

/**
 * The designed layer of two grain cells, every published value worked out by hand from the ptable (k = 10, D = 3:
 * 1..9 -> 10 when c < floor(25.6 n), else 0; n >= 10 -> max(10, n + (c mod 7) - 3)).
 *
 * <p>Grain: intake 2019, 云南 昆明 (530100) -> 上海 (310100): 25 students (record keys summing to 1000), 12 registered
 * poor (300), 15 graduated (500), 9 employed (20), 9 employed at home (240); 云南 大理 (532900) -> 上海: 4 students
 * (70), all registered poor (70), nothing else.
 */
class DesignedLayerTest {
    private static final PTable K10 = new PTable(10, 3);
    private static final Map<String, Region> ORIGIN = Map.of(
            "530000", new Region("云南省", "云南省"),
            "530100", new Region("昆明市", "昆明市"),
            "532900", new Region("大理白族自治州", "大理白族自治州"));
    private static final Map<String, Region> HOST =
            Map.of("310000", new Region("上海市", "上海市"), "310100", new Region("市辖区", "上海市 市辖区"));
    private static final List<Pairing> PAIRINGS = List.of(
            new Pairing("310000", "上海市", "province", "532900", "大理白族自治州", "prefecture", 50L),
            new Pairing("310000", "上海市", "province", "520000", "贵州省", "province", 100L));

    private static List<Grain> grain(long daliKeys) {
        return List.of(
                new Grain(2019, "530000", "530100", "310000", "310100", new long[] {25, 12, 15, 9, 9}, new long[] {
                    1000, 300, 500, 20, 240
                }),
                new Grain(2019, "530000", "532900", "310000", "310100", new long[] {4, 4, 0, 0, 0}, new long[] {
                    daliKeys, daliKeys, 0, 0, 0
                }));
    }

    @Test
    void everyPublishedValueAsWorkedByHand() {
        DesignedLayer.Result r = DesignedLayer.Result.audited(grain(70), ORIGIN, HOST, PAIRINGS, K10);
        assertThat(r.audit()).containsEntry("status", "passed");
        List<Row> origin = r.tables().get(Table.STUDENTS_BY_ORIGIN).rows();
        // 云南: 29 students, key 1070 mod 256 = 46, 46 mod 7 = 4: +1 -> 30; 16 poor, key 370 mod 256 = 114, 114 mod
        // 7 = 2: -1 -> 15; share 15 / 30
        assertThat(values(origin, "province", "530000", null)).containsExactly(30L, 15L, 0.5);
        assertThat(values(origin, "province", "530000", 2019)).containsExactly(30L, 15L, 0.5);
        // 昆明: 25, key 1000 mod 256 = 232, 232 mod 7 = 1: -2 -> 23; 12 poor, key 44, 44 mod 7 = 2: -1 -> 11
        assertThat(values(origin, "prefecture", "530100", null)).containsExactly(23L, 11L, 11.0 / 23);
        // 大理: 4 students, key 70 < floor(102.4) = 102 -> 10; the same for its 4 poor; share 1
        assertThat(values(origin, "prefecture", "532900", 2019)).containsExactly(10L, 10L, 1.0);
        assertThat(origin).hasSize(6);
        // 上海 has the same 29 contributors as 云南: the same value in every table
        assertThat(values(r.tables().get(Table.STUDENTS_BY_HOST).rows(), "province", "310000", null))
                .containsExactly(30L, 15L, 0.5);
        Row flow = r.tables().get(Table.PROVINCE_FLOWS).rows().get(0);
        assertThat(List.of(flow.getAs("students"), flow.getAs("registered_poor")))
                .containsExactly(30L, 15L);
        // outcomes: graduated 15, key 500 mod 256 = 244, 244 mod 7 = 6: +3 -> 18; employed 9, key 20 < 230 -> 10;
        // at home 9, key 240 >= 230 -> 0; rates from the published counts: 18 / 30, 10 / 18, 0 / 10
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
                .containsExactly(30L, 18L, 10L, 0L, 0.6, 10.0 / 18, 0.0);
        // pairings: 上海 - 大理 (target 50): 10 students, share 0.2, cumulative and 2019; 上海 - 贵州: its cumulative
        // row with 0 students
        List<Row> pairings = r.tables().get(Table.PAIRING_STUDENTS).rows();
        assertThat(pairings).hasSize(3);
        assertThat(pairings.get(0).<Long>getAs("students")).isEqualTo(10L);
        assertThat(pairings.get(0).<Double>getAs("share_of_target")).isEqualTo(0.2);
        assertThat(pairings.get(2).<String>getAs("origin_region_code")).isEqualTo("520000");
        assertThat(pairings.get(2).<Long>getAs("students")).isZero();
        assertThat(pairings.get(2).<Double>getAs("share_of_target")).isZero();
    }

    @Test
    void aSmallCountWhoseKeyDrawsZeroLeavesNoRow() {
        // 大理's 4 students with key 110 >= 102: published 0, so its rows are not shown
        DesignedLayer.Result r = DesignedLayer.Result.audited(grain(110), ORIGIN, HOST, PAIRINGS, K10);
        List<Row> origin = r.tables().get(Table.STUDENTS_BY_ORIGIN).rows();
        assertThat(origin).hasSize(4).noneMatch(row -> row.getAs("region_code").equals("532900"));
        // utility of the prefecture level: 29 students, 25 of them in a shown row; one false zero among 2 cells
        DesignedLayer.Utility u = r.utility().stream()
                .filter(x -> x.table().equals("students_by_origin") && x.level().equals("prefecture, all years"))
                .findFirst()
                .orElseThrow();
        assertThat(u.students()).isEqualTo(29);
        assertThat(u.studentsPublished()).isEqualTo(25);
        assertThat(u.falseZeros()).containsEntry("students", 1L);
        // d1 over the two cells: |23 - 25| and |0 - 4| -> 3; d2: 2/25 and 4/4 -> 0.54
        assertThat(u.deviations().get("students")[0]).isEqualTo(3.0);
        assertThat(u.deviations().get("students")[1]).isEqualTo((2.0 / 25 + 1) / 2);
    }

    @Test
    void theAuditRefusesAValueThatIsNotThePtables() {
        DesignedLayer.Result r = DesignedLayer.build(grain(70), ORIGIN, HOST, PAIRINGS, K10);
        Map<Table, List<Row>> rows = new java.util.LinkedHashMap<>();
        r.tables().forEach((t, l) -> rows.put(t, new ArrayList<>(l.rows())));
        // 昆明's 23 replaced by its true 25: right, but not what the ptable gives, so refused
        List<Row> origin = rows.get(Table.STUDENTS_BY_ORIGIN);
        for (int i = 0; i < origin.size(); i++) {
            Row row = origin.get(i);
            if (row.getAs("region_code").equals("530100") && row.getAs("intake_year") == null) {
                Object[] f = new Object[row.size()];
                for (int c = 0; c < f.length; c++) {
                    f[c] = row.get(c);
                }
                f[row.fieldIndex("students")] = 25L;
                origin.set(i, new GenericRowWithSchema(f, row.schema()));
            }
        }
        assertThatThrownBy(() -> DisclosureAudit.checkDesigned(rows, grain(70), K10))
                .isInstanceOf(DesignedLayer.NotProven.class)
                .hasMessageContaining("students = 25 is not the ptable's value");
    }

    @Test
    void aWrittenTableCarriesTheMethodAndItsParametersInItsFooter(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        DesignedLayer.Result r = DesignedLayer.Result.audited(grain(70), ORIGIN, HOST, PAIRINGS, K10);
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
                    .containsEntry("crossenroll.protection", "cell_key")
                    .containsEntry("crossenroll.cell_key.modulus", "256")
                    .containsEntry("crossenroll.cell_key.max_deviation", "3")
                    .containsEntry(
                            "crossenroll.cell_key.ptable",
                            "n=0: 0; 1<=n<k: k if c < floor(256*n/k) else 0; n>=k: max(k, n + (c mod 7) - 3); c = sum"
                                    + " of record keys mod 256, record key = first byte of"
                                    + " SHA-256(student_pseudonym|record_id)");
            assertThat(reader.getRecordCount()).isEqualTo(6);
        }
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
