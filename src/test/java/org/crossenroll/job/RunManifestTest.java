package org.crossenroll.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossenroll.ingest.Encoding;
import org.junit.jupiter.api.Test;

/**
 * The manifest's JSON, key by key and value by value, written out by hand: readers (the runs table, status, the
 * notebooks, schedulers) parse these bytes, so a change to how the manifest is built must not change them.
 */
class RunManifestTest {
    @Test
    void aFullManifestSerializesToExactlyTheseKeysAndValues() {
        RunManifest.Builder b = RunManifest.builder()
                .runDate(LocalDate.parse("2024-07-01"))
                .inputDir("/in")
                .regionsDir("classpath:regions")
                .encoding(Encoding.AUTO)
                .keyFingerprint("ab12")
                .pairings("classpath:pairings.csv")
                .schemes("classpath:schemes.csv")
                .maxQuarantinedFraction(0.25)
                .startedAt(Instant.parse("2024-06-30T18:40:01Z"))
                .versions("1.2.3", "4.2.0")
                .inputs(
                        List.of(
                                new RunManifest.InputFileEntry("a.csv", "csv", 120, "UTF-8", 3, List.of("extra")),
                                new RunManifest.InputFileEntry("b.parquet", "parquet", 50, null, 2, null)),
                        List.of("notes.txt"),
                        Map.of("link.csv", "a.csv"))
                .counts(5, 3, 1, 1, Map.of("BAD_DATE", 1L))
                .quarantinedFraction(0.2)
                .cooperation(new RunResult.Counts(4, 2, 1, 1, new LinkedHashMap<>(Map.of("MALFORMED", 1L))))
                .references(
                        new RunManifest.PairingsEntry(4, 1),
                        new RunManifest.SchoolsEntry("schools.csv", 7),
                        new RunManifest.RegionReferenceEntry(
                                "2023", 31, 333, 2844, 5, 12, new LinkedHashMap<>(Map.of("forward", 2))),
                        new LinkedHashMap<>(Map.of("forward", 1L)))
                .reportSchemaVersion(4)
                .check(RunManifest.CheckName.IDENTITY, RunManifest.Check.passed("rows agree"))
                .check(RunManifest.CheckName.CROSS_REPORT, RunManifest.Check.notRun("no reports"))
                .check(RunManifest.CheckName.DISCLOSURE_AUDIT, RunManifest.Check.failed("flows row 1"))
                .reports(
                        new LinkedHashMap<>(Map.of("flows", 2)),
                        new RunManifest.PublishedLayerEntry(
                                "additive_threshold",
                                10,
                                new LinkedHashMap<>(Map.of("crossenroll.additive_threshold.rule", "n>=t")),
                                new LinkedHashMap<>(Map.of("province_flows", 3)),
                                new LinkedHashMap<>(Map.of("status", "passed")),
                                List.of(new LinkedHashMap<>(Map.of("table", "province_flows"))),
                                0.4))
                .monitoring(new RunManifest.MonitoringEntry(
                        List.of("2024-06-30"),
                        30,
                        "history",
                        6,
                        1,
                        new LinkedHashMap<>(Map.of("severe", 0L)),
                        false,
                        List.of("330200-522300")));
        RunManifest m = b.finish(
                RunManifest.Status.PUBLISHED,
                List.of("flows", "quarantine"),
                new LinkedHashMap<>(Map.of("flows", 2L)),
                Instant.parse("2024-06-30T18:45:10.5Z"));

        assertThat(new String(m.toJson(), StandardCharsets.UTF_8)).isEqualToNormalizingNewlines("""
        {
          "run_date" : "2024-07-01",
          "started_at" : "2024-07-01T02:40:01+08:00",
          "finished_at" : "2024-07-01T02:45:10.500+08:00",
          "status" : "published",
          "code_version" : "1.2.3",
          "spark_version" : "4.2.0",
          "input_dir" : "/in",
          "regions_dir" : "classpath:regions",
          "encoding" : "auto",
          "pseudonym_key_fingerprint" : "ab12",
          "input_files" : [ {
            "source_file" : "a.csv",
            "format" : "csv",
            "size_bytes" : 120,
            "encoding" : "UTF-8",
            "rows_read" : 3,
            "ignored_columns" : [ "extra" ]
          }, {
            "source_file" : "b.parquet",
            "format" : "parquet",
            "size_bytes" : 50,
            "rows_read" : 2
          } ],
          "skipped_files" : [ "notes.txt" ],
          "same_files_read_once" : {
            "link.csv" : "a.csv"
          },
          "rows_read" : 5,
          "accepted" : 3,
          "superseded" : 1,
          "quarantined" : 1,
          "quarantined_by_reason" : {
            "BAD_DATE" : 1
          },
          "quarantined_fraction" : 0.2,
          "max_quarantined_fraction" : 0.25,
          "cooperation" : {
            "rows_read" : 4,
            "accepted" : 2,
            "superseded" : 1,
            "quarantined" : 1,
            "quarantined_by_reason" : {
              "MALFORMED" : 1
            }
          },
          "pairings" : "classpath:pairings.csv",
          "pairings_used" : {
            "pairings" : 4,
            "with_target" : 1
          },
          "schemes" : "classpath:schemes.csv",
          "schools" : {
            "file" : "schools.csv",
            "schools" : 7
          },
          "region_reference" : {
            "vintage" : "2023",
            "provinces" : 31,
            "prefectures" : 333,
            "counties" : 2844,
            "stats_only_zones" : 5,
            "code_history_rows" : 12,
            "history_codes_by_kind" : {
              "forward" : 2
            }
          },
          "region_codes_resolved" : {
            "forward" : 1
          },
          "report_schema_version" : 4,
          "checks" : {
            "identity" : {
              "status" : "passed",
              "detail" : "rows agree"
            },
            "cross_report" : {
              "status" : "not run",
              "detail" : "no reports"
            },
            "disclosure_audit" : {
              "status" : "failed",
              "detail" : "flows row 1"
            }
          },
          "report_rows" : {
            "flows" : 2
          },
          "published_layer" : {
            "method" : "additive_threshold",
            "min_cell_count" : 10,
            "rule" : {
              "crossenroll.additive_threshold.rule" : "n>=t"
            },
            "rows" : {
              "province_flows" : 3
            },
            "audit" : {
              "status" : "passed"
            },
            "utility" : [ {
              "table" : "province_flows"
            } ],
            "seconds" : 0.4
          },
          "monitoring" : {
            "history_nights" : [ "2024-06-30" ],
            "expect_from_days" : 30,
            "expected_submitters" : "history",
            "expected" : 6,
            "missing" : 1,
            "anomalies" : {
              "severe" : 0
            },
            "fail_on_anomaly" : false,
            "missing_pairings" : [ "330200-522300" ]
          },
          "published_tables" : [ "flows", "quarantine" ],
          "table_rows" : {
            "flows" : 2
          },
          "retention_removed" : null
        }""");
    }

