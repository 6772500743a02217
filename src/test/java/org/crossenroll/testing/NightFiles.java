package org.crossenroll.testing;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crossenroll.testing.NightGenerator.Night;

/**
 * Writes a generated night as the contract allows it to arrive: its rows shuffled over one to three files, each CSV
 * (UTF-8 with or without BOM, or GB18030; English, simplified or traditional Chinese headers in any case and
 * spacing, columns in any order, an unknown column, blank lines, CRLF or LF, quoting where needed or everywhere),
 * JSON Lines (numbers and booleans where a value is one, blanks as null or absent) or Parquet (string columns,
 * blanks null); and its pairings file.
 */
public final class NightFiles {
    static final Charset GB18030 = Charset.forName("GB18030");
    /** canonical -> {simplified, traditional}, from the contract's table. */
    static final Map<String, String[]> CHINESE = new LinkedHashMap<>();

    static {
        String[][] names = {
            {"record_id", "记录编号", "記錄編號"},
            {"student_id", "学籍号", "學籍號"},
            {"student_name", "姓名", "姓名"},
            {"gender", "性别", "性別"},
            {"birth_date", "出生日期", "出生日期"},
            {"ethnicity", "民族", "民族"},
            {"origin_county_code", "生源地代码", "生源地代碼"},
            {"origin_school", "生源学校", "生源學校"},
            {"host_school_code", "学校标识码", "學校標識碼"},
            {"host_school_name", "学校名称", "學校名稱"},
            {"host_county_code", "学校所在地代码", "學校所在地代碼"},
            {"program_code", "专业代码", "專業代碼"},
            {"program_name", "专业名称", "專業名稱"},
            {"scheme", "招生项目", "招生項目"},
            {"intake_date", "入学日期", "入學日期"},
            {"registered_poor", "建档立卡", "建檔立卡"},
            {"liang_hou_sheng", "两后生", "兩後生"},
            {"status", "学籍状态", "學籍狀態"},
            {"status_date", "状态日期", "狀態日期"},
            {"employment_status", "就业状态", "就業狀態"},
            {"employment_county_code", "就业地代码", "就業地代碼"},
            {"updated_at", "更新时间", "更新時間"}
        };
        for (String[] n : names) {
            CHINESE.put(n[0], new String[] {n[1], n[2]});
        }
    }

    private NightFiles() {}

