package org.crossenroll.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.crossenroll.testing.Fixtures;

/**
 * Writes the bundled sample under {@code data/sample/}: synthetic, deterministic records that tell the programme's
 * published story (README "The bundled sample"). Every student, id and name is made up.
 *
 * <p>The accepted totals are fixed by construction: Jiangsu's 11 host schools enrol {@value #JIANGSU} registered-poor
 * 两后生 from Dali and Pu'er over 2018-2020; Shanghai schools {@value #SHANGHAI} registered-poor students from 300+
 * Yunnan source schools; Guangdong {@value #GUANGDONG} students from poor families; plus smaller flows. On top come
 * older versions that the run must supersede and bad rows of five reasons (all but PERSONAL_DATA_IN_FIELD), which it
 * must quarantine.
 *
 * <p>Run: {@code mvn -q test -Dtest=SampleDataTest -Dcrossenroll.regenerateSample=true}.
 */
public final class SampleGenerator {
    public static final int JIANGSU = 2_718;
    public static final int SHANGHAI = 5_794;
    public static final int GUANGDONG = 5_000;
    static final Charset GB18030 = Charset.forName("GB18030");

    /** The contract's canonical header, written once for the tests in {@link Fixtures#CANONICAL}. */
    static final String[] CANONICAL = Fixtures.CANONICAL;
    /** The contract's Chinese headers, written out by hand (not taken from the code under test). */
    public static final String[] SIMPLIFIED = {
        "记录编号", "学籍号", "姓名", "性别", "出生日期", "民族", "生源地代码", "生源学校", "学校标识码", "学校名称", "学校所在地代码",
        "专业代码", "专业名称", "招生项目", "入学日期", "建档立卡", "两后生", "学籍状态", "状态日期", "就业状态", "就业地代码", "更新时间"
    };

    public static final String[] TRADITIONAL = {
        "記錄編號", "學籍號", "姓名", "性別", "出生日期", "民族", "生源地代碼", "生源學校", "學校標識碼", "學校名稱", "學校所在地代碼",
        "專業代碼", "專業名稱", "招生項目", "入學日期", "建檔立卡", "兩後生", "學籍狀態", "狀態日期", "就業狀態", "就業地代碼", "更新時間"
    };

    private static final String[] SURNAMES = {"李", "王", "张", "刘", "杨", "赵", "段", "杞", "罗", "字", "普", "岩", "刀", "和", "木"
    };
    private static final String[] GIVEN = {"明", "华", "芳", "丽", "强", "勇", "艳", "春", "秀", "金", "玉", "兰", "文", "国", "志"};
    private static final String[] SCHOOL_KINDS = {"第一中学", "第二中学", "第三中学", "民族中学", "实验中学", "职业高级中学"};
    private static final String[][] PROGRAMS = {
        {"660103", "数控技术应用"}, {"700601", "汽车运用与维修"}, {"710201", "计算机应用"}, {"720201", "护理"},
        {"740201", "中餐烹饪"}, {"730701", "电子商务"}, {"660302", "机电技术应用"}, {"740101", "旅游服务与管理"}
    };
    /** Ethnic groups of the origin regions (GB/T 3304 code and name); Han is 01. */
    private static final String[][] ETHNIC = {
        {"01", "汉族"}, {"01", "汉族"}, {"01", "汉族"}, {"07", "彝族"}, {"08", "白族"}, {"16", "哈尼族"},
        {"18", "傣族"}, {"03", "回族"}, {"06", "苗族"}, {"12", "侗族"}, {"09", "布依族"}, {"24", "拉祜族"}
    };

    /** A flow: host schools in one host prefecture taking students from origin counties. */
    record Flow(
            String key,
            String scheme,
            String[] hostCounties,
            int schools,
            String[] originCounties,
            int students,
            int firstYear,
            int lastYear,
            double poorShare,
            boolean liangHouSheng) {}

