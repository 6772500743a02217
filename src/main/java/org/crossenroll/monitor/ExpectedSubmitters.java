package org.crossenroll.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.crossenroll.base.UserError;
import org.crossenroll.ingest.CsvRecordReader;
import org.crossenroll.privacy.PersonalData;
import org.crossenroll.reference.Regions;

/**
 * {@code --expected-submitters FILE}: a UTF-8 CSV with a column {@code code} (or {@code host_school_code}) and an
 * optional {@code name}; a code is a 10-digit host school code, a province code of the region reference, or a pairing
 * of the cooperation records as the metrics name it (host and origin region code, {@code 330200-522300}). Every
 * mistake is one sentence naming the file, line and field (exit 2), found before the run reads any input.
 */
public final class ExpectedSubmitters {
    public static final String OPTION = "--expected-submitters";

    private ExpectedSubmitters() {}

    public static List<Completeness.Expected> load(String file, Regions regions, Configuration conf) {
        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path) || fs.getFileStatus(path).isDirectory()) {
                throw new UserError(
                        "Expected submitters file " + file + " does not exist or is a directory (" + OPTION + ").");
            }
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
                CsvRecordReader csv = new CsvRecordReader(reader);
                CsvRecordReader.CsvRecord header = csv.next();
                int code = -1;
                int name = -1;
                if (header != null && !header.isMalformed()) {
                    for (int i = 0; i < header.fields().size(); i++) {
                        String h = header.fields().get(i).replace("\uFEFF", "").strip();
                        if (h.equals("code") || h.equals("host_school_code")) {
                            code = i;
                        } else if (h.equals("name")) {
                            name = i;
                        }
                    }
                }
                if (code < 0) {
                    throw new UserError("Expected submitters file " + file + " has no header with a column 'code' ("
                            + OPTION + ").");
                }
                List<Completeness.Expected> expected = new ArrayList<>();
                Set<String> codes = new HashSet<>();
                for (CsvRecordReader.CsvRecord r = csv.next(); r != null; r = csv.next()) {
                    String where = "Expected submitters file " + file + " line " + r.line();
                    if (r.isMalformed() || r.fields().size() <= Math.max(code, name)) {
                        throw new UserError(where + " cannot be split into its columns (" + OPTION + ").");
                    }
                    String c = r.fields().get(code).strip();
                    String n = name < 0 ? null : r.fields().get(name).strip();
                    Completeness.Kind kind;
                    if (c.matches("\\d{10}")) {
                        kind = Completeness.Kind.HOST_SCHOOL;
                    } else if (c.matches("\\d{2}0000") && regions.provinces().containsKey(c)) {
                        kind = Completeness.Kind.PROVINCE;
                        n = n == null || n.isEmpty()
                                ? regions.provinces().get(c).name()
                                : n;
                    } else if (c.matches("\\d{6}-\\d{6}")) {
                        kind = Completeness.Kind.PAIRING; // as the metrics name a pairing: host-origin region codes
                    } else {
                        // the value itself is not repeated: the file is the operator's, but a misplaced ID number
                        // must not reach a log
                        throw new UserError(
                                where + ": field code is neither a 10-digit host school code, a province code "
                                        + "of the region reference nor a pairing (host-origin region codes, "
                                        + "330200-522300) (" + c.length() + " characters).");
                    }
                    if (n != null && (PersonalData.holdsId(n) || n.chars().anyMatch(Character::isISOControl))) {
                        throw new UserError(where + ": field name holds an ID-shaped number or a control character.");
                    }
                    if (!codes.add(c)) {
                        throw new UserError(where + ": field code lists a submitter a second time.");
                    }
                    expected.add(new Completeness.Expected(kind, c, n == null || n.isEmpty() ? null : n));
                }
                if (expected.isEmpty()) {
                    throw new UserError("Expected submitters file " + file + " lists no submitter (" + OPTION + ").");
                }
                return expected;
            }
        } catch (IOException e) {
            throw new UserError(
                    "Expected submitters file " + file + " cannot be read (" + OPTION + "): " + e.getMessage(), e);
        }
    }
}
