package org.crossenroll.reference;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.crossenroll.base.UserError;
import org.crossenroll.ingest.CsvRecordReader;

/**
 * The national division codes (GB/T 2260) the job resolves regions through: {@code provinces.csv} (code, name),
 * {@code prefectures.csv} (code, name, province_code) and {@code counties.csv} (code, name, prefecture_code,
 * province_code), and optionally {@code counties_stats_only_zones.csv} (the statistics bureau's functional zones, as
 * counties.csv: valid county-level codes that are not GB/T 2260 units), {@code code_history.csv} ({@link
 * CodeHistory}) and {@code reference.properties} (its {@code vintage}). A county's prefecture is what the reference
 * says, never the code's digits: 429004 (仙桃市) lies in the pseudo-prefecture 429000 (省直辖县级行政区划). Loaded on
 * the driver: it is a few thousand rows.
 */
public final class Regions {
    public static final String PROVINCES = "provinces.csv";
    public static final String PREFECTURES = "prefectures.csv";
    public static final String COUNTIES = "counties.csv";
    public static final String ZONES = "counties_stats_only_zones.csv";
    public static final String PROPERTIES = "reference.properties";
    private static final List<String> COUNTY_COLUMNS = List.of("code", "name", "prefecture_code", "province_code");
    /** Compiled once: the files hold some 30,000 codes. */
    private static final Pattern CODE = Pattern.compile("\\d{6}");

    public record Region(String code, String name, String parent) {}

    private final Map<String, Region> provinces;
    private final Map<String, Region> prefectures;
    private final Map<String, Region> counties;
    private final Map<String, Region> zones;
    private final CodeHistory history;
    private final String vintage;

    private Regions(
            Map<String, Region> provinces,
            Map<String, Region> prefectures,
            Map<String, Region> counties,
            Map<String, Region> zones,
            CodeHistory history,
            String vintage) {
        this.provinces = Collections.unmodifiableMap(provinces);
        this.prefectures = Collections.unmodifiableMap(prefectures);
        this.counties = Collections.unmodifiableMap(counties);
        this.zones = Collections.unmodifiableMap(zones);
        this.history = history;
        this.vintage = vintage;
    }

    /** The project's own reference (data/regions), bundled into the jar so spark-submit finds it anywhere. */
    public static final String BUNDLED = "classpath:regions";

    /**
     * Reads and cross-checks the files; any gap is a user error naming the file and line. Province codes end in 0000
     * and prefecture codes in 00, as GB/T 2260 has them: the reports name undetermined units after them
     * ({@link #undeterminedCounty}).
     */
    public static Regions load(String dir, Configuration conf) {
        if (dir.equals(BUNDLED)) {
            return bundled();
        }
        return readReference(dir, conf);
    }

    private static Regions bundledReference;

    /** The jar's own reference cannot change while the JVM runs: read once (tests run the job many times). */
    private static synchronized Regions bundled() {
        if (bundledReference == null) {
            bundledReference = readReference(BUNDLED, null);
        }
        return bundledReference;
    }