    record Student(
            int n,
            String id,
            String name,
            String gender,
            String birth,
            String[] ethnic,
            String origin,
            String originSchool,
            String schoolCode,
            String schoolName,
            String hostCounty,
            String[] program,
            String scheme,
            int year,
            String intakeDate,
            boolean poor,
            boolean lhs,
            String status,
            String statusDate,
            String employment,
            String employmentCounty,
            String updatedAt) {}

    private final Random random = new Random(20161208L);
    private final Map<String, String> countyNames;
    private int serial;

    SampleGenerator(Map<String, String> countyNames) {
        this.countyNames = countyNames;
    }

    /** Reads county names from the project's own reference, data/regions/counties.csv. */
    public static SampleGenerator fromRegions(Path regionsDir) throws IOException {
        Map<String, String> names = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(regionsDir.resolve("counties.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            names.put(f[0], f[1]);
        }
        return new SampleGenerator(names);
    }

    static List<Flow> flows() {
        String[] dali = {
            "532901", "532922", "532923", "532924", "532925", "532926", "532927", "532928", "532929", "532930",
            "532931", "532932"
        };
        String[] puer = {
            "530802", "530821", "530822", "530823", "530824", "530825", "530826", "530827", "530828", "530829"
        };
        String[] yunnan = {
            "530502", "530521", "530523", "530524", "530581", "530602", "530621", "530622", "530623", "530624",
            "530625", "530627", "530628", "530702", "530721", "530724", "530902", "530921", "530922", "530923",
            "530925", "530926", "530927", "532301", "532322", "532326", "532329", "532501", "532523", "532524",
            "532528", "532529", "532530", "532531", "532601", "532622", "532624", "532625", "532626", "532627",
            "532628", "532801", "532822", "532823", "533103", "533122", "533123", "533124", "533301", "533323",
            "533324", "533325", "533401", "533422", "533423"
        };
        String[] jiangsuHosts = {
            "320115", "320211", "320311", "320412", "320506", "320583", "320682", "320981", "321003", "321181", "321282"
        };
        String[] shanghaiHosts = {
            "310101", "310104", "310107", "310110", "310112", "310113", "310114", "310115", "310116", "310117",
            "310118", "310120"
        };
        List<Flow> flows = new ArrayList<>();
        // Jiangsu: 11 host schools, one per county; Dali and Pu'er split in about 55:45.
        flows.add(new Flow("JS-DL", "东西协作", jiangsuHosts, 11, dali, 1_495, 2018, 2020, 1.0, true));
        flows.add(new Flow("JS-PE", "东西协作", jiangsuHosts, 11, puer, JIANGSU - 1_495, 2018, 2020, 1.0, true));
        flows.add(new Flow("SH-YN", "沪滇联盟", shanghaiHosts, 12, yunnan, SHANGHAI, 2017, 2020, 1.0, false));
        flows.add(new Flow(
                "GD-GZB",
                "东西协作",
                new String[] {"440106", "440111", "440113"},
                3,
                new String[] {"520502", "520521", "520523", "520524", "520525", "520526", "520527"},
                1_400,
                2018,
                2020,
                1.0,
                false));
        flows.add(new Flow(
                "GD-GZQ",
                "东西协作",
                new String[] {"440106", "440111", "440113"},
                3,
                new String[] {"522701", "522722", "522725", "522726", "522727", "522728", "522732"},
                900,
                2018,
                2020,
                1.0,
                false));
        flows.add(new Flow(
                "GD-SZH",
                "东西协作",
                new String[] {"440305", "440306"},
                2,
                new String[] {"451221", "451222", "451224", "451226", "451227", "451228", "451229"},
                800,
                2018,
                2020,
                1.0,
                false));
        flows.add(new Flow(
                "GD-SZB",
                "兜底招生",
                new String[] {"440305", "440306"},
                2,
                new String[] {"451022", "451024", "451026", "451027", "451028", "451031"},
                500,
                2018,
                2020,
                1.0,
                false));
        flows.add(new Flow(
                "GD-ZH",
                "东西协作",
                new String[] {"440402", "440403"},
                1,
                new String[] {"533301", "533323", "533324", "533325"},
                420,
                2018,
                2020,
                1.0,
                false));
        flows.add(new Flow(
                "GD-FS",
                "东西协作",
                new String[] {"440605", "440606"},
                2,
                new String[] {
                    "513422", "513423", "513428", "513429", "513430", "513431", "513432", "513434", "513435", "513436",
                    "513437"
                },
                980,
                2018,
                2020,
                1.0,
                false));
        flows.add(new Flow(
                "NB-QXN",
                "东西协作",
                new String[] {"330206", "330212"},
                2,
                new String[] {"522301", "522323", "522324", "522325", "522326", "522327", "522328"},
                360,
                2018,
                2020,
                0.8,
                false));
        flows.add(new Flow(
                "HZ-QDN",
                "东西协作",
                new String[] {"330106", "330109"},
                2,
                new String[] {"522601", "522622", "522627", "522629", "522631", "522632", "522633", "522634"},
                420,
                2018,
                2020,
                0.8,
                false));
        flows.add(new Flow(
                "FJ-NX",
                "东西协作",
                new String[] {"350104", "350582"},
                2,
                new String[] {"640402", "640422", "640423", "640424", "640425", "640522"},
                300,
                2018,
                2020,
                0.8,
                false));
        flows.add(new Flow(
                "XM-LX",
                "东西协作",
                new String[] {"350205", "350211"},
                1,
                new String[] {"622901", "622921", "622922", "622924", "622925", "622926", "622927"},
                240,
                2018,
                2020,
                0.8,
                false));
        flows.add(new Flow(
                "TJ-GS",
                "",
                new String[] {"120110", "120111", "120116"},
                3,
                new String[] {
                    "620521", "620522", "620525", "621121", "621122", "621126", "621222", "621223", "621226", "623021",
                    "623022", "623023"
                },
                480,
                2018,
                2020,
                0.8,
                false));
        return flows;
    }

    /** Students of one flow, each in its final (accepted) version. */
    List<Student> students(Flow flow) {
        List<Student> out = new ArrayList<>();
        String[] schoolCodes = new String[flow.schools()];
        String[] schoolNames = new String[flow.schools()];
        String[] schoolCounties = new String[flow.schools()];
        for (int s = 0; s < flow.schools(); s++) {
            schoolCounties[s] = flow.hostCounties()[s % flow.hostCounties().length];
            // Flows that share host counties share their schools: the code is "4", the county, and the school's number.
            schoolCodes[s] =
                    String.format(Locale.ROOT, "4%s%03d", schoolCounties[s], 1 + s / flow.hostCounties().length);
            schoolNames[s] = shortName(countyNames.get(schoolCounties[s])) + (s % 2 == 0 ? "职业教育中心" : "中等专业学校");
        }
        int years = flow.lastYear() - flow.firstYear() + 1;
        for (int i = 0; i < flow.students(); i++) {
            int year = flow.firstYear() + (int) ((long) i * years / flow.students());
            String origin = flow.originCounties()[random.nextInt(flow.originCounties().length)];
            int school = random.nextInt(flow.schools());
            boolean female = random.nextInt(100) < 46;
            String birth = String.format(
                    Locale.ROOT,
                    "%d-%02d-%02d",
                    year - 15 - random.nextInt(3),
                    1 + random.nextInt(12),
                    1 + random.nextInt(28));
            String id = origin
                    + birth.replace("-", "")
                    + String.format(Locale.ROOT, "%03d", random.nextInt(1000))
                    + (random.nextInt(11) == 10 ? "X" : String.valueOf(random.nextInt(10)));
            String name = SURNAMES[random.nextInt(SURNAMES.length)]
                    + GIVEN[random.nextInt(GIVEN.length)]
                    + (random.nextBoolean() ? GIVEN[random.nextInt(GIVEN.length)] : "");
            String intake = String.format(Locale.ROOT, "%d-09-%02d", year, 1 + random.nextInt(10));
            boolean poor = random.nextDouble() < flow.poorShare();
            String status = "ENROLLED";
            String statusDate = null;
            String employment = null;
            String employmentCounty = null;
            int roll = random.nextInt(100);
            if (year <= 2018 && roll < 84) {
                status = "GRADUATED";
                statusDate = (year + 3) + "-06-30";
                int e = random.nextInt(100);
                if (e < 72) {
                    employment = "EMPLOYED";
                    employmentCounty = random.nextInt(100) < 58 ? schoolCounties[school] : origin;
                } else {
                    employment = e < 90 ? "FURTHER_STUDY" : "UNEMPLOYED";
                }
            } else if (roll >= 92 || (year > 2018 && roll >= 95)) {
                status = roll % 3 == 0 ? "TRANSFERRED" : "WITHDRAWN";
                statusDate = String.format(Locale.ROOT, "%d-%02d-15", year + 1, 1 + random.nextInt(6));
            }
            String updated = statusDate != null
                    ? statusDate.substring(0, 8) + "28 10:15:00"
                    : String.format(
                            Locale.ROOT,
                            "%d-10-%02d 09:%02d:00",
                            Math.max(year, 2020) + 1,
                            1 + random.nextInt(20),
                            random.nextInt(60));
            out.add(new Student(
                    ++serial,
                    id,
                    name,
                    female ? "F" : "M",
                    birth,
                    ETHNIC[random.nextInt(ETHNIC.length)],
                    origin,
                    shortName(countyNames.get(origin)) + SCHOOL_KINDS[random.nextInt(SCHOOL_KINDS.length)],
                    schoolCodes[school],
                    schoolNames[school],
                    schoolCounties[school],
                    PROGRAMS[random.nextInt(PROGRAMS.length)],
                    flow.scheme(),
                    year,
                    intake,
                    poor,
                    flow.liangHouSheng() || random.nextInt(100) < 30,
                    status,
                    statusDate,
                    employment,
                    employmentCounty,
                    updated));
        }
        return out;
    }

    private static String shortName(String county) {
        if (county.length() > 3 && county.contains("自治县")) {
            return county.substring(0, 2);
        }
        return county.length() > 2 ? county.substring(0, county.length() - 1) : county;
    }

    /** The first version of an enrollment, before its latest status: enrolled, updated two weeks after intake. */
    static Student firstVersion(Student s) {
        return new Student(
                s.n(),
                s.id(),
                s.name(),
                s.gender(),
                s.birth(),
                s.ethnic(),
                s.origin(),
                s.originSchool(),
                s.schoolCode(),
                s.schoolName(),
                s.hostCounty(),
                s.program(),
                s.scheme(),
                s.year(),
                s.intakeDate(),
                s.poor(),
                s.lhs(),
                "ENROLLED",
                null,
                null,
                null,
                s.intakeDate() + " 16:00:00");
    }

    /** How one file writes values: header names, date form, enum and boolean spellings. */
    enum Style {
        ENGLISH,
        SIMPLIFIED_CHINESE,
        TRADITIONAL_CHINESE;

        String[] header() {
            return this == ENGLISH ? CANONICAL : this == SIMPLIFIED_CHINESE ? SIMPLIFIED : TRADITIONAL;
        }
    }

    static Map<String, String> values(Student s, String recordId, Style style, int variant) {
        boolean chinese = style != Style.ENGLISH;
        Map<String, String> v = new LinkedHashMap<>();
        v.put("record_id", recordId);
        v.put("student_id", s.id());
        v.put("student_name", s.name());
        v.put(
                "gender",
                chinese
                        ? (s.gender().equals("F") ? "女" : "男")
                        : variant % 2 == 0 ? s.gender() : s.gender().equals("F") ? "2" : "1");
        v.put(
                "birth_date",
                variant % 3 == 0
                        ? s.birth().replace("-", "/")
                        : variant % 3 == 1 ? s.birth() : s.birth().replace("-", ""));
        v.put("ethnicity", chinese ? s.ethnic()[1] : s.ethnic()[0]);
        v.put("origin_county_code", s.origin());
        v.put("origin_school", s.originSchool());
        v.put("host_school_code", s.schoolCode());
        v.put("host_school_name", s.schoolName());
        v.put("host_county_code", s.hostCounty());
        v.put("program_code", s.program()[0]);
        v.put("program_name", s.program()[1]);
        v.put("scheme", s.scheme());
        v.put("intake_date", chinese ? s.intakeDate().replace("-", "/") : s.intakeDate());
        v.put(
                "registered_poor",
                chinese ? (s.poor() ? "是" : "否") : variant % 2 == 0 ? String.valueOf(s.poor()) : s.poor() ? "Y" : "N");
        v.put("liang_hou_sheng", s.lhs() ? (chinese ? "是" : "1") : "");
        v.put("status", chinese ? chineseStatus(s.status(), style) : s.status());
        v.put("status_date", s.statusDate() == null ? "" : s.statusDate());
        v.put(
                "employment_status",
                s.employment() == null ? "" : chinese ? chineseEmployment(s.employment(), style) : s.employment());
        v.put("employment_county_code", s.employmentCounty() == null ? "" : s.employmentCounty());
        v.put("updated_at", variant % 4 == 3 ? s.updatedAt().replace(' ', 'T') : s.updatedAt());
        return v;
    }

    private static String chineseStatus(String status, Style style) {
        boolean t = style == Style.TRADITIONAL_CHINESE;
        return switch (status) {
            case "ENROLLED" -> t ? "在讀" : "在读";
            case "GRADUATED" -> t ? "畢業" : "毕业";
            case "WITHDRAWN" -> t ? "退學" : "退学";
            default -> t ? "轉學" : "转学";
        };
    }

    private static String chineseEmployment(String employment, Style style) {
        boolean t = style == Style.TRADITIONAL_CHINESE;
        return switch (employment) {
            case "EMPLOYED" -> t ? "就業" : "就业";
            case "FURTHER_STUDY" -> t ? "升學" : "升学";
            default -> t ? "待業" : "待业";
        };
    }

    static String csvLine(Iterable<String> fields) {
        StringBuilder line = new StringBuilder();
        for (String f : fields) {
            if (line.length() > 0) {
                line.append(',');
            }
            if (f.contains(",") || f.contains("\"") || f.contains("\n")) {
                line.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                line.append(f);
            }
        }
        return line.toString();
    }

    static String jsonLine(Map<String, String> v, int variant) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> e : v.entrySet()) {
            if (e.getValue().isEmpty() && variant % 2 == 0) {
                continue; // blank values: sometimes absent, sometimes ""
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(e.getKey()).append("\":");
            String value = e.getValue();
            boolean numeric = e.getKey().endsWith("_code") && !e.getKey().equals("program_code") && variant % 3 == 0;
            boolean bool = e.getKey().equals("registered_poor") || e.getKey().equals("liang_hou_sheng");
            if (numeric && !value.isEmpty()) {
                json.append(value);
            } else if (bool && !value.isEmpty()) {
                json.append(value.equals("1") || value.equals("true") || value.equals("Y") ? "true" : "false");
            } else {
                json.append('"')
                        .append(value.replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
        }
        return json.append('}').toString();
    }

    /** One output file in the making. */
    static final class SampleFile {
        final String path;
        final Style style;
        final Charset charset;
        final boolean bom;
        final boolean json;
        final List<String> lines = new ArrayList<>();

        SampleFile(String path, Style style, Charset charset, boolean bom, boolean json) {
            this.path = path;
            this.style = style;
            this.charset = charset;
            this.bom = bom;
            this.json = json;
            if (!json) {
                List<String> header = List.of(style.header());
                lines.add(csvLine(header));
            }
        }

        void add(Map<String, String> values, int variant) {
            lines.add(json ? jsonLine(values, variant) : csvLine(values.values()));
        }

        void write(Path root) throws IOException {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, charset)) {
                if (bom) {
                    w.write('\uFEFF');
                }
                for (String line : lines) {
                    w.write(line);
                    w.write(json ? "\n" : "\r\n");
                }
            }
        }
    }

