package org.crossenroll.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.crossenroll.base.ExitCode;
import org.crossenroll.base.UserError;
import org.crossenroll.privacy.PseudonymKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crossenroll keygen --output FILE}: a fresh pseudonym key, 32 bytes from SecureRandom written as 64 hex
 * characters and a line break, readable and writable by the owner only. Never overwrites: replacing a key breaks
 * the linkage of every later night with the earlier ones (docs/operations.md, "Keys"). No Spark needed.
 */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = "Write a new random pseudonym key to a new file, readable by its owner only.")
public final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The key file to create.")
    Path output;

    private final PrintStream out;

    public KeygenCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        String key = PseudonymKey.generate();
        byte[] bytes = (key + "\n").getBytes(StandardCharsets.US_ASCII);
        boolean posix = output.toAbsolutePath()
                .getFileSystem()
                .supportedFileAttributeViews()
                .contains("posix");
        try {
            // Created with its permissions, so the key is never readable by others, not even for a moment.
            if (posix) {
                Files.createFile(
                        output, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(output);
                java.io.File f = output.toFile();
                f.setReadable(false, false);
                f.setWritable(false, false);
                f.setReadable(true, true);
                f.setWritable(true, true);
            }
            Files.write(output, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new UserError("Key file " + output + " already exists (--output); keygen never replaces a key.");
        } catch (NoSuchFileException e) {
            throw new UserError("Cannot create key file " + output + ": its directory does not exist (--output).");
        } catch (IOException e) {
            throw new UserError("Cannot create key file " + output + " (--output): " + e.getMessage());
        }
        PseudonymKey written = PseudonymKey.of(key.getBytes(StandardCharsets.US_ASCII), output.toString());
        out.println("crossenroll keygen: wrote a new pseudonym key to " + output + " (owner-only; fingerprint "
                + written.fingerprint() + "). Keep a copy where the key for earlier nights is kept.");
        return ExitCode.OK;
    }
}
