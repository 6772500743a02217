package org.crossenroll.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.crossenroll.base.BuildInfo;
import org.crossenroll.ingest.Ingest;
import org.crossenroll.ingest.InputFile;
import org.crossenroll.reference.Pairings;
import org.crossenroll.reference.RegionResolution;
import org.crossenroll.reference.Regions;
import org.crossenroll.report.Report;

/**
 * The run manifest as the intake leaves it (config, versions, inputs, counts, references, the row identity), built
 * from values alone; the later stages record into the builder it returns.
 */
final class ManifestAssembly {
    private ManifestAssembly() {}

    /**
     * The manifest of a night whose row identity held, so it records that check as passed.
     *
     * @param ignoredJsonKeys JSON keys that named no field, as "file\tkey", repeated for each record that had them
     */
    static RunManifest.Builder afterIntake(
            JobConfig config,
            Instant startedAt,
            String sparkVersion,
            Ingest.Discovery discovery,
            Intake.Counts counts,
            CrossEnrollJob.Summary summary,
            List<String> ignoredJsonKeys,
            References references) {
        Map<String, List<String>> ignoredByFile = new TreeMap<>();
        for (InputFile f : discovery.files()) {
            ignoredByFile.put(f.sourceFile(), new ArrayList<>(f.ignoredColumns()));
        }
        for (String entry : new TreeSet<>(ignoredJsonKeys)) {
            int tab = entry.indexOf('\t');
            List<String> keys = ignoredByFile.get(entry.substring(0, tab));
            if (keys != null && !keys.contains(entry.substring(tab + 1))) {
                keys.add(entry.substring(tab + 1));
            }
        }
        List<RunManifest.InputFileEntry> files = new ArrayList<>();
        for (int i = 0; i < discovery.files().size(); i++) {
            InputFile f = discovery.files().get(i);
            files.add(new RunManifest.InputFileEntry(
                    f.sourceFile(),
                    f.format().name().toLowerCase(Locale.ROOT),
                    f.sizeBytes(),
                    f.charset(),
                    counts.rowsRead(i),
                    ignoredByFile.get(f.sourceFile())));
        }
        Regions regions = references.regions();
        return RunManifest.builder()
                .config(config)
                .startedAt(startedAt)
                .versions(BuildInfo.version(), sparkVersion)
                .inputs(files, discovery.skipped(), discovery.sameFiles())
                .counts(
                        summary.rowsRead(),
                        summary.accepted(),
                        summary.superseded(),
                        summary.quarantined(),
                        summary.quarantinedByReason())
                .reportSchemaVersion(Report.SCHEMA_VERSION)
                .references(
                        new RunManifest.PairingsEntry(
                                references.pairings().size(), Pairings.withTarget(references.pairings())),
                        config.schoolsFile() == null
                                ? null
                                : new RunManifest.SchoolsEntry(
                                        config.schoolsFile(),
                                        references.registry().size()),
                        new RunManifest.RegionReferenceEntry(
                                regions.vintage(),
                                regions.provinces().size(),
                                regions.prefectures().size(),
                                regions.counties().size(),
                                regions.zones().size(),
                                regions.history().rows(),
                                byKindName(references.resolution().codesByKind())),
                        byKindName(counts.resolvedRows()))
                .check(
                        RunManifest.CheckName.IDENTITY,
                        RunManifest.Check.passed(
                                "rows_read (counted where read: parser and Parquet footers) = accepted + superseded + quarantined "
                                        + "(counted from the tables as written), per file and in total"));
    }

    /** forward, backward, to_prefecture, to_province: as the data_quality columns name them, without "resolved_". */
    private static <T> Map<String, T> byKindName(Map<RegionResolution.Kind, T> byKind) {
        Map<String, T> named = new LinkedHashMap<>();
        byKind.forEach((kind, n) -> named.put(kind.column().substring("resolved_".length()), n));
        return named;
    }
}
