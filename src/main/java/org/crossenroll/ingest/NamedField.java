package org.crossenroll.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A field of a record kind (enrollment: {@link Field}; cooperation: {@link CooperationField}) as a file may name it:
 * the canonical English column name, or its Chinese name, simplified first and traditional last when they differ.
 * Both kinds match headers and JSON keys, and name a field in a message, by these one set of rules.
 */
public interface NamedField {
    /** The canonical English column name. */
    String column();

    /** The Chinese names: simplified, then traditional when it differs. */
    List<String> chineseNames();

    /** The field's name as a file in that language would know it: {@code updated_at (更新时间)}. */
    default String name(Field.HeaderLanguage language) {
        return switch (language) {
            case ENGLISH -> column();
            case SIMPLIFIED -> column() + " (" + chineseNames().get(0) + ")";
            case TRADITIONAL ->
                column() + " (" + chineseNames().get(chineseNames().size() - 1) + ")";
        };
    }

    /** Every name of every field, normalized, to its field: what {@code fromHeader} looks up. */
    static <F extends NamedField> Map<String, F> byHeader(F[] fields) {
        Map<String, F> byHeader = new HashMap<>();
        for (F field : fields) {
            byHeader.put(normalize(field.column()), field);
            for (String alias : field.chineseNames()) {
                byHeader.put(normalize(alias), field);
            }
        }
        return byHeader;
    }

    /**
     * The field a header cell or JSON key names: canonical English or Chinese (simplified or traditional), matched
     * case-insensitively after trimming whitespace (including the full-width space Excel users type).
     */
    static <F extends NamedField> Optional<F> fromHeader(Map<String, F> byHeader, String header) {
        return header == null ? Optional.empty() : Optional.ofNullable(byHeader.get(normalize(header)));
    }

    /**
     * The language of a header's cells: traditional when any cell is a traditional name (one that differs from the
     * simplified), else simplified when any is Chinese, else English.
     */
    static <F extends NamedField> Field.HeaderLanguage language(
            List<String> headerCells, Function<String, Optional<F>> fromHeader) {
        Field.HeaderLanguage language = Field.HeaderLanguage.ENGLISH;
        for (String cell : headerCells) {
            F f = fromHeader.apply(cell).orElse(null);
            if (f == null) {
                continue;
            }
            String name = normalize(cell);
            List<String> chinese = f.chineseNames();
            if (chinese.size() > 1
                    && name.equals(normalize(chinese.get(1)))
                    && !name.equals(normalize(chinese.get(0)))) {
                return Field.HeaderLanguage.TRADITIONAL;
            }
            if (!name.equals(normalize(f.column()))) {
                language = Field.HeaderLanguage.SIMPLIFIED;
            }
        }
        return language;
    }

    private static String normalize(String header) {
        // the byte-order mark first: "\uFEFF Student_ID " is " Student_ID " once it is gone, which strip() then trims
        return header.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
    }
}
