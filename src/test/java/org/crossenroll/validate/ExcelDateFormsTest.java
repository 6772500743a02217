package org.crossenroll.validate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.crossenroll.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** Dates and timestamps as Excel writes them (month and day without a leading zero), typed by Validation. */
class ExcelDateFormsTest {
    private static <T> Map<String, T> typed(List<String> values, boolean timestamps) {
        Dataset<Row> in =
                TestSpark.session().createDataset(values, Encoders.STRING()).toDF("v");
        Map<String, T> out = new HashMap<>();
        for (Row r : in.select(
                        col("v"), (timestamps ? Validation.timestamp(col("v")) : Validation.date(col("v"))).as("t"))
                .collectAsList()) {
            @SuppressWarnings("unchecked")
            T t = (T) (timestamps ? r.getAs("t") : r.isNullAt(1) ? null : ((java.sql.Date) r.getAs("t")).toLocalDate());
            out.put(r.getString(0), t);
        }
        return out;
    }

    @Test
    void unpaddedMonthAndDayInEveryDateForm() {
        Map<String, LocalDate> d = typed(
                List.of(
                        "2003/9/9",
                        "2003-9-9",
                        "2003-09-9",
                        "2003/9/09",
                        "2003-12-1",
                        "2003-09-09",
                        "2003/09/09",
                        "20030909",
                        "2020/2/29"),
                false);
        LocalDate sept9 = LocalDate.of(2003, 9, 9);
        assertThat(d)
                .containsEntry("2003/9/9", sept9)
                .containsEntry("2003-9-9", sept9)
                .containsEntry("2003-09-9", sept9)
                .containsEntry("2003/9/09", sept9)
                .containsEntry("2003-12-1", LocalDate.of(2003, 12, 1))
                .containsEntry("2003-09-09", sept9)
                .containsEntry("2003/09/09", sept9)
                .containsEntry("20030909", sept9)
                .containsEntry("2020/2/29", LocalDate.of(2020, 2, 29));
    }

    @Test
    void impossibleOrMixedDatesAreStillRejected() {
        List<String> bad = List.of(
                "2019-2-30",
                "2019/2/29",
                "2003/13/1",
                "2003-9/9",
                "2003/9-9",
                "2003-9-",
                "03-9-9",
                "2003-009-9",
                "2003-9-123",
                "200399");
        Map<String, LocalDate> d = typed(bad, false);
        for (String b : bad) {
            assertThat(d.get(b)).as(b).isNull();
        }
    }

    @Test
    void unpaddedMonthAndDayInEveryTimestampForm() {
        Map<String, LocalDateTime> t = typed(
                List.of(
                        "2019-9-1 08:30:00",
                        "2019-9-1T08:30:00",
                        "2019-09-1 08:30:00.25",
                        "2019-2-30 08:30:00",
                        "2019-9-1 8:30:00",
                        "2019/9/1 08:30:00"),
                true);
        LocalDateTime morning = LocalDateTime.of(2019, 9, 1, 8, 30);
        assertThat(t)
                .containsEntry("2019-9-1 08:30:00", morning)
                .containsEntry("2019-9-1T08:30:00", morning)
                .containsEntry("2019-09-1 08:30:00.25", morning.plusNanos(250_000_000));
        assertThat(t.get("2019-2-30 08:30:00")).as("impossible date").isNull();
        // Only month and day may lose their zero; the time and the separators are as the contract has them.
        assertThat(t.get("2019-9-1 8:30:00")).isNull();
        assertThat(t.get("2019/9/1 08:30:00")).isNull();
    }
}
