package org.crossenroll.cli;

import org.crossenroll.reference.Regions;
import picocli.CommandLine.Option;

/** {@code --regions DIR}, the region reference: the same option in run and generate. */
public final class RegionsOption {
    @Option(
            names = "--regions",
            paramLabel = "DIR",
            description =
                    "provinces.csv, prefectures.csv, counties.csv, optionally counties_stats_only_zones.csv, "
                            + "code_history.csv and reference.properties (default: the national reference bundled from data/regions).")
    String dir;

    /** The directory given, else the bundled reference. */
    public String dir() {
        return dir != null ? dir : Regions.BUNDLED;
    }
}
