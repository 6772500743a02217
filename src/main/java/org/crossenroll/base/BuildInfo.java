package org.crossenroll.base;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.Properties;

/** What every layer may ask of the build and the programme: the code's version, and the one time zone. */
public final class BuildInfo {
    /**
     * China Standard Time: the zone of every timestamp the job writes (the submissions' {@code updated_at} are
     * wall-clock times there) and of the run date when none is given.
     */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private BuildInfo() {}

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