    private static Regions readReference(String dir, Configuration conf) {
        Source source =
                dir.startsWith("classpath:") ? classpath(dir.substring("classpath:".length())) : files(dir, conf);
        Map<String, Region> provinces = new LinkedHashMap<>();
        Map<String, Region> prefectures = new LinkedHashMap<>();
        Map<String, Region> counties = new LinkedHashMap<>();
        Map<String, Region> zones = new LinkedHashMap<>();
        try {
            for (Line l : read(source, PROVINCES, List.of("code", "name"))) {
                put(provinces, PROVINCES, l, new Region(l.values()[0], l.values()[1], null), "0000");
            }
            for (Line l : read(source, PREFECTURES, List.of("code", "name", "province_code"))) {
                require(provinces, l.values()[2], PREFECTURES, l.number(), "province_code");
                put(prefectures, PREFECTURES, l, new Region(l.values()[0], l.values()[1], l.values()[2]), "00");
            }
            readCounties(source, COUNTIES, prefectures, counties, Map.of());
            if (source.has(ZONES)) {
                readCounties(source, ZONES, prefectures, zones, counties);
            }
            CodeHistory history = source.has(CodeHistory.FILE) ? CodeHistory.read(source) : CodeHistory.empty();
            String vintage = null;
            if (source.has(PROPERTIES)) {
                Properties p = new Properties();
                try (InputStream in = source.open(PROPERTIES)) {
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
                vintage = p.getProperty("vintage");
            }
            return new Regions(provinces, prefectures, counties, zones, history, vintage);
        } catch (IOException e) {
            throw new UserError("Regions directory " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** County-level units with a prefecture of the reference and its province, none of them one of {@code others}. */
    private static void readCounties(
            Source source,
            String file,
            Map<String, Region> prefectures,
            Map<String, Region> into,
            Map<String, Region> others)
            throws IOException {
        for (Line l : read(source, file, COUNTY_COLUMNS)) {
            require(prefectures, l.values()[2], file, l.number(), "prefecture_code");
            if (!prefectures.get(l.values()[2]).parent().equals(l.values()[3])) {
                throw new UserError("Regions file " + file + " line " + l.number() + ": province_code " + l.values()[3]
                        + " is not the province of prefecture " + l.values()[2] + ".");
            }
            if (others.containsKey(l.values()[0])) {
                throw new UserError("Regions file " + file + " line " + l.number() + ": code " + l.values()[0]
                        + " is a county of " + COUNTIES + " too.");
            }
            put(into, file, l, new Region(l.values()[0], l.values()[1], l.values()[2]), "");
        }
    }

    /** Opens the reference's files by name. */
    interface Source {
        InputStream open(String file) throws IOException;

        /** Whether an optional file is there. */
        default boolean has(String file) throws IOException {
            return true;
        }
    }

    static Source classpath(String folder) {
        return new Source() {
            @Override
            public InputStream open(String file) {
                InputStream in = Regions.class.getClassLoader().getResourceAsStream(resource(file));
                if (in == null) {
                    throw new IllegalStateException(
                            "The bundled region reference lacks " + file + ": the jar is incomplete.");
                }
                return in;
            }

            @Override
            public boolean has(String file) {
                return Regions.class.getClassLoader().getResource(resource(file)) != null;
            }

            private String resource(String file) {
                return folder.isEmpty() ? file : folder + "/" + file;
            }
        };
    }

    private static Source files(String dir, Configuration conf) {
        Path root = new Path(dir);
        FileSystem fs;
        try {
            fs = root.getFileSystem(conf);
            if (!fs.exists(root)) {
                throw new UserError("Regions directory " + dir + " does not exist (--regions).");
            }
            for (String name : List.of(PROVINCES, PREFECTURES, COUNTIES)) {
                if (!fs.exists(new Path(root, name))) {
                    throw new UserError("Regions directory " + dir + " lacks " + name
                            + " (it needs provinces.csv, prefectures.csv and counties.csv).");
                }
            }
        } catch (IOException e) {
            throw new UserError("Regions directory " + dir + " cannot be read: " + e.getMessage(), e);
        }
        return new Source() {
            @Override
            public InputStream open(String file) throws IOException {
                return fs.open(new Path(root, file));
            }

            @Override
            public boolean has(String file) throws IOException {
                return fs.exists(new Path(root, file));
            }
        };
    }

    record Line(long number, String[] values) {}

    private static void require(Map<String, Region> parents, String code, String file, long line, String column) {
        if (!parents.containsKey(code)) {
            throw new UserError(
                    "Regions file " + file + " line " + line + ": " + column + " " + code + " is not defined.");
        }
    }

    private static void put(Map<String, Region> into, String file, Line line, Region region, String ending) {
        if (!region.code().endsWith(ending)) {
            throw new UserError("Regions file " + file + " line " + line.number() + ": code " + region.code()
                    + " does not end in " + ending + " as codes of its level do.");
        }
        if (into.put(region.code(), region) != null) {
            throw new UserError(
                    "Regions file " + file + " line " + line.number() + ": code " + region.code() + " appears twice.");
        }
    }

    /** The named columns of every row, trimmed; codes checked to be 6 digits. */
    static List<Line> read(Source source, String file, List<String> columns) throws IOException {
        return read(source, file, columns, columns.size());
    }

    /**
     * The named columns of every row, trimmed; the first {@code required} must be in the header and the codes among
     * them 6 digits; the others may be absent (then null).
     */
    static List<Line> read(Source source, String file, List<String> columns, int required) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (InputStream in = source.open(file);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            CsvRecordReader csv = new CsvRecordReader(reader);
            CsvRecordReader.CsvRecord header = csv.next();
            if (header == null || header.isMalformed()) {
                throw new UserError("Regions file " + file + " has no header row.");
            }
            List<String> names = new ArrayList<>();
            for (String h : header.fields()) {
                names.add(h.replace("\uFEFF", "").strip());
            }
            int[] index = new int[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                index[i] = names.indexOf(columns.get(i));
                if (index[i] < 0 && i < required) {
                    throw new UserError("Regions file " + file + " lacks the column " + columns.get(i) + ".");
                }
            }
            for (CsvRecordReader.CsvRecord r = csv.next(); r != null; r = csv.next()) {
                if (r.isMalformed() || r.fields().size() != names.size()) {
                    throw new UserError(
                            "Regions file " + file + " line " + r.line() + " cannot be split into its columns.");
                }
                String[] values = new String[columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    values[i] = index[i] < 0 ? null : r.fields().get(index[i]).strip();
                    boolean isCode = columns.get(i).endsWith("code");
                    if (isCode && values[i] != null && !CODE.matcher(values[i]).matches()) {
                        throw new UserError("Regions file " + file + " line " + r.line() + ": " + columns.get(i) + " '"
                                + values[i] + "' is not 6 digits.");
                    }
                }
                lines.add(new Line(r.line(), values));
            }
        }
        return lines;
    }

    /**
     * Prefecture names that are not places but GB/T 2260's containers for county-level units under a province or a
     * municipality: 市辖区 is the prefecture of Beijing, Tianjin, Shanghai and Chongqing alike.
     */
    public static final Set<String> PSEUDO_PREFECTURES = Set.of("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划");

    private Map<String, String> displayNames;

    /**
     * A name for every province, prefecture and county-level unit that no other unit of its level shares, so that a
     * dashboard grouping by it cannot merge two places (docs/reports.md, "Display names"):
     * <ul>
     *   <li>a province: its name;
     *   <li>a prefecture: its name, or {@code <province> <name>} when it is a pseudo-prefecture ({@link
     *       #PSEUDO_PREFECTURES}) or another prefecture has the same name ({@code 上海市 市辖区});
     *   <li>a county (or stats-only zone): its name, or, when another county-level unit has the same name, the name
     *       qualified with its prefecture's name when that is a plain unique one ({@code 长春市 朝阳区}), else with its
     *       province's ({@code 北京市 朝阳区}); should two units still share that, with both ({@code 河北省 石家庄市
     *       桥西区}).
     * </ul>
     * Computed once, on the driver, from this reference.
     */
    public synchronized Map<String, String> displayNames() {
        if (displayNames == null) {
            Map<String, String> out = new LinkedHashMap<>();
            provinces.values().forEach(p -> out.put(p.code(), p.name()));
            Map<String, Long> prefectureNames = countNames(prefectures.values());
            for (Region p : prefectures.values()) {
                boolean plain = !PSEUDO_PREFECTURES.contains(p.name()) && prefectureNames.get(p.name()) == 1;
                out.put(p.code(), plain ? p.name() : provinces.get(p.parent()).name() + " " + p.name());
            }
            List<Region> countyLevel = new ArrayList<>(counties.values());
            countyLevel.addAll(zones.values());
            Map<String, Long> countyNames = countNames(countyLevel);
            Map<String, String> qualified = new LinkedHashMap<>();
            for (Region c : countyLevel) {
                if (countyNames.get(c.name()) > 1) {
                    Region prefecture = prefectures.get(c.parent());
                    boolean plain = out.get(prefecture.code()).equals(prefecture.name());
                    qualified.put(
                            c.code(),
                            (plain
                                            ? prefecture.name()
                                            : provinces.get(prefecture.parent()).name()) + " " + c.name());
                }
            }
            Map<String, Long> qualifiedNames = countNames(qualified.values());
            for (Region c : countyLevel) {
                String q = qualified.get(c.code());
                if (q == null) {
                    out.put(c.code(), c.name());
                } else if (qualifiedNames.get(q) == 1) {
                    out.put(c.code(), q);
                } else {
                    Region prefecture = prefectures.get(c.parent());
                    out.put(
                            c.code(),
                            provinces.get(prefecture.parent()).name() + " " + prefecture.name() + " " + c.name());
                }
            }
            displayNames = Collections.unmodifiableMap(out);
        }
        return displayNames;
    }

    /** The display names that differ from the reference's name: the few a report needs to look up. */
    public Map<String, String> qualifiedDisplayNames() {
        Map<String, String> out = new LinkedHashMap<>();
        displayNames().forEach((code, display) -> {
            Region r = provinces.containsKey(code)
                    ? provinces.get(code)
                    : prefectures.containsKey(code) ? prefectures.get(code) : countyLevel(code);
            if (!r.name().equals(display)) {
                out.put(code, display);
            }
        });
        return out;
    }

    private static Map<String, Long> countNames(java.util.Collection<?> regionsOrNames) {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (Object o : regionsOrNames) {
            counts.merge(o instanceof Region r ? r.name() : (String) o, 1L, Long::sum);
        }
        return counts;
    }

    /** The display name ({@link #displayNames()}) of a province or prefecture. */
    public String display(String code) {
        return displayNames().get(code);
    }

    /** "province" or "prefecture" for a code of that level, else null. */
    public String level(String code) {
        return provinces.containsKey(code) ? "province" : prefectures.containsKey(code) ? "prefecture" : null;
    }

    /** The reference's name of a province or prefecture. */
    public String name(String code) {
        Region r = provinces.containsKey(code) ? provinces.get(code) : prefectures.get(code);
        return r == null ? null : r.name();
    }

    public Map<String, Region> provinces() {
        return provinces;
    }

    public Map<String, Region> prefectures() {
        return prefectures;
    }

    /** The counties of counties.csv. */
    public Map<String, Region> counties() {
        return counties;
    }

    /** The statistics-only functional zones (counties_stats_only_zones.csv): county-level codes too. */
    public Map<String, Region> zones() {
        return zones;
    }

    /** A county-level unit of the reference (a county or a stats-only zone), or null. */
    public Region countyLevel(String code) {
        Region county = counties.get(code);
        return county != null ? county : zones.get(code);
    }

    public CodeHistory history() {
        return history;
    }

    /** The vintage its reference.properties names, or null. */
    public String vintage() {
        return vintage;
    }

    /** Name of the explicit report row for students whose county is not determined ({@link RegionResolution}). */
    public static final String COUNTY_NOT_DETERMINED = "县级未确定";
    /** Name of the explicit report row for students whose prefecture is not determined. */
    public static final String PREFECTURE_NOT_DETERMINED = "地级未确定";

    /**
     * The code the reports give the undetermined county of a prefecture (or of an undetermined prefecture): its
     * county digits as {@code xx}, e.g. 3206xx. No code of the reference has that form, so such a row can never be
     * taken for a real county, and its prefix still sorts and filters with its prefecture's.
     */
    public static Column undeterminedCounty(Column prefectureCode) {
        return concat(substring(prefectureCode, 1, 4), lit("xx"));
    }

    /** The code the reports give the undetermined prefecture of a province, e.g. 34xxxx. */
    public static Column undeterminedPrefecture(Column provinceCode) {
        return concat(substring(provinceCode, 1, 2), lit("xxxx"));
    }
}