    /** Writes every sample file under {@code root}. */
    public void write(Path root) throws IOException {
        SampleFile jiangsu = new SampleFile(
                "jiangsu/江苏_滇西_2018-2020.csv", Style.SIMPLIFIED_CHINESE, StandardCharsets.UTF_8, true, false);
        SampleFile shanghai =
                new SampleFile("shanghai/沪滇联盟_2017-2020.csv", Style.SIMPLIFIED_CHINESE, GB18030, false, false);
        SampleFile guangdong = new SampleFile(
                "guangdong/guangdong_2018-2020.jsonl", Style.ENGLISH, StandardCharsets.UTF_8, false, true);
        SampleFile others = new SampleFile(
                "east_west/east_west_2018-2020.csv", Style.ENGLISH, StandardCharsets.UTF_8, false, false);
        SampleFile xiamen = new SampleFile("east_west/廈門_臨夏.csv", Style.TRADITIONAL_CHINESE, GB18030, false, false);
        SampleFile updates =
                new SampleFile("updates/updates_2021.csv", Style.ENGLISH, StandardCharsets.UTF_8, false, false);
        int updateSerial = 0;
        for (Flow flow : flows()) {
            SampleFile file = flow.key().startsWith("JS")
                    ? jiangsu
                    : flow.key().startsWith("SH")
                            ? shanghai
                            : flow.key().startsWith("GD")
                                    ? guangdong
                                    : flow.key().startsWith("XM") ? xiamen : others;
            for (Student s : students(flow)) {
                String recordId = String.format(Locale.ROOT, "%s-%d-%05d", flow.key(), s.year(), s.n());
                int variant = random.nextInt(12);
                int fate = random.nextInt(1000);
                if (fate < 90 && !s.status().equals("ENROLLED")) {
                    // The submission holds the first version; the nightly update file brings the latest.
                    file.add(values(firstVersion(s), recordId, file.style, variant), variant);
                    updates.add(
                            values(s, String.format(Locale.ROOT, "UPD-%06d", ++updateSerial), Style.ENGLISH, variant),
                            variant);
                } else if (fate < 96) {
                    // Resubmitted in the same file: an older copy stays behind, to be superseded.
                    file.add(values(firstVersion(s), recordId + "-old", file.style, variant), variant);
                    file.add(values(s, recordId, file.style, variant), variant);
                } else if (fate < 98) {
                    // Two versions with the same updated_at: the greater record_id wins (the "-B" copy).
                    Map<String, String> a = values(s, recordId + "-A", file.style, variant);
                    a.put("program_name", a.get("program_name") + "(旧)");
                    file.add(a, variant);
                    file.add(values(s, recordId + "-B", file.style, variant), variant);
                } else {
                    file.add(values(s, recordId, file.style, variant), variant);
                }
            }
        }
        addBadRows(List.of(jiangsu, shanghai, guangdong, others, updates));
        for (SampleFile f : List.of(jiangsu, shanghai, guangdong, others, xiamen, updates)) {
            f.write(root);
        }
        writeCooperation(root);
    }

