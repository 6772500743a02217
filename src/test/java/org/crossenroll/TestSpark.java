package org.crossenroll;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM: local[2], UI off, few shuffle partitions, loopback only. */
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
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  /** The project's root directory (Maven's basedir). */
  public static Path projectDir() {
    return Paths.get(System.getProperty("crossenroll.projectDir", ".")).toAbsolutePath().normalize();
  }

  /** ../shared/reference beside the project, where the national reference lives; may be absent. */
  public static Path sharedReference() {
    return projectDir().resolve("../shared/reference").normalize();
  }
}
