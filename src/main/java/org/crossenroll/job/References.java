package org.crossenroll.job;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.crossenroll.monitor.Completeness;
import org.crossenroll.monitor.ExpectedSubmitters;
import org.crossenroll.reference.Pairings;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.reference.Schemes;
import org.crossenroll.reference.SchoolRegistry;
import org.crossenroll.validate.Validation;

/**
 * The reference data a night follows, loaded once before it takes the lock (a bad file stops it before any work), and
 * as its first progress line names them.
 *
 * @param expected the {@code --expected-submitters} list, or null to expect the history's
 * @param registry the school registry's names by school code, empty without {@code --schools}
 */
record References(
        Regions regions,
        RegionResolution resolution,
        List<Row> pairings,
        List<String> schemes,
        List<Completeness.Expected> expected,
        Map<String, String> registry) {
    static References load(JobConfig config, Configuration conf) {
        Regions regions = Regions.load(config.regionsDir(), conf);
        RegionResolution resolution = RegionResolution.of(regions, Validation.EARLIEST_INTAKE.getYear());
        List<Row> pairings = Pairings.load(config.pairingsFile(), regions, conf);
        List<String> schemes = Schemes.load(config.schemesFile(), conf);
        List<Completeness.Expected> expected = config.expectedSubmittersFile() == null
                ? null
                : ExpectedSubmitters.load(config.expectedSubmittersFile(), regions, conf);
        Map<String, String> registry =
                config.schoolsFile() == null ? Map.of() : SchoolRegistry.load(config.schoolsFile(), conf);
        return new References(regions, resolution, pairings, schemes, expected, registry);
    }

    /**
     * The "checked" progress line after its count of input files: which reference, which pairings (and how many
     * targets: a target applied silently misleads pairing_progress), which school registry.
     */
    String describe(JobConfig config) {
        return describe(regions, resolution) + "; pairings " + config.pairingsFile() + ": " + pairings.size() + ", "
                + Pairings.withTarget(pairings) + " with a target_students"
                + (config.schoolsFile() == null
                        ? ""
                        : "; school registry " + config.schoolsFile() + ": " + registry.size() + " schools");
    }

    /** The reference as the progress line names it: its size, vintage and what its code history adds. */
    private static String describe(Regions regions, RegionResolution resolution) {
        return regions.counties().size() + " counties and " + regions.zones().size() + " stats-only zones of the "
                + (regions.vintage() != null ? regions.vintage() + " " : "") + "region reference, "
                + (regions.history().rows() == 0
                        ? "no code history"
                        : resolution.codesByKind().values().stream()
                                        .mapToInt(Integer::intValue)
                                        .sum() + " other codes through its code history");
    }
}
