package org.crossenroll.base;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Properties;

/** What every layer may ask of the build and the programme: the code's version, and the one time zone. */
public final class BuildInfo {
    /**
     * China Standard Time: the zone of every timestamp the job writes (the submissions' {@code updated_at} are
     * wall-clock times there) and of the run date when none is given.
     */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private BuildInfo() {}

    /**
     * An instant as every text the job writes gives it (manifest, run result, lock, status): ISO 8601 in China
     * Standard Time with its offset, to the millisecond, e.g. {@code 2024-07-01T02:30:00.125+08:00}. The offset makes
     * it one instant for any reader, and the wall clock is the one the run date and the submissions' times are in
     * (docs/operations.md, "Times").
     */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS)
                .atZone(CHINA)
                .toOffsetDateTime()
                .toString();
    }

    /** The project version Maven wrote into the jar, or {@code unknown} outside a build. */
    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/crossenroll-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
