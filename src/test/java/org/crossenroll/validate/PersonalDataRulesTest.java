package org.crossenroll.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.ingest.Field;
import org.crossenroll.ingest.RawRecords;
import org.crossenroll.privacy.PseudonymKey;
import org.crossenroll.privacy.Pseudonymizer;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.reference.Schemes;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, case 6, at the classes that own it: an ID-shaped value in any field but student_id quarantines its row
 * as PERSONAL_DATA_IN_FIELD, quarantine details give shapes instead of values, schemes come from the vocabulary.
 * Expected values worked out by hand from the rules in ReasonCode and PersonalData.
 */
class PersonalDataRulesTest {
    static final String ID = "53292319990101123X";
    static final String NAME = "张小明";
    static final List<String> SCHEMES = List.of("东西协作", "沪滇联盟");
    static Map<String, Row> quarantine = new HashMap<>();
    static Map<String, Row> clean = new HashMap<>();
    static List<Row> dataQuality;
    static List<String> planted = new ArrayList<>();

    /** A raw row as the readers make it: its line number is its key, record_id as given. */
    static Row raw(long line, Map<String, String> values) {
        Object[] v = new Object[RawRecords.SCHEMA.size()];
        v[0] = "t.csv";
        v[1] = line;
        for (int i = 0; i < RawRecords.FIELDS.size(); i++) {
            String value = values.get(RawRecords.FIELDS.get(i).column());
            v[3 + i] = value == null || value.isEmpty() ? null : value;
        }
        return RowFactory.create(v);
    }

    @BeforeAll
    static void validate() {
        List<Row> rows = new ArrayList<>();
        long line = 1;
        // lines 1..20: the ID in every field but student_id (and student_name, which is never read), one at a time
        for (Field f : RawRecords.FIELDS) {
            if (f != Field.STUDENT_ID) {
                planted.add(f.column());
                rows.add(raw(line++, Fixtures.row("R" + line, "S" + line, f.column(), ID)));
            }
        }
        long afterIds = line;
        rows.add(raw(line++, Fixtures.row("G" + ID, "S100"))); // student number
        rows.add(raw(line++, Fixtures.row("R-NAME", "S101", "status", NAME))); // name in an enum
        rows.add(raw(line++, Fixtures.row("R-BOTH", "S102", "gender", "X", "birth_date", ID))); // leak beats INVALID
        rows.add(raw(line++, Fixtures.row("R-BLANK", "", "program_name", "数控 " + ID))); // leak beats MISSING
        rows.add(raw(line++, Fixtures.row("R-OK", "S104", "scheme", "沪滇联盟"))); // listed: kept
        rows.add(raw(line++, Fixtures.row("R-OTHER", "S105", "scheme", NAME))); // not listed: 其他
        rows.add(raw(line++, Fixtures.row("R-NONE", "S106", "scheme", ""))); // blank: null
        rows.add(raw(line++, Fixtures.row("R-LONG", "S107", "program_name", "订单 123456789012345678"))); // not an ID
        assertThat(afterIds).isEqualTo(21);
        SparkSession spark = TestSpark.session();
        Dataset<Row> raw = spark.createDataFrame(rows, RawRecords.SCHEMA);
        PseudonymKey key = PseudonymKey.of("k".repeat(PseudonymKey.MIN_BYTES).getBytes(StandardCharsets.UTF_8), "t");
        Dataset<Row> counties = new RegionResolution(
                        Regions.load(Regions.BUNDLED, new Configuration()), Validation.EARLIEST_INTAKE.getYear())
                .dataset(spark);
        Dataset<Row> classified = Supersession.classify(Validation.validate(
                        Pseudonymizer.apply(raw, key), counties, LocalDate.parse("2024-06-30"), SCHEMES))
                .cache();
        for (Row r : Outcomes.quarantine(classified).collectAsList()) {
            quarantine.put(String.valueOf(r.getLong(1)), r);
        }
        for (Row r : Outcomes.clean(classified).collectAsList()) {
            clean.put(r.getAs("record_id"), r);
        }
        dataQuality = Outcomes.dataQuality(classified).collectAsList();
        classified.unpersist();
    }