    /** Writes the night's files under {@code input}; returns the file names written. */
    public static List<String> write(Night night, Path input) throws IOException {
        Random rnd = new Random(night.fileSeed());
        List<Map<String, String>> rows = new ArrayList<>();
        night.enrollments().forEach(e -> rows.addAll(e.rows()));
        night.bad().forEach(b -> rows.add(b.row()));
        Collections.shuffle(rows, rnd);
        int files = night.formats().size();
        List<List<Map<String, String>>> parts = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            parts.add(new ArrayList<>());
        }
        for (Map<String, String> r : rows) {
            parts.get(rnd.nextInt(files)).add(r);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            String format = night.formats().get(i);
            String dir = rnd.nextBoolean() ? "" : "sub" + i + "/";
            String name = dir + "part" + i
                    + switch (format) {
                        case "jsonl" -> rnd.nextBoolean() ? ".jsonl" : ".json";
                        case "parquet" -> ".parquet";
                        default -> ".csv";
                    };
            Path file = input.resolve(name);
            Files.createDirectories(file.getParent());
            switch (format) {
                case "jsonl" -> Files.writeString(file, jsonLines(rnd, parts.get(i)), StandardCharsets.UTF_8);
                case "parquet" -> parquet(parts.get(i), file);
                default -> {
                    String text = csv(rnd, parts.get(i), format.equals("csv-gb18030") ? 3 : rnd.nextInt(4));
                    if (format.equals("csv-utf8-bom")) {
                        text = "\uFEFF" + text;
                    }
                    Files.write(file, text.getBytes(format.equals("csv-gb18030") ? GB18030 : StandardCharsets.UTF_8));
                }
            }
            names.add(name);
        }
        return names;
    }

    /** A pairings file in data/pairings.csv's format (names and a level column beside the codes, ignored). */
    public static Path pairings(Night night, Path dir) throws IOException {
        StringBuilder b = new StringBuilder("host_region_code,host_region_name,origin_region_code,origin_region_name,"
                + "level,source_note,target_students\n");
        for (NightGenerator.Pairing p : night.pairings()) {
            b.append(p.host())
                    .append(",名,")
                    .append(p.origin())
                    .append(",名,x->y,\"generated, test\",")
                    .append(p.target() == null ? "" : p.target())
                    .append('\n');
        }
        Path file = dir.resolve("pairings.csv");
        Files.writeString(file, b.toString());
        return file;
    }

    /** headerStyle: 0 English, 1 English in odd case and spacing, 2 simplified, 3 traditional Chinese. */
    private static String csv(Random rnd, List<Map<String, String>> rows, int headerStyle) {
        List<String> columns = new ArrayList<>(CHINESE.keySet());
        Collections.shuffle(columns, rnd);
        boolean extra = rnd.nextBoolean();
        boolean quoteAll = rnd.nextInt(4) == 0;
        String eol = rnd.nextBoolean() ? "\r\n" : "\n";
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (String c : columns) {
            header.add(
                    switch (headerStyle) {
                        case 0 -> c;
                        case 1 ->
                            " "
                                    + (rnd.nextBoolean()
                                            ? c.toUpperCase()
                                            : Character.toUpperCase(c.charAt(0)) + c.substring(1))
                                    + " ";
                        case 2 -> CHINESE.get(c)[0];
                        default -> CHINESE.get(c)[1];
                    });
        }
        if (extra) {
            header.add("备注");
        }
        b.append(line(header, quoteAll)).append(eol);
        for (Map<String, String> r : rows) {
            if (rnd.nextInt(20) == 0) {
                b.append(eol); // a blank line is not a row
            }
            List<String> values = new ArrayList<>();
            columns.forEach(c -> values.add(r.get(c)));
            if (extra) {
                values.add(rnd.nextBoolean() ? "" : "补录");
            }
            b.append(line(values, quoteAll)).append(eol);
        }
        return b.toString();
    }

    private static String line(List<String> values, boolean quoteAll) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            boolean quote = quoteAll || v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
            out.add(quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
        }
        return String.join(",", out);
    }

    private static String jsonLines(Random rnd, List<Map<String, String>> rows) {
        StringBuilder b = new StringBuilder();
        for (Map<String, String> r : rows) {
            List<String> fields = new ArrayList<>();
            r.forEach((k, v) -> {
                if (v.isEmpty()) {
                    if (rnd.nextBoolean()) {
                        fields.add(json(k) + ":null");
                    }
                } else if ((v.equals("true") || v.equals("false")) && rnd.nextBoolean()) {
                    fields.add(json(k) + ":" + v);
                } else if (v.matches("[1-9][0-9]{0,5}") && rnd.nextBoolean()) {
                    fields.add(json(k) + ":" + v); // gender 1/2, ethnicity 1, codes, booleans 1/0 as numbers
                } else {
                    fields.add(json(k) + ":" + json(v));
                }
            });
            b.append('{').append(String.join(",", fields)).append("}\n");
        }
        return b.toString();
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void parquet(List<Map<String, String>> rows, Path file) {
        StructType schema = new StructType();
        for (String c : CHINESE.keySet()) {
            schema = schema.add(c, DataTypes.StringType);
        }
        List<Row> out = new ArrayList<>();
        for (Map<String, String> r : rows) {
            out.add(RowFactory.create(CHINESE.keySet().stream()
                    .map(c -> r.get(c).isEmpty() ? null : r.get(c))
                    .toArray()));
        }
        TestSpark.session().createDataFrame(out, schema).coalesce(1).write().parquet(file.toString());
    }
}
