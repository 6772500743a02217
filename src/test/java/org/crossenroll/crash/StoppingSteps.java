package org.crossenroll.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.crossenroll.storage.PublishSteps;

/**
 * Publish steps for a child JVM that a crash test drives: at the chosen step it prints {@code AT <step>} on stdout
 * and then either waits (for the parent to kill it, or to create the release file) or fills the disk under
 * {@code fill} until it is full, and goes on.
 */
final class StoppingSteps implements PublishSteps {
    static final String AT = "AT ";
    private final String stopAt;
    private final Path release;
    private final Path fill;

    StoppingSteps(String stopAt, Path release, Path fill) {
        this.stopAt = stopAt;
        this.release = release;
        this.fill = fill;
    }

    @Override
    public void before(String step) {
        if (!step.equals(stopAt)) {
            return;
        }
        if (fill != null) {
            fillDisk();
        }
        System.out.println(AT + step);
        System.out.flush();
        if (release == null && fill == null) {
            sleepForever();
        }
        while (release != null && !Files.exists(release)) {
            pause();
        }
    }

    private void fillDisk() {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(fill, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // No space left on device: what the next write of the commit meets too.
        }
    }

    private static void sleepForever() {
        while (true) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
