package org.crossenroll.reference;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.crossenroll.base.UserError;
import org.crossenroll.ingest.CsvRecordReader;
import org.crossenroll.ingest.Encoding;
import org.crossenroll.ingest.Field;
import org.crossenroll.privacy.OwnIdentity;
import org.crossenroll.privacy.PersonalData;

/**
 * {@code --schools FILE}: the national school registry, whose names win over the submitted ones for the schools it
 * lists ({@link org.crossenroll.validate.SchoolNames}). A CSV, UTF-8 (with or without BOM) or GB18030, decided as for
 * input CSV files ({@link Encoding#AUTO}); a header naming the columns {@code host_school_code} and
 * {@code host_school_name} as the input contract names them (English, or 学校标识码 / 学校名称, simplified or
 * traditional; other columns ignored); one school per line, a 10-digit code and a non-blank name. The same code
 * twice with the same name is one school. Every mistake is one sentence naming the file, line and field (exit 2),
 * found before the run reads any input; a value is never repeated, except a school code (not personal data).
 */
public final class SchoolRegistry {
    public static final String OPTION = "--schools";

    private SchoolRegistry() {}

    /** School code to name, in the file's order. */
    public static Map<String, String> load(String file, Configuration conf) {
        String what = "School registry file " + file + " (" + OPTION + ")";
        byte[] bytes;
        try {
            Path path = new Path(file);
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path) || fs.getFileStatus(path).isDirectory()) {
                throw new UserError(what + " does not exist or is a directory.");
            }
            try (InputStream in = fs.open(path)) {
                bytes = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UserError(what + " cannot be read: " + e.getMessage(), e);
        }
        boolean bom = bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
        Charset charset = bom ? StandardCharsets.UTF_8 : Encoding.AUTO.charsetFor(bytes, bytes.length);
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), charset))) {
            CsvRecordReader csv = new CsvRecordReader(reader);
            CsvRecordReader.CsvRecord header = csv.next();
            int code = -1;
            int name = -1;
            if (header != null && !header.isMalformed()) {
                for (int i = 0; i < header.fields().size(); i++) {
                    Field f = Field.fromHeader(header.fields().get(i)).orElse(null);
                    if (f == Field.HOST_SCHOOL_CODE) {
                        code = i;
                    } else if (f == Field.HOST_SCHOOL_NAME) {
                        name = i;
                    }
                }
            }
            if (code < 0 || name < 0) {
                throw new UserError(what + " line " + (header == null ? 1 : header.line())
                        + ": the header has no columns "
                        + "host_school_code and host_school_name (学校标识码, 学校名称) (read as " + charset.name() + ").");
            }
            Map<String, String> names = new LinkedHashMap<>();
            Map<String, Long> lines = new HashMap<>();
            for (CsvRecordReader.CsvRecord r = csv.next(); r != null; r = csv.next()) {
                String where = what + " line " + r.line();
                if (r.isMalformed() || r.fields().size() <= Math.max(code, name)) {
                    throw new UserError(where + " cannot be split into its columns.");
                }
                String c = r.fields().get(code).strip();
                if (!c.matches("\\d{10}")) {
                    // not repeated: a misplaced ID number must not reach a log
                    throw new UserError(
                            where + ": field host_school_code is not a 10-digit school identification code ("
                                    + c.length() + " characters).");
                }
                String n = OwnIdentity.trim(r.fields().get(name)); // trimmed as every submitted value
                if (n == null) {
                    throw new UserError(where + ": field host_school_name is blank.");
                }
                if (PersonalData.holdsId(n) || n.chars().anyMatch(Character::isISOControl)) {
                    throw new UserError(
                            where + ": field host_school_name holds an ID-shaped number or a control character.");
                }
                String before = names.putIfAbsent(c, n);
                if (before != null && !before.equals(n)) {
                    throw new UserError(where + ": field host_school_name gives school " + c
                            + " another name than line " + lines.get(c) + " does.");
                }
                lines.putIfAbsent(c, r.line());
            }
            if (names.isEmpty()) {
                throw new UserError(what + " lists no school.");
            }
            return names;
        } catch (IOException e) {
            throw new UserError(what + " cannot be read: " + e.getMessage(), e);
        }
    }
}