    /** A run that stopped at a data check: what it did not reach is null, empty or zero, each key still there. */
    @Test
    void aFailedManifestKeepsEveryKey() {
        RunManifest m = RunManifest.builder()
                .runDate(LocalDate.parse("2024-07-01"))
                .check(RunManifest.CheckName.IDENTITY, RunManifest.Check.passed("rows agree"))
                .notRunUnlessRecorded(RunManifest.CheckName.CROSS_REPORT, "no reports were built")
                .notRunUnlessRecorded(RunManifest.CheckName.DISCLOSURE_AUDIT, "no reports were built")
                .finish(RunManifest.Status.FAILED_QUARANTINE, List.of("quarantine"), null, null);

        assertThat(new String(m.toJson(), StandardCharsets.UTF_8)).isEqualToNormalizingNewlines("""
        {
          "run_date" : "2024-07-01",
          "started_at" : null,
          "finished_at" : null,
          "status" : "failed: quarantined fraction above the maximum",
          "code_version" : null,
          "spark_version" : null,
          "input_dir" : null,
          "regions_dir" : null,
          "encoding" : null,
          "pseudonym_key_fingerprint" : null,
          "input_files" : [ ],
          "skipped_files" : [ ],
          "same_files_read_once" : { },
          "rows_read" : 0,
          "accepted" : 0,
          "superseded" : 0,
          "quarantined" : 0,
          "quarantined_by_reason" : { },
          "quarantined_fraction" : 0.0,
          "max_quarantined_fraction" : 0.0,
          "cooperation" : null,
          "pairings" : null,
          "pairings_used" : null,
          "schemes" : null,
          "schools" : null,
          "region_reference" : null,
          "region_codes_resolved" : null,
          "report_schema_version" : 0,
          "checks" : {
            "identity" : {
              "status" : "passed",
              "detail" : "rows agree"
            },
            "cross_report" : {
              "status" : "not run",
              "detail" : "no reports were built"
            },
            "disclosure_audit" : {
              "status" : "not run",
              "detail" : "no reports were built"
            }
          },
          "report_rows" : null,
          "published_layer" : null,
          "monitoring" : null,
          "published_tables" : [ "quarantine" ],
          "table_rows" : null,
          "retention_removed" : null
        }""");
    }
}