    /**
     * The second ledger's story (issue 27, point 5): each sample pairing's inputs over its years. Ningbo-Qianxinan
     * carries the programme's published figures exactly (2,598,000 yuan, 9 cadres and 58 teachers sent, 18 cadres and
     * 42 teachers received, 213 teacher trainings, 9 schools paired; since 2017); the eight pairings together the
     * national ones: 683 programmes, 338 training bases, 63 branch schools and 99 vocational-education groups built,
     * 1,957,598,000 yuan of funds and equipment (over 1.8 billion), and 141,500, 161,500 and 23,100 trained (over
     * 140,000, 160,000 and 23,000). Fujian-Ningxia's 60 programmes are its colleges' 60 co-built programme plans.
     */
    static final Object[][] COOPERATION = {
        // key, host, origin, first year, programmes, bases, branch schools, groups, funds, equipment,
        // employment training, skills upgrading, entrepreneurship training
        {"SH-YN", "310000", "530000", 2016, 200, 100, 20, 30, 600_000_000L, 150_000_000L, 45_000, 50_000, 7_000},
        {"ZH-NJ", "440400", "533300", 2016, 60, 30, 6, 9, 120_000_000L, 30_000_000L, 12_000, 14_000, 2_000},
        {"FS-LS", "440600", "513400", 2016, 70, 35, 7, 10, 150_000_000L, 40_000_000L, 15_000, 17_000, 2_500},
        {"NB-QXN", "330200", "522300", 2017, 40, 20, 3, 5, 2_598_000L, 0L, 10_000, 11_000, 1_500},
        {"HZ-QDN", "330100", "522600", 2016, 50, 25, 5, 8, 100_000_000L, 25_000_000L, 11_000, 12_000, 1_800},
        {"FJ-NX", "350000", "640000", 2016, 60, 40, 8, 12, 300_000_000L, 80_000_000L, 20_000, 22_000, 3_000},
        {"XM-LX", "350200", "622900", 2016, 83, 38, 6, 10, 90_000_000L, 20_000_000L, 9_500, 11_500, 1_700},
        {"TJ-GS", "120000", "620000", 2016, 120, 50, 8, 15, 200_000_000L, 50_000_000L, 19_000, 24_000, 3_600},
    };

