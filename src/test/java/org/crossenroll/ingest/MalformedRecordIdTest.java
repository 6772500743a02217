package org.crossenroll.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.testing.Fixtures;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MALFORMED row keeps its record_id when it can be read, so the school can find the record; it keeps nothing
 * else, and never a record_id that may be something else (shifted by a separator, itself the broken value, or
 * shaped like an ID number).
 */
class MalformedRecordIdTest {
    static final String ID = "53292319990101123X";

    @TempDir
    Path tmp;

    /** Each row the readers make of the directory, by line: "record_id|malformed?" (other fields must be null). */
    private Map<Long, String> read(Path dir) {
        Ingest ingest = new Ingest(TestSpark.session(), Encoding.AUTO);
        Map<Long, String> rows = new HashMap<>();
        for (Row r : ingest.read(ingest.discover(dir.toString()).files()).rows().collectAsList()) {
            boolean malformed = r.getAs(RawRecords.MALFORMED) != null;
            if (malformed) {
                for (Field f : RawRecords.FIELDS) {
                    if (f != Field.RECORD_ID) {
                        assertThat((Object) r.getAs(f.column()))
                                .as("%s of a MALFORMED row", f)
                                .isNull();
                    }
                }
            }
            rows.put(r.getAs(RawRecords.LINE_NUMBER), r.getAs("record_id") + (malformed ? "|MALFORMED" : ""));
        }
        return rows;
    }

    @Test
    void csv() throws IOException {
        Path dir = tmp.resolve("in");
        Fixtures.csv(
                dir.resolve("c.csv"),
                List.of(
                        "CUT1,S1,名字,M", // 2: too few fields, record_id first
                        Fixtures.row("CTRL", "S2", "origin_school", "一中\u0007"), // 3: a control character elsewhere
                        Fixtures.row("BEL\u0007", "S3"), // 4: the control is in the record_id
                        ID + ",S4,x", // 5: an ID-shaped record_id
                        "\"QUOTE\"x,S5")); // 6: broken quoting: no fields
        assertThat(read(dir))
                .containsEntry(2L, "CUT1|MALFORMED")
                .containsEntry(3L, "CTRL|MALFORMED")
                .containsEntry(4L, "null|MALFORMED")
                .containsEntry(5L, "null|MALFORMED")
                .containsEntry(6L, "null|MALFORMED");
    }

    @Test
    void csvWhoseRecordIdIsNotTheFirstColumnKeepsItOnlyWhenTheRowSplits() throws IOException {
        Path dir = tmp.resolve("in");
        String[] header = {
            "student_id",
            "record_id",
            "gender",
            "origin_county_code",
            "host_school_code",
            "host_county_code",
            "intake_date",
            "registered_poor",
            "status",
            "updated_at",
            "origin_school"
        };
        String rest = "M,532901,4132000001,320115,2019-09-01,true,ENROLLED,2019-09-15 10:00:00,";
        Fixtures.csv(
                dir.resolve("c.csv"),
                header,
                StandardCharsets.UTF_8,
                false,
                List.of(
                        "S1,R1," + rest + "一中", // 2: valid
                        "S2,R2," + rest + "一中,extra", // 3: one field too many: R2 may have been shifted, not kept
                        "S3,R3," + rest + "一中\u0000")); // 4: splits: R3 is where the header says
        assertThat(read(dir))
                .containsEntry(2L, "R1")
                .containsEntry(3L, "null|MALFORMED")
                .containsEntry(4L, "R3|MALFORMED");
    }

    @Test
    void jsonLines() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        String rest = Fixtures.JSON_REST;
        Files.writeString(
                dir.resolve("j.jsonl"),
                String.join(
                                "\n",
                                "{\"记录编号\":\"J1\",\"student_id\":\"S1\",\"性别\":\"F\"" + rest, // two keys name gender
                                "{\"record_id\":\"J2\",\"student_id\":{\"a\":1}" + rest, // an object as a value
                                "{\"record_id\":\"J3\",\"student_id\":\"S3\"", // cut short: not JSON
                                "{\"记录编号\":\"J4\",\"record_id\":\"J4b\",\"student_id\":[1]" + rest) // which record_id?
                        + "\n",
                StandardCharsets.UTF_8);
        assertThat(read(dir))
                .containsEntry(1L, "J1|MALFORMED")
                .containsEntry(2L, "J2|MALFORMED")
                .containsEntry(3L, "null|MALFORMED")
                .containsEntry(4L, "null|MALFORMED");
    }

    @Test
    void parquet() {
        Path dir = tmp.resolve("in");
        StructType schema = new StructType();
        for (String c : List.of(
                "record_id",
                "student_id",
                "gender",
                "origin_county_code",
                "host_school_code",
                "host_county_code",
                "intake_date",
                "registered_poor",
                "status",
                "updated_at",
                "origin_school")) {
            schema = schema.add(c, DataTypes.StringType);
        }
        List<Row> rows = new java.util.ArrayList<>();
        for (String[] r : List.of(
                new String[] {"P1", "一中\u0001"}, new String[] {"P2\u0001", "一中"}, new String[] {ID, "\u0001"})) {
            rows.add(RowFactory.create(
                    r[0],
                    "S",
                    "M",
                    "532901",
                    "4132000001",
                    "320115",
                    "2019-09-01",
                    "true",
                    "ENROLLED",
                    "2019-09-15 10:00:00",
                    r[1]));
        }
        TestSpark.session()
                .createDataFrame(rows, schema)
                .coalesce(1)
                .write()
                .parquet(dir.resolve("p.parquet").toString());
        assertThat(read(dir))
                .containsEntry(1L, "P1|MALFORMED")
                .containsEntry(2L, "null|MALFORMED")
                .containsEntry(3L, "null|MALFORMED");
    }
}
