package org.crossenroll.privacy;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.crossenroll.UserError;

/**
 * The operator's secret for student pseudonyms. Only its fingerprint is ever written (manifest, logs); the key
 * itself travels to the executors inside the pseudonymization function and nowhere else.
 */
public final class PseudonymKey implements Serializable {
  public static final String ENV_VARIABLE = "CROSSENROLL_PSEUDONYM_KEY";
  /** Short keys make pseudonyms guessable by brute force over the ID-number space. */
  public static final int MIN_BYTES = 16;

  private final byte[] secret;

  private PseudonymKey(byte[] secret) {
    this.secret = secret;
  }

  public static PseudonymKey of(byte[] secret, String origin) {
    if (secret.length < MIN_BYTES) {
      throw new UserError(
          "The pseudonym key from " + origin + " is " + secret.length + " bytes; at least " + MIN_BYTES
              + " are required.");
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

  byte[] secret() {
    return secret.clone();
  }

  /** Identifies the key across runs without revealing it: the first 16 hex digits of SHA-256 over the key. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "PseudonymKey[" + fingerprint() + "]";
  }
}
