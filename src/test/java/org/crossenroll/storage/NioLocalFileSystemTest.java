package org.crossenroll.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same files and permissions as Hadoop's own local file system makes (the oracle), without a forked chmod. */
class NioLocalFileSystemTest {
    @TempDir
    java.nio.file.Path tmp;

    private static Set<PosixFilePermission> permissions(java.nio.file.Path p) throws IOException {
        return Files.getPosixFilePermissions(p);
    }

    /** Creates the same tree with a file system; returns the permissions of what it made. */
    private static java.util.List<Set<PosixFilePermission>> make(FileSystem fs, java.nio.file.Path root)
            throws IOException {
        Path base = new Path(root.toUri());
        fs.mkdirs(new Path(base, "a/b"), new FsPermission((short) 0750));
        try (var out = fs.create(new Path(base, "a/b/part-00000.parquet"))) {
            out.write(new byte[] {1, 2, 3});
        }
        fs.setPermission(new Path(base, "a/b/part-00000.parquet"), new FsPermission((short) 0604));
        fs.mkdirs(new Path(base, "c")); // the default permission, with the configured umask
        return java.util.List.of(
                permissions(root.resolve("a/b")),
                permissions(root.resolve("a/b/part-00000.parquet")),
                permissions(root.resolve("c")));
    }

    @Test
    void makesWhatHadoopsLocalFileSystemMakes() throws IOException {
        Configuration conf = new Configuration();
        LocalFileSystem hadoops = FileSystem.getLocal(conf);
        Configuration nioConf = new Configuration();
        NioLocalFileSystem.use(nioConf);
        FileSystem nio = new Path(tmp.toUri()).getFileSystem(nioConf);
        assertThat(nio).isInstanceOf(NioLocalFileSystem.class);

        assertThat(make(nio, Files.createDirectories(tmp.resolve("nio"))))
                .isEqualTo(make(hadoops, Files.createDirectories(tmp.resolve("hadoop"))));
        assertThat(Files.exists(tmp.resolve("nio/a/b/.part-00000.parquet.crc")))
                .as("checksums as before")
                .isTrue();

        RawLocalFileSystem raw = NioLocalFileSystem.raw(nioConf);
        raw.mkdirs(new Path(tmp.resolve("raw").toUri()), new FsPermission((short) 0700));
        assertThat(permissions(tmp.resolve("raw")))
                .containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE);
    }
}