    static final String[] COOPERATION_INDICATORS = {
        "programmes_cobuilt",
        "training_bases",
        "branch_schools",
        "vocational_groups",
        "funds_cny",
        "equipment_cny",
        "employment_training",
        "skills_upgrading",
        "entrepreneurship_training"
    };

    /** Ningbo-Qianxinan's people, as the programme published them: indicator (Chinese), total. */
    static final Object[][] NINGBO_PEOPLE = {
        {"派出挂职干部", 9}, {"派出教师", 58}, {"接收挂职干部", 18}, {"接收教师", 42}, {"培训教师", 213}, {"结对学校", 9}
    };

    /**
     * A total over the years {@code first..2020}: an equal share each year, the remainder in the last, so that the
     * years add up to the total exactly.
     */
    static long share(long total, int first, int year) {
        int years = 2020 - first + 1;
        long each = total / years;
        return year == 2020 ? total - each * (years - 1) : each;
    }

    private static void writeCooperation(Path root) throws IOException {
        String stamp = "2020-12-15 10:00:00";
        // Ningbo-Qianxinan in simplified Chinese, a UTF-8 CSV with BOM; its 2019 funds first sent short (corrected
        // in the update file below, which supersedes it)
        List<String> ningbo = new ArrayList<>();
        ningbo.add(csvLine(List.of("记录编号", "帮扶方地区代码", "受援方地区代码", "年度", "指标", "数值", "更新时间")));
        Object[] nb = COOPERATION[3];
        for (int year = 2017; year <= 2020; year++) {
            long funds = share((Long) nb[8], 2017, year);
            ningbo.add(csvLine(List.of(
                    "NB-QXN-" + year + "-funds_cny",
                    "330200",
                    "522300",
                    String.valueOf(year),
                    "帮扶资金",
                    String.valueOf(year == 2019 ? funds - 100_000 : funds),
                    stamp)));
        }
        for (Object[] p : NINGBO_PEOPLE) {
            for (int year = 2017; year <= 2020; year++) {
                ningbo.add(csvLine(List.of(
                        "NB-QXN-" + year + "-" + p[0],
                        "330200",
                        "522300",
                        String.valueOf(year),
                        (String) p[0],
                        String.valueOf(share((Integer) p[1], 2017, year)),
                        stamp)));
            }
        }
        write(
                root.resolve("cooperation/宁波_黔西南.csv"),
                "\uFEFF" + String.join("\r\n", ningbo) + "\r\n",
                StandardCharsets.UTF_8);
        // every pairing's building, money and training, one JSON object per record, numbers as numbers
        List<String> national = new ArrayList<>();
        for (Object[] p : COOPERATION) {
            int first = (Integer) p[3];
            for (int i = 0; i < COOPERATION_INDICATORS.length; i++) {
                String indicator = COOPERATION_INDICATORS[i];
                long total = ((Number) p[4 + i]).longValue();
                if (total == 0 || (p[0].equals("NB-QXN") && indicator.equals("funds_cny"))) {
                    continue; // Ningbo's funds are in its own file
                }
                for (int year = first; year <= 2020; year++) {
                    national.add(String.format(
                            Locale.ROOT,
                            "{\"record_id\":\"%s-%d-%s\",\"host_region_code\":\"%s\",\"origin_region_code\":\"%s\","
                                    + "\"year\":%d,\"indicator\":\"%s\",\"value\":%d,\"updated_at\":\"%s\"}",
                            p[0],
                            year,
                            indicator,
                            p[1],
                            p[2],
                            year,
                            indicator,
                            share(total, first, year),
                            stamp));
                }
            }
        }
        write(
                root.resolve("cooperation/east_west_2016-2020.jsonl"),
                String.join("\n", national) + "\n",
                StandardCharsets.UTF_8);
        // the correction: Ningbo's 2019 funds sent again, later, with the right amount
        write(
                root.resolve("cooperation/updates_2021.csv"),
                csvLine(List.of(
                                "record_id",
                                "host_region_code",
                                "origin_region_code",
                                "year",
                                "indicator",
                                "value",
                                "updated_at"))
                        + "\r\n"
                        + csvLine(List.of(
                                "NB-QXN-2019-funds_cny",
                                "330200",
                                "522300",
                                "2019",
                                "funds_cny",
                                String.valueOf(share((Long) nb[8], 2017, 2019)),
                                "2021-01-10 09:00:00"))
                        + "\r\n",
                StandardCharsets.UTF_8);
    }

