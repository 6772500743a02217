package org.crossenroll.privacy;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.crossenroll.base.UserError;

/**
 * The operator's secret for student pseudonyms. Only its fingerprint is ever written (manifest, logs); the key
 * itself travels to the executors inside the pseudonymization function and nowhere else.
 *
 * <p>The key is the bytes given (a key file's bytes without one trailing line break, or the environment variable's
 * UTF-8 bytes), never decoded: a key of 64 hex characters is a 64-byte key. So how a key is spelled never changes
 * the pseudonyms it makes, and keys in use before keys were checked keep their pseudonyms. {@code crossenroll
 * keygen} writes 32 random bytes as 64 hex characters.
 */
public final class PseudonymKey implements Serializable {
    public static final String ENV_VARIABLE = "CROSSENROLL_PSEUDONYM_KEY";
    /**
     * Pseudonyms of ID numbers can be tested offline by anyone who guesses the key (the ID-number space is small), so
     * the key must be out of reach of guessing: 32 bytes, the size of the HMAC-SHA256 output.
     */
    public static final int MIN_BYTES = 32;
    /** The fixed message whose HMAC under the key is the fingerprint; the version lets it change visibly. */
    static final String FINGERPRINT_LABEL = "crossenroll pseudonym key fingerprint v2";

    static final String FINGERPRINT_PREFIX = "hmac-sha256:";
    /** Bytes {@link #generate} draws. */
    public static final int GENERATED_BYTES = 32;

    private final byte[] secret;

    private PseudonymKey(byte[] secret) {
        this.secret = secret;
    }

    public static PseudonymKey of(byte[] secret, String origin) {
        if (secret.length < MIN_BYTES) {
            throw new UserError("The pseudonym key from " + origin + " is " + secret.length + " bytes; at least "
                    + MIN_BYTES + " are required (make one with 'crossenroll keygen --output FILE').");
        }
        return new PseudonymKey(secret.clone());
    }

    /**
     * The key from {@code --key-file} (its bytes, without one trailing line break) or else from the environment
     * variable {@value #ENV_VARIABLE}; neither is a user error.
     */
    public static PseudonymKey load(Path keyFile, String environmentValue) {
        if (keyFile != null) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(keyFile);
            } catch (NoSuchFileException e) {
                throw new UserError("Key file " + keyFile + " does not exist (--key-file).");
            } catch (IOException e) {
                throw new UserError("Key file " + keyFile + " cannot be read (--key-file): " + e.getMessage());
            }
            int end = bytes.length;
            if (end > 0 && bytes[end - 1] == '\n') {
                end--;
            }
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
            return of(Arrays.copyOf(bytes, end), "--key-file " + keyFile);
        }
        if (environmentValue != null && !environmentValue.isEmpty()) {
            return of(environmentValue.getBytes(StandardCharsets.UTF_8), "$" + ENV_VARIABLE);
        }
        throw new UserError("No pseudonym key: pass --key-file FILE or set " + ENV_VARIABLE + ".");
    }

    /** A fresh key: {@value #GENERATED_BYTES} bytes from {@link SecureRandom}, as lower-case hex text. */
    public static String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    byte[] secret() {
        return secret.clone();
    }

    /**
     * Identifies the key across runs: the first 16 hex digits of HMAC-SHA256(key, {@value #FINGERPRINT_LABEL}). Not
     * a plain hash of the key, so a precomputed table of hashed guesses does not apply; but any fingerprint lets whoever
     * reads it test a guessed key offline (so do the pseudonyms themselves): only a key that cannot be guessed, as
     * {@link #MIN_BYTES} random bytes cannot, protects the students.
     */
    public String fingerprint() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal(FINGERPRINT_LABEL.getBytes(StandardCharsets.UTF_8));
            return FINGERPRINT_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A keyed 64-bit hash for secrets derived from the key other than pseudonyms: the first 8 bytes (big-endian,
     * unsigned) of HMAC-SHA256(key, {@code label + "|" + message}). The label keeps each use apart from the others and
     * from the pseudonyms (HMAC of a bare student id). One {@link Mac} per function returned: not for several threads.
     */
    public java.util.function.ToLongFunction<String> keyedHash64(String label) {
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] prefix = (label + "|").getBytes(StandardCharsets.UTF_8);
        return message -> {
            mac.update(prefix);
            return ByteBuffer.wrap(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)))
                    .getLong();
        };
    }

    /**
     * Why the key looks typed by a person rather than drawn at random, or empty. A heuristic, for a warning only:
     * <ul>
     *   <li>bytes that are not UTF-8 text (or hold control characters) are taken as random binary, unless fewer than
     *       16 distinct byte values occur;
     *   <li>text is taken as random only when it is hex (at least 64 characters of 0-9 and a-f, or A-F, with at least
     *       12 distinct characters) or base64 (at least 43 characters of A-Z, a-z, 0-9 and + / or - _ with optional
     *       = padding, using upper case, lower case and digits, with at least 20 distinct characters), and does not
     *       repeat itself (a shorter block repeated, or fewer than 90% of its runs of three characters distinct);
     *   <li>any other text (words, a passphrase, a name with digits) looks typed.
     * </ul>
     * Random text of those encodings fails these tests with a probability below one in a thousand.
     */
    public Optional<String> looksTyped() {
        String text = utf8Text(secret);
        if (text == null) {
            long distinct = distinctBytes(secret);
            return distinct < 16
                    ? Optional.of("its " + secret.length + " bytes take only " + distinct + " distinct values")
                    : Optional.empty();
        }
        long distinct = text.chars().distinct().count();
        if (repeatsABlock(text) || repetitive(text)) {
            return Optional.of("it repeats itself");
        }
        if (text.matches("[0-9a-f]+|[0-9A-F]+")) {
            if (text.length() < 64) {
                return Optional.of("it is " + text.length() + " hex characters (" + text.length() / 2
                        + " random bytes at most; 64 give 32)");
            }
            return distinct < 12 ? Optional.of("it uses only " + distinct + " distinct hex digits") : Optional.empty();
        }
        if (text.matches("(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}")) {
            boolean mixed = text.matches(".*[A-Z].*") && text.matches(".*[a-z].*") && text.matches(".*[0-9].*");
            if (text.length() >= 43 && distinct >= 20 && mixed) {
                return Optional.empty();
            }
            return Optional.of("it is not the base64 of 32 random bytes (" + text.length() + " characters, " + distinct
                    + " distinct)");
        }
        return Optional.of("it is readable text, not hex or base64 of random bytes");
    }

    /** The bytes as UTF-8 text, or null when they are not text (invalid UTF-8, or control characters). */
    private static String utf8Text(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        return text.chars().anyMatch(Character::isISOControl) ? null : text;
    }

    private static long distinctBytes(byte[] bytes) {
        boolean[] seen = new boolean[256];
        long n = 0;
        for (byte b : bytes) {
            if (!seen[b & 0xFF]) {
                seen[b & 0xFF] = true;
                n++;
            }
        }
        return n;
    }

    /** Fewer than 90% of the runs of three characters are distinct: patterns such as "deadbeefdeadbeef...". */
    private static boolean repetitive(String s) {
        int runs = s.length() - 2;
        if (runs < 1) {
            return false;
        }
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int i = 0; i < runs; i++) {
            distinct.add(s.substring(i, i + 3));
        }
        return distinct.size() < 0.9 * runs;
    }

    private static boolean repeatsABlock(String s) {
        for (int block = 1; block <= s.length() / 2; block++) {
            if (s.length() % block == 0 && s.substring(block).equals(s.substring(0, s.length() - block))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PseudonymKey[" + fingerprint() + "]";
    }
}
