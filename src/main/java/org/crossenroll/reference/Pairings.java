package org.crossenroll.reference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.base.UserError;

/**
 * The pairings the pairing_progress report follows ({@code --pairings FILE}): columns host_region_code and
 * origin_region_code (a province or prefecture of the region reference), optional target_students; other columns
 * (names, notes) are ignored: names come from the region reference.
 */
public final class Pairings {
    /**
     * The project's own pairings (data/pairings.csv, the East-West pairings substantiated from public sources: see
     * data/regions/README.md), bundled into the jar.
     */
    public static final String BUNDLED = "classpath:pairings.csv";

    public static final StructType SCHEMA = new StructType()
            .add("host_region_code", DataTypes.StringType, false)
            .add("host_region_name", DataTypes.StringType, false)
            .add("host_region_level", DataTypes.StringType, false)
            .add("origin_region_code", DataTypes.StringType, false)
            .add("origin_region_name", DataTypes.StringType, false)
            .add("origin_region_level", DataTypes.StringType, false)
            .add("target_students", DataTypes.LongType, true);

    private Pairings() {}

    public static List<Row> load(String file, Regions regions, Configuration conf) {
        String name;
        Regions.Source source;
        if (file.startsWith("classpath:")) {
            name = file.substring("classpath:".length());
            source = Regions.classpath("");
            name = name.startsWith("/") ? name.substring(1) : name;
        } else {
            Path path = new Path(file);
            name = path.getName();
            try {
                FileSystem fs = path.getFileSystem(conf);
                if (!fs.exists(path)) {
                    throw new UserError("Pairings file " + file + " does not exist (--pairings).");
                }
                source = ignored -> fs.open(path);
            } catch (IOException e) {
                throw new UserError("Pairings file " + file + " cannot be read: " + e.getMessage(), e);
            }
        }
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try {
            String resource = name;
            Regions.Source named = source;
            Regions.Source one = ignored -> named.open(resource);
            for (Regions.Line l :
                    Regions.read(one, name, List.of("host_region_code", "origin_region_code", "target_students"), 2)) {
                String host = l.values()[0];
                String origin = l.values()[1];
                for (String code : List.of(host, origin)) {
                    if (regions.level(code) == null) {
                        throw new UserError("Pairings file " + name + " line " + l.number() + ": region " + code
                                + " is not a province or prefecture of the region reference.");
                    }
                }
                if (!seen.add(host + "<-" + origin)) {
                    throw new UserError("Pairings file " + name + " line " + l.number() + ": the pairing " + host
                            + " <- " + origin + " appears twice.");
                }
                Long target = null;
                String t = l.values()[2];
                if (t != null && !t.isEmpty()) {
                    if (!t.matches("\\d{1,12}")) {
                        throw new UserError("Pairings file " + name + " line " + l.number() + ": target_students '" + t
                                + "' is not a whole number.");
                    }
                    target = Long.parseLong(t);
                }
                rows.add(RowFactory.create(
                        host,
                        regions.name(host),
                        regions.level(host),
                        origin,
                        regions.name(origin),
                        regions.level(origin),
                        target));
            }
        } catch (IOException e) {
            throw new UserError("Pairings file " + name + " cannot be read: " + e.getMessage(), e);
        }
        return rows;
    }

    /** How many of the pairings carry a target_students. */
    public static int withTarget(List<Row> rows) {
        return (int) rows.stream()
                .filter(r -> !r.isNullAt(SCHEMA.fieldIndex("target_students")))
                .count();
    }

    public static Dataset<Row> dataset(SparkSession spark, List<Row> rows) {
        return spark.createDataFrame(rows, SCHEMA);
    }
}