    private static String reason(long line) {
        Row q = quarantine.get(String.valueOf(line));
        return q == null ? "accepted" : q.getAs("reason_code") + "/" + q.getAs("field");
    }

    @Test
    void anIdInAnyFieldButStudentIdQuarantinesTheRowAsALeak() {
        for (int i = 0; i < planted.size(); i++) {
            assertThat(reason(i + 1))
                    .as("ID in %s", planted.get(i))
                    .isEqualTo("PERSONAL_DATA_IN_FIELD/" + planted.get(i));
        }
        assertThat(planted).hasSize(20);
        assertThat(reason(21)).isEqualTo("PERSONAL_DATA_IN_FIELD/record_id");
        assertThat(reason(23)).as("before INVALID_VALUE of gender").isEqualTo("PERSONAL_DATA_IN_FIELD/birth_date");
        assertThat(reason(24)).as("before MISSING_FIELD student_id").isEqualTo("PERSONAL_DATA_IN_FIELD/program_name");
        assertThat(reason(28)).as("18 digits that are no ID").isEqualTo("accepted");
    }

    @Test
    void aLeakRowKeepsNeitherTheValueNorItsRecordId() {
        for (Row q : quarantine.values()) {
            if ("PERSONAL_DATA_IN_FIELD".equals(q.getAs("reason_code"))) {
                assertThat((String) q.getAs("record_id")).as(q.toString()).isNull();
            }
            assertThat(q.toString()).doesNotContain("1999010").doesNotContain(NAME);
        }
        String birthDateLine = String.valueOf(planted.indexOf("birth_date") + 1);
        assertThat((String) quarantine.get(birthDateLine).getAs("detail"))
                .isEqualTo(
                        "birth_date holds a value shaped like an "
                                + "ID-card or student number (18 characters: digits, Latin letters); it was not kept, see the file at this line");
        assertThat((String) quarantine.get("24").getAs("detail"))
                .contains("(21 characters: digits, Latin letters, Chinese characters, spaces)");
    }

    @Test
    void anInvalidValueIsDescribedByItsShape() {
        assertThat((String) quarantine.get("22").getAs("detail"))
                .isEqualTo(
                        "status is not a status (ENROLLED, "
                                + "GRADUATED, WITHDRAWN, TRANSFERRED or 在读, 毕业, 退学, 转学); the value is 3 characters: Chinese characters");
        assertThat((String) quarantine.get("22").getAs("record_id")).isEqualTo("R-NAME");
    }

    @Test
    void schemesOutsideTheVocabularyArePublishedAsOther() {
        assertThat((String) clean.get("R-OK").getAs("scheme")).isEqualTo("沪滇联盟");
        assertThat((String) clean.get("R-OTHER").getAs("scheme")).isEqualTo(Schemes.OTHER);
        assertThat((String) clean.get("R-NONE").getAs("scheme")).isNull();
        assertThat((String) clean.get("R-LONG").getAs("scheme")).isEqualTo("东西协作");
        assertThat(dataQuality).hasSize(1);
        Row dq = dataQuality.get(0);
        assertThat((Long) dq.getAs("scheme_other")).as("R-OTHER only").isEqualTo(1L);
        assertThat((Long) dq.getAs("personal_data_in_field")).isEqualTo(20L + 1 + 1 + 1);
        assertThat((Long) dq.getAs("invalid_value")).as("the name in status").isEqualTo(1L);
        assertThat((Long) dq.getAs("accepted")).isEqualTo(4L);
        assertThat(dq.schema().fieldNames()).isEqualTo(Outcomes.DATA_QUALITY_SCHEMA.fieldNames());
    }
}
