package org.crossenroll.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.apache.spark.sql.SparkSession;

/**
 * Hadoop's local file system, with file permissions set through java.nio instead of a forked {@code chmod}.
 * Without Hadoop's native library (the usual case: Spark does not ship it) {@link RawLocalFileSystem} forks a
 * {@code chmod} process for every file and directory it creates: a Spark write of one table creates dozens (part
 * files, checksums, task attempt directories), and each fork cost 20 to 60 ms here, seconds per run. Everything
 * else is Hadoop's own code; with the native library present, Hadoop's own path is kept.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
    /** The Hadoop setting that names the implementation of {@code file:} URIs. */
    static final String IMPL = "fs.file.impl";

    public NioLocalFileSystem() {
        super(new Raw());
    }

    /**
     * Makes every later {@code file:} access of this session's Hadoop configuration use this class. Instances are not
     * cached, because Hadoop's cache is keyed by scheme alone and may already hold a local file system made earlier
     * in the JVM (spark-submit makes one); creating a local file system reads nothing and costs nothing.
     */
    public static void use(SparkSession spark) {
        use(spark.sparkContext().hadoopConfiguration());
    }

    public static void use(Configuration conf) {
        conf.set(IMPL, NioLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
    }

    /** The raw (unchecksummed) side, for direct use (the publisher's small files need no checksums). */
    public static RawLocalFileSystem raw(Configuration conf) {
        Raw raw = new Raw();
        try {
            raw.initialize(java.net.URI.create("file:///"), conf);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // the local file system's initialize does no I/O
        }
        return raw;
    }

    static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (NativeIO.isAvailable() || permission.getStickyBit()) {
                super.setPermission(p, permission);
                return;
            }
            try {
                Files.setPosixFilePermissions(
                        pathToFile(p).toPath(),
                        PosixFilePermissions.fromString(permission.getUserAction().SYMBOL
                                + permission.getGroupAction().SYMBOL
                                + permission.getOtherAction().SYMBOL));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(p, permission);
            }
        }
    }
}
