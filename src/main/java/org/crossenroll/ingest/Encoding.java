package org.crossenroll.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.crossenroll.base.UserError;

/** The {@code --encoding} option for CSV files: detect per file, or force one. */
public enum Encoding {
    AUTO("auto"),
    UTF_8("utf-8"),
    GB18030("gb18030");

    /** How much of a file auto-detection looks at. */
    static final int SAMPLE_BYTES = 1 << 20;

    private final String option;

    Encoding(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    public static Encoding parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (Encoding e : values()) {
            if (e.option.equals(v) || (e == UTF_8 && v.equals("utf8")) || (e == GB18030 && v.equals("gbk"))) {
                return e;
            }
        }
        throw new UserError("Unknown --encoding '" + value + "': use auto, utf-8 or gb18030.");
    }

    /**
     * The charset to decode a CSV file with. Auto: a UTF-8 byte-order mark or a sample that decodes as strict UTF-8
     * means UTF-8; anything else is GB18030, which covers GBK and GB2312, the encodings Chinese Excel exports use.
     */
    public Charset charsetFor(byte[] sample, int length) {
        switch (this) {
            case UTF_8:
                return StandardCharsets.UTF_8;
            case GB18030:
                return Charset.forName("GB18030");
            default:
                return isUtf8(sample, length) ? StandardCharsets.UTF_8 : Charset.forName("GB18030");
        }
    }

    static boolean isUtf8(byte[] sample, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // A sample cut inside a multi-byte character is still UTF-8: drop up to 3 trailing continuation bytes.
        int end = length;
        if (length == SAMPLE_BYTES) {
            int back = 0;
            while (back < 3 && end > 0 && (sample[end - 1] & 0xC0) == 0x80) {
                end--;
                back++;
            }
            if (end > 0 && (sample[end - 1] & 0xC0) == 0xC0) {
                end--;
            }
        }
        try {
            decoder.decode(ByteBuffer.wrap(sample, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
