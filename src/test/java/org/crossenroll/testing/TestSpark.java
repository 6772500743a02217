package org.crossenroll.testing;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;
import org.crossenroll.job.CrossEnrollJob;

/**
 * The one SparkSession of the test JVM: local[2], UI off, few shuffle partitions, loopback only, and the job's own
 * session settings from the start. Test classes run side by side on it (junit-platform.properties), so no test changes
 * a session setting: each run of the job sets the same values again, which changes nothing.
 */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("crossenroll-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    // The suite runs the whole job about thirty times in this JVM. With Spark's default cache of 100
                    // generated classes each run compiled its plans again (a run's plans generate more than 100), which
                    // made a warm run of ten rows cost about 23 s of CPU; with every class kept, about 15 s (measured
                    // on the same input and load).
                    .config("spark.sql.codegen.cache.maxEntries", "2000")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            // The job's settings (time zone, Parquet timestamps, codegen...) once, before any class uses the session: a
            // class reading or building data itself then sees the same session whether a job has run beside it or not.
            CrossEnrollJob.configure(session);
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    /** The project's root directory (Maven's basedir). */
    public static Path projectDir() {
        return Paths.get(System.getProperty("crossenroll.projectDir", "."))
                .toAbsolutePath()
                .normalize();
    }

    /** ../shared/reference beside the project, where the national reference lives; may be absent. */
    public static Path sharedReference() {
        return projectDir().resolve("../shared/reference").normalize();
    }
}
