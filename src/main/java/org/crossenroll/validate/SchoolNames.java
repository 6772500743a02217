package org.crossenroll.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.ingest.Field;

/**
 * The one name of each host school, used by every table that names a school (enrollments_clean, host_summary and
 * its published layer, metrics, completeness): the name most of the school's accepted rows give. Each row names its
 * school as its source system has it; taking the greatest (or any one) of them let a single row rename the school
 * for everyone, a child's name pasted into {@code host_school_name} included.
 *
 * <p>Ties: the name whose rows include the latest {@code updated_at}; if still tied, the greatest name (compared as
 * Java compares strings), so that a rerun names every school the same. Blank names are not candidates: a school whose
 * accepted rows give none has no name (null), unless the registry ({@code --schools}) names it. A school the
 * registry lists takes the registry's name, whatever its rows say.
 *
 * <p>Cheap at any size: one aggregation of the accepted rows by (code, name), a table of about as many rows as there
 * are schools, collected; the choice is made on the driver and joined back by broadcast.
 */
public final class SchoolNames {
    public static final String CODE = Field.HOST_SCHOOL_CODE.column();
    public static final String NAME = Field.HOST_SCHOOL_NAME.column();
    /** What {@link #dataset} holds: one row per school code with its name. */
    public static final StructType SCHEMA =
            new StructType().add(CODE, DataTypes.StringType, false).add(NAME, DataTypes.StringType, true);

    private SchoolNames() {}

    /** One name as the accepted rows give it: how many rows, and the latest updated_at among them. */
    public record Candidate(String code, String name, long rows, LocalDateTime latest) {}

    /** The candidates of the classified rows: accepted rows with a name, counted by (school code, name). */
    public static List<Candidate> candidates(Dataset<Row> classified) {
        List<Candidate> out = new ArrayList<>();
        for (Row r : classified
                .filter(col(Supersession.OUTCOME)
                        .equalTo(lit(Supersession.ACCEPTED))
                        .and(col(CODE).isNotNull())
                        .and(col(NAME).isNotNull()))
                .groupBy(col(CODE), col(NAME))
                .agg(
                        count(lit(1)).as("rows"),
                        max(col(Field.UPDATED_AT.column())).as("latest"))
                .collectAsList()) {
            out.add(new Candidate(r.getString(0), r.getString(1), r.getLong(2), r.getAs("latest")));
        }
        return out;
    }

    /** Each school's name by the rule of the class comment: most rows, then latest updated_at, then greatest name. */
    public static Map<String, String> choose(List<Candidate> candidates) {
        Map<String, Candidate> best = new TreeMap<>();
        for (Candidate c : candidates) {
            best.merge(c.code(), c, (a, b) -> better(a, b) ? a : b);
        }
        Map<String, String> names = new LinkedHashMap<>();
        best.forEach((code, c) -> names.put(code, c.name()));
        return names;
    }

    private static boolean better(Candidate a, Candidate b) {
        if (a.rows() != b.rows()) {
            return a.rows() > b.rows();
        }
        if (a.latest() != null && b.latest() != null && !a.latest().equals(b.latest())) {
            return a.latest().isAfter(b.latest());
        }
        if ((a.latest() == null) != (b.latest() == null)) {
            return a.latest() != null;
        }
        return a.name().compareTo(b.name()) > 0;
    }

    /** The night's school names: those chosen from the rows, with the registry's winning for the schools it lists. */
    public static Map<String, String> withRegistry(Map<String, String> chosen, Map<String, String> registry) {
        Map<String, String> names = new TreeMap<>(chosen);
        names.putAll(registry);
        return Collections.unmodifiableMap(names);
    }

    /** The names of {@link #withRegistry} that two or more school codes share, so are qualified where displayed. */
    public static Set<String> shared(Map<String, String> names) {
        Map<String, Integer> codes = new HashMap<>();
        names.values().forEach(n -> codes.merge(n, 1, Integer::sum));
        Set<String> shared = new TreeSet<>();
        codes.forEach((n, k) -> {
            if (k > 1) {
                shared.add(n);
            }
        });
        return shared;
    }

    /** The names as a small dataset ({@link #SCHEMA}) to join by broadcast. */
    public static Dataset<Row> dataset(SparkSession spark, Map<String, String> names) {
        List<Row> rows = new ArrayList<>(names.size());
        names.forEach((code, name) -> rows.add(RowFactory.create(code, name)));
        return spark.createDataFrame(rows, SCHEMA);
    }
}
