package org.crossenroll.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.crossenroll.base.UserError;

/**
 * One run at a time per output directory: {@code _runs/_lock}, created exclusively, holding who runs (user, host,
 * process, run date, start time). A second run is refused (exit 2, one sentence naming the holder). The holder
 * touches the lock every {@link #HEARTBEAT}; a lock is stale when its process is gone (same host) or its heartbeat
 * is older than {@link #STALE_AFTER} (another host, whose processes cannot be seen), and a stale lock is taken over
 * with a warning. Git's index.lock and Hadoop's lease work the same way; unlike them, a dead holder needs no hand.
 */
public final class RunLock implements AutoCloseable {
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);
    public static final Duration STALE_AFTER = Duration.ofMinutes(10);
    /** A taken-over lock is renamed to this prefix + a unique id before a new one is created, then removed. */
    static final String STALE_PREFIX = "_lock.stale-";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who holds the lock. */
    public record Owner(
            @JsonProperty("id") String id,
            @JsonProperty("user") String user,
            @JsonProperty("host") String host,
            @JsonProperty("pid") long pid,
            @JsonProperty("run_date") String runDate,
            @JsonProperty("started_at") String startedAt) {
        public String describe() {
            return user + "@" + host + " process " + pid + " (run date " + runDate + ", started " + startedAt + ")";
        }

        /** This process, now. */
        static Owner current(String runDate) {
            return new Owner(
                    UUID.randomUUID().toString(),
                    System.getProperty("user.name"),
                    hostName(),
                    ProcessHandle.current().pid(),
                    runDate,
                    org.crossenroll.base.BuildInfo.timestamp(Instant.now()));
        }
    }

    private final FileSystem fs;
    private final Path file;
    private final Owner owner;
    private final ScheduledExecutorService heartbeat;

    private RunLock(FileSystem fs, Path file, Owner owner) {
        this.fs = fs;
        this.file = file;
        this.owner = owner;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crossenroll-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::touch, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Takes the lock of the output whose lock file is {@code file}, or throws a {@link UserError} naming its holder.
     * {@code what} names the run for the lock file (a run date, or "recover").
     */
    public static RunLock acquire(FileSystem fs, Path file, String what, PrintStream warnings) {
        Owner me = Owner.current(what);
        try {
            if (createExclusively(fs, file, JSON.writeValueAsBytes(me))) {
                return new RunLock(fs, file, me);
            }
            byte[] seen = read(fs, file);
            Owner holder = parse(seen);
            long heartbeatAge =
                    System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
            Optional<String> stale = staleReason(holder, heartbeatAge);
            if (stale.isEmpty()) {
                throw new UserError(
                        "Output " + fs.makeQualified(file.getParent().getParent()) + " is in use by another "
                                + "crossenroll run: " + (holder == null ? "a lock being written" : holder.describe())
                                + "; wait for it "
                                + "to finish (or, if that process is gone, remove " + file + ").");
            }
            // Take over: rename the stale lock aside (only one of several contenders can), check it was the one judged.
            Path aside = new Path(file.getParent(), STALE_PREFIX + me.id());
            if (!renameNoReplace(fs, file, aside)) {
                throw new UserError(
                        "Output " + file.getParent().getParent() + " is in use by another crossenroll run that "
                                + "has just taken over a stale lock; try again later.");
            }
            if (!Arrays.equals(read(fs, aside), seen)) {
                renameNoReplace(fs, aside, file); // another run's fresh lock: put it back
                throw new UserError(
                        "Output " + file.getParent().getParent() + " is in use by another crossenroll run that "
                                + "has just taken over a stale lock; try again later.");
            }
            fs.delete(aside, false);
            if (!createExclusively(fs, file, JSON.writeValueAsBytes(me))) {
                throw new UserError(
                        "Output " + file.getParent().getParent() + " is in use by another crossenroll run that "
                                + "has just taken over a stale lock; try again later.");
            }
            warnings.println("[crossenroll] warning: took over the lock of a run that is gone ("
                    + (holder == null ? "unreadable lock" : holder.describe()) + ": " + stale.get() + ")");
            return new RunLock(fs, file, me);
        } catch (IOException e) {
            throw new UserError("The lock " + file + " cannot be taken: " + e.getMessage() + ".", e);
        }
    }

    /**
     * Who holds the lock file {@code file}, read without taking it: empty when there is no lock; else its holder (null
     * while the lock is being written or is damaged) and why it is stale (empty while its holder may be alive).
     */
    public static Optional<Held> inspect(FileSystem fs, Path file) throws IOException {
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        Owner holder = parse(read(fs, file));
        long heartbeatAge = System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
        return Optional.of(new Held(
                holder, heartbeatAge / 1000, staleReason(holder, heartbeatAge).orElse(null)));
    }

    /** A lock as {@link #inspect} finds it: its holder, seconds since its heartbeat, why it is stale (or null). */
    public record Held(Owner holder, long heartbeatSecondsAgo, String stale) {
        public String describe() {
            return (holder == null ? "a lock being written" : holder.describe()) + ", heartbeat " + heartbeatSecondsAgo
                    + " s ago" + (stale == null ? "" : "; stale: " + stale + " (the next run takes it over)");
        }
    }

    /** Why a lock is stale, or empty while its holder may be alive. */
    static Optional<String> staleReason(Owner holder, long heartbeatAgeMillis) {
        if (holder != null && holder.host().equals(hostName())) {
            Optional<ProcessHandle> process = ProcessHandle.of(holder.pid());
            if (process.isEmpty() || !process.get().isAlive()) {
                return Optional.of("process " + holder.pid() + " has ended");
            }
            Optional<Instant> started = process.get().info().startInstant();
            if (started.isPresent()
                    && holder.startedAt() != null
                    && started.get()
                            .isAfter(java.time.OffsetDateTime.parse(holder.startedAt())
                                    .toInstant()
                                    .plusSeconds(1))) {
                return Optional.of("process " + holder.pid() + " is a newer process with the same number");
            }
            return Optional.empty();
        }
        if (heartbeatAgeMillis > STALE_AFTER.toMillis()) {
            return Optional.of("no heartbeat for " + heartbeatAgeMillis / 60_000 + " minutes");
        }
        return Optional.empty();
    }

    public Owner owner() {
        return owner;
    }

    private void touch() {
        try {
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            // A missed heartbeat only matters after STALE_AFTER; the next one retries.
        }
    }

    /** Releases the lock if it is still this run's. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            if (Arrays.equals(read(fs, file), JSON.writeValueAsBytes(owner))) {
                fs.delete(file, false);
            }
        } catch (IOException e) {
            // Gone already, or unreadable: then it is not ours to remove.
        }
    }

    private static Owner parse(byte[] content) {
        try {
            return JSON.readValue(content, Owner.class);
        } catch (IOException e) {
            return null; // being written by its creator, or damaged: judged by its age alone
        }
    }

    private static byte[] read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    private static boolean isLocal(FileSystem fs) {
        return "file".equals(fs.getUri().getScheme());
    }

    /**
     * Creates {@code file} with {@code content} only if it does not exist, atomically: O_EXCL on a local disk (Hadoop's
     * local create checks, then creates), the NameNode's create-if-absent on HDFS.
     */
    private static boolean createExclusively(FileSystem fs, Path file, byte[] content) throws IOException {
        if (isLocal(fs)) {
            java.nio.file.Path local = Paths.get(fs.makeQualified(file).toUri());
            try {
                Files.write(local, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Renames without replacing an existing target (POSIX rename replaces; a hard link does not). */
    private static boolean renameNoReplace(FileSystem fs, Path from, Path to) throws IOException {
        if (isLocal(fs)) {
            java.nio.file.Path source = Paths.get(fs.makeQualified(from).toUri());
            java.nio.file.Path target = Paths.get(fs.makeQualified(to).toUri());
            try {
                Files.createLink(target, source);
                Files.delete(source);
                return true;
            } catch (FileAlreadyExistsException | NoSuchFileException e) {
                return false;
            }
        }
        return fs.rename(from, to);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
