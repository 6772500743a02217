package org.crossenroll.testing;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made input rows: one valid enrollment that each test bends as it needs. */
public final class Fixtures {
    public static final String[] CANONICAL = {
        "record_id",
        "student_id",
        "student_name",
        "gender",
        "birth_date",
        "ethnicity",
        "origin_county_code",
        "origin_school",
        "host_school_code",
        "host_school_name",
        "host_county_code",
        "program_code",
        "program_name",
        "scheme",
        "intake_date",
        "registered_poor",
        "liang_hou_sheng",
        "status",
        "status_date",
        "employment_status",
        "employment_county_code",
        "updated_at"
    };

    private Fixtures() {}

    /** A valid row: Dali (532901) student at a Jiangning (320115) school, enrolled 2019-09-01. */
    /** The rest of a valid JSON Lines record after its record_id and student_id: every other required key. */
    public static final String JSON_REST = ",\"gender\":\"M\",\"origin_county_code\":\"532901\","
            + "\"host_school_code\":\"4132000001\",\"host_county_code\":\"320115\",\"intake_date\":\"2019-09-01\","
            + "\"registered_poor\":true,\"status\":\"ENROLLED\",\"updated_at\":\"2019-09-15 10:00:00\"}";

    public static Map<String, String> row(String recordId, String studentId, String... overrides) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("record_id", recordId);
        r.put("student_id", studentId);
        r.put("student_name", "测试" + studentId);
        r.put("gender", "M");
        r.put("birth_date", "2003-01-02");
        r.put("ethnicity", "01");
        r.put("origin_county_code", "532901");
        r.put("origin_school", "大理一中");
        r.put("host_school_code", "4132000001");
        r.put("host_school_name", "江宁职业教育中心");
        r.put("host_county_code", "320115");
        r.put("program_code", "660103");
        r.put("program_name", "数控技术应用");
        r.put("scheme", "东西协作");
        r.put("intake_date", "2019-09-01");
        r.put("registered_poor", "true");
        r.put("liang_hou_sheng", "");
        r.put("status", "ENROLLED");
        r.put("status_date", "");
        r.put("employment_status", "");
        r.put("employment_county_code", "");
        r.put("updated_at", "2019-09-15 10:00:00");
        for (int i = 0; i < overrides.length; i += 2) {
            if (!r.containsKey(overrides[i])) {
                throw new IllegalArgumentException("no field " + overrides[i]);
            }
            r.put(overrides[i], overrides[i + 1]);
        }
        return r;
    }

    public static String csvLine(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (String f : fields) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(f.contains(",") || f.contains("\"") || f.contains("\n") ? '"' + f.replace("\"", "\"\"") + '"' : f);
        }
        return b.toString();
    }

    /** Writes rows under a header; each row's values in canonical order. Raw lines may be mixed in as Strings. */
    public static Path csv(Path file, String[] header, Charset charset, boolean bom, List<?> rows) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, charset)) {
            if (bom) {
                w.write('\uFEFF');
            }
            w.write(csvLine(List.of(header)) + "\r\n");
            for (Object row : rows) {
                if (row instanceof String raw) {
                    w.write(raw + "\r\n");
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, String> m = (Map<String, String>) row;
                    w.write(csvLine(new ArrayList<>(m.values())) + "\r\n");
                }
            }
        }
        return file;
    }

    public static Path csv(Path file, List<?> rows) throws IOException {
        return csv(file, CANONICAL, java.nio.charset.StandardCharsets.UTF_8, false, rows);
    }

    /** The row with only some fields kept, e.g. to cut it short. */
    public static Map<String, String> without(Map<String, String> row, String... drop) {
        Map<String, String> r = new LinkedHashMap<>(row);
        for (String d : drop) {
            r.remove(d);
        }
        return r;
    }
}