    private static void write(Path file, String text, Charset charset) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, charset);
    }

    /** Extra students whose rows break one rule each, spread over the files; none of them counts in the story. */
    private void addBadRows(List<SampleFile> files) {
        Flow flow = new Flow(
                "BAD",
                "东西协作",
                new String[] {"320115"},
                1,
                new String[] {"532901", "530802"},
                60,
                2019,
                2019,
                1.0,
                true);
        List<Student> students = students(flow);
        for (int i = 0; i < students.size(); i++) {
            SampleFile file = files.get(i % files.size());
            Student s = students.get(i);
            Map<String, String> v = values(s, String.format(Locale.ROOT, "BAD-%03d", i), file.style, i);
            int kind = i % 10;
            switch (kind) {
                case 0 -> v.put("student_id", "");
                case 1 -> v.put("intake_date", "");
                case 2 -> v.put("birth_date", "2004-02-30");
                case 3 -> v.put("origin_county_code", "53290");
                case 4 -> v.put("status", "休学中");
                case 5 -> v.put("origin_county_code", "532999");
                case 6 -> v.put("intake_date", "2031-09-01");
                case 7 -> {
                    v.put("status", file.style == Style.ENGLISH ? "ENROLLED" : "在读");
                    v.put("status_date", "2019-08-01");
                }
                case 8 -> {
                    v.put("status", file.style == Style.ENGLISH ? "WITHDRAWN" : "退学");
                    v.put("status_date", "2020-03-01");
                    v.put("employment_status", file.style == Style.ENGLISH ? "EMPLOYED" : "就业");
                }
                default -> v.put("host_county_code", "999999");
            }
            if (file.json && kind == 9) {
                file.lines.add("{\"record_id\": \"BAD-" + i + "\", \"student_id\": "); // a truncated JSON line
            } else if (!file.json && kind == 9) {
                file.lines.add(csvLine(new ArrayList<>(v.values()).subList(0, 15))); // a row cut short
            } else {
                file.add(v, i);
            }
        }
    }
}
