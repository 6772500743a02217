package org.crossenroll.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.crossenroll.CrossEnroll;
import org.crossenroll.base.ExitCode;
import org.crossenroll.base.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, case 13: key length, the typed-key warning, the fingerprint and keygen. No Spark. */
class PseudonymKeyTest {
    @TempDir
    Path tmp;

    private static PseudonymKey key(String text) {
        return PseudonymKey.of(text.getBytes(StandardCharsets.UTF_8), "test");
    }

    @Test
    void keysShorterThan32BytesAreRefused() {
        assertThatThrownBy(() -> key("crossenroll-2021"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("16 bytes")
                .hasMessageContaining("at least 32");
        assertThatThrownBy(() -> key("x".repeat(31))).isInstanceOf(UserError.class);
        assertThat(key("0123456789abcdef0123456789abcdef").fingerprint()).isNotBlank(); // 32 bytes: accepted
    }

    @Test
    void keyFileIsItsBytesNotDecoded() throws IOException {
        String hex = "b1da7b5542c4ec5444b93ce94816b26c2c252a70edb6494bfca8658ac8bb4d57";
        Path file = tmp.resolve("k");
        Files.writeString(file, hex + "\r\n");
        assertThat(PseudonymKey.load(file, null).secret()).isEqualTo(hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void typedKeysWarnRandomOnesDoNot() {
        assertThat(key("crossenroll-production-key-2021!").looksTyped()).isPresent(); // words and a year
        assertThat(key("我们的学生数据密钥请妥善保管不要外传").looksTyped()).isPresent(); // a Chinese phrase
        assertThat(key("a".repeat(64)).looksTyped()).isPresent(); // one character
        assertThat(key("0123456789abcdef".repeat(4)).looksTyped()).isPresent(); // a repeated block
        assertThat(key("deadbeef".repeat(4) + "0123456789abcdef0123456789abcdef")
                        .looksTyped())
                .isPresent();
        assertThat(key("00000000000000000000000000000000").looksTyped()).isPresent(); // hex of 16 bytes, zeros
        Random seeded = new Random(12);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[32];
            seeded.nextBytes(bytes);
            assertThat(key(HexFormat.of().formatHex(bytes)).looksTyped())
                    .as("hex #%d", i)
                    .isEmpty();
            assertThat(key(HexFormat.of().withUpperCase().formatHex(bytes)).looksTyped())
                    .as("HEX #%d", i)
                    .isEmpty();
            assertThat(key(Base64.getEncoder().encodeToString(bytes)).looksTyped())
                    .as("base64 #%d", i)
                    .isEmpty();
            assertThat(key(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
                            .looksTyped())
                    .isEmpty();
            assertThat(PseudonymKey.of(bytes, "binary").looksTyped())
                    .as("binary #%d", i)
                    .isEmpty();
        }
        assertThat(PseudonymKey.of(new byte[32], "zeros").looksTyped())
                .as("32 zero bytes")
                .isPresent();
    }

    @Test
    void fingerprintIsAnHmacOfALabelNotAHashOfTheKey() throws Exception {
        String text = "b1da7b5542c4ec5444b93ce94816b26c2c252a70edb6494bfca8658ac8bb4d57";
        byte[] secret = text.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String hmac = HexFormat.of()
                .formatHex(mac.doFinal("crossenroll pseudonym key fingerprint v2".getBytes(StandardCharsets.UTF_8)));
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        assertThat(key(text).fingerprint())
                .isEqualTo("hmac-sha256:" + hmac.substring(0, 16))
                .doesNotContain(sha.substring(0, 16));
    }

    private record Cli(int code, String out, String err) {}

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CrossEnroll.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void keygenWritesA32ByteHexKeyForItsOwnerOnly() throws IOException {
        Path file = tmp.resolve("night.key");
        Cli r = cli("keygen", "--output", file.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        String text = Files.readString(file);
        assertThat(text).matches("[0-9a-f]{64}\n");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        PseudonymKey loaded = PseudonymKey.load(file, null);
        assertThat(loaded.looksTyped()).isEmpty();
        assertThat(r.out())
                .contains(file.toString())
                .contains(loaded.fingerprint())
                .doesNotContain(text.strip());

        Path second = tmp.resolve("second.key");
        cli("keygen", "--output", second.toString());
        assertThat(Files.readString(second)).as("a fresh key each time").isNotEqualTo(text);
    }

    @Test
    void keygenNeverOverwrites() throws IOException {
        Path file = tmp.resolve("existing.key");
        Files.writeString(file, "the old key, still needed for earlier nights\n");
        Cli r = cli("keygen", "--output", file.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip())
                .contains("existing.key")
                .contains("already exists")
                .doesNotContain("\n");
        assertThat(Files.readString(file)).isEqualTo("the old key, still needed for earlier nights\n");
        Cli missingDir =
                cli("keygen", "--output", tmp.resolve("no/such/dir.key").toString());
        assertThat(missingDir.code()).isEqualTo(ExitCode.USAGE);
    }
}
