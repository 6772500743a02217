package org.crossenroll.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.UserError;
import org.crossenroll.ingest.CsvRecordReader;

/**
 * The national division codes (GB/T 2260) the job resolves regions through: {@code provinces.csv} (code, name),
 * {@code prefectures.csv} (code, name, province_code) and {@code counties.csv} (code, name, prefecture_code,
 * province_code). A county's prefecture is what the reference says, never the code's digits: 429004 (仙桃市) lies
 * in the pseudo-prefecture 429000 (省直辖县级行政区划). Loaded on the driver: it is a few thousand rows.
 */
public final class Regions {
  public static final String PROVINCES = "provinces.csv";
  public static final String PREFECTURES = "prefectures.csv";
  public static final String COUNTIES = "counties.csv";

  /** One county with its ancestors, as every report needs it. */
  public static final StructType COUNTY_SCHEMA =
      new StructType()
          .add("county_code", DataTypes.StringType, false)
          .add("county_name", DataTypes.StringType, false)
          .add("prefecture_code", DataTypes.StringType, false)
          .add("prefecture_name", DataTypes.StringType, false)
          .add("province_code", DataTypes.StringType, false)
          .add("province_name", DataTypes.StringType, false);

  public record Region(String code, String name, String parent) {}

  private final Map<String, Region> provinces;
  private final Map<String, Region> prefectures;
  private final Map<String, Region> counties;

  private Regions(Map<String, Region> provinces, Map<String, Region> prefectures, Map<String, Region> counties) {
    this.provinces = provinces;
    this.prefectures = prefectures;
    this.counties = counties;
  }

  /** The project's own reference (data/regions), bundled into the jar so spark-submit finds it anywhere. */
  public static final String BUNDLED = "classpath:regions";

  /** Reads and cross-checks the three files; any gap is a user error naming the file and line. */
  public static Regions load(String dir, Configuration conf) {
    Source source = dir.startsWith("classpath:") ? classpath(dir.substring("classpath:".length())) : files(dir, conf);
    Map<String, Region> provinces = new LinkedHashMap<>();
    Map<String, Region> prefectures = new LinkedHashMap<>();
    Map<String, Region> counties = new LinkedHashMap<>();
    try {
      for (Line l : read(source, PROVINCES, List.of("code", "name"))) {
        put(provinces, PROVINCES, l, new Region(l.values()[0], l.values()[1], null));
      }
      for (Line l : read(source, PREFECTURES, List.of("code", "name", "province_code"))) {
        require(provinces, l.values()[2], PREFECTURES, l.number(), "province_code");
        put(prefectures, PREFECTURES, l, new Region(l.values()[0], l.values()[1], l.values()[2]));
      }
      for (Line l : read(source, COUNTIES, List.of("code", "name", "prefecture_code", "province_code"))) {
        require(prefectures, l.values()[2], COUNTIES, l.number(), "prefecture_code");
        if (!prefectures.get(l.values()[2]).parent().equals(l.values()[3])) {
          throw new UserError("Regions file " + COUNTIES + " line " + l.number() + ": province_code " + l.values()[3]
              + " is not the province of prefecture " + l.values()[2] + ".");
        }
        put(counties, COUNTIES, l, new Region(l.values()[0], l.values()[1], l.values()[2]));
      }
    } catch (IOException e) {
      throw new UserError("Regions directory " + dir + " cannot be read: " + e.getMessage(), e);
    }
    return new Regions(provinces, prefectures, counties);
  }

  /** Opens one of the three files by name. */
  interface Source {
    InputStream open(String file) throws IOException;
  }

  static Source classpath(String folder) {
    return file -> {
      InputStream in = Regions.class.getClassLoader().getResourceAsStream(folder.isEmpty() ? file : folder + "/" + file);
      if (in == null) {
        throw new IllegalStateException("The bundled region reference lacks " + file + ": the jar is incomplete.");
      }
      return in;
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
    return file -> fs.open(new Path(root, file));
  }

  record Line(long number, String[] values) {}

  private static void require(Map<String, Region> parents, String code, String file, long line, String column) {
    if (!parents.containsKey(code)) {
      throw new UserError("Regions file " + file + " line " + line + ": " + column + " " + code + " is not defined.");
    }
  }

  private static void put(Map<String, Region> into, String file, Line line, Region region) {
    if (into.put(region.code(), region) != null) {
      throw new UserError("Regions file " + file + " line " + line.number() + ": code " + region.code() + " appears twice.");
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
          throw new UserError("Regions file " + file + " line " + r.line() + " cannot be split into its columns.");
        }
        String[] values = new String[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
          values[i] = index[i] < 0 ? null : r.fields().get(index[i]).strip();
          boolean isCode = columns.get(i).endsWith("code");
          if (isCode && values[i] != null && !values[i].matches("\\d{6}")) {
            throw new UserError("Regions file " + file + " line " + r.line() + ": " + columns.get(i) + " '"
                + values[i] + "' is not 6 digits.");
          }
        }
        lines.add(new Line(r.line(), values));
      }
    }
    return lines;
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

  public Map<String, Region> counties() {
    return counties;
  }

  /** Every county with its prefecture and province, codes and names: the table region joins use. */
  public Dataset<Row> countiesDataset(SparkSession spark) {
    List<Row> rows = new ArrayList<>(counties.size());
    for (Region county : counties.values()) {
      Region prefecture = prefectures.get(county.parent());
      Region province = provinces.get(prefecture.parent());
      rows.add(RowFactory.create(
          county.code(), county.name(), prefecture.code(), prefecture.name(), province.code(), province.name()));
    }
    return spark.createDataFrame(rows, COUNTY_SCHEMA);
  }
}
