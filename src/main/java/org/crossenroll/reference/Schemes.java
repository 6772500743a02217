package org.crossenroll.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.crossenroll.base.UserError;
import org.crossenroll.ingest.CsvRecordReader;
import org.crossenroll.privacy.PersonalData;

/**
 * The closed vocabulary of placing schemes ({@code --schemes FILE}, default the bundled {@code data/schemes.csv}):
 * a UTF-8 CSV whose column {@code scheme} lists the names published as they are; other columns (notes) are
 * ignored. A submitted scheme outside the list is published as {@value #OTHER}, so free text typed into the column
 * (a name, an ID number) never becomes a row label of a report. The ministry extends the list by adding a line.
 */
public final class Schemes {
    public static final String BUNDLED = "classpath:schemes.csv";
    /** What a scheme outside the list is published as. */
    public static final String OTHER = "其他";

    private Schemes() {}

    public static List<String> load(String file, Configuration conf) {
        String name = file;
        try (InputStream in = open(file, conf);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            CsvRecordReader csv = new CsvRecordReader(reader);
            CsvRecordReader.CsvRecord header = csv.next();
            int column = -1;
            if (header != null && !header.isMalformed()) {
                for (int i = 0; i < header.fields().size(); i++) {
                    if (header.fields().get(i).replace("\uFEFF", "").strip().equals("scheme")) {
                        column = i;
                    }
                }
            }
            if (column < 0) {
                throw new UserError("Schemes file " + name + " has no header with a column 'scheme' (--schemes).");
            }
            Set<String> schemes = new LinkedHashSet<>();
            for (CsvRecordReader.CsvRecord r = csv.next(); r != null; r = csv.next()) {
                if (r.isMalformed() || r.fields().size() <= column) {
                    throw new UserError(
                            "Schemes file " + name + " line " + r.line() + " cannot be split into its columns.");
                }
                String scheme = r.fields().get(column).strip();
                if (scheme.isEmpty()) {
                    throw new UserError("Schemes file " + name + " line " + r.line() + ": the scheme is blank.");
                }
                if (PersonalData.holdsId(scheme) || scheme.chars().anyMatch(Character::isISOControl)) {
                    throw new UserError("Schemes file " + name + " line " + r.line()
                            + ": the scheme holds an ID-shaped number or a control character.");
                }
                if (!schemes.add(scheme)) {
                    throw new UserError("Schemes file " + name + " line " + r.line() + ": the scheme appears twice.");
                }
            }
            if (schemes.isEmpty()) {
                throw new UserError("Schemes file " + name + " lists no scheme (--schemes).");
            }
            return List.copyOf(new ArrayList<>(schemes));
        } catch (IOException e) {
            throw new UserError("Schemes file " + name + " cannot be read (--schemes): " + e.getMessage(), e);
        }
    }

    private static InputStream open(String file, Configuration conf) throws IOException {
        if (file.startsWith("classpath:")) {
            InputStream in = Schemes.class.getClassLoader().getResourceAsStream(file.substring("classpath:".length()));
            if (in == null) {
                throw new IllegalStateException("The bundled " + file + " is missing: the jar is incomplete.");
            }
            return in;
        }
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            throw new UserError("Schemes file " + file + " does not exist (--schemes).");
        }
        return fs.open(path);
    }
}
