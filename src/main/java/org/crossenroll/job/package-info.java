/**
 * One nightly run: {@link org.crossenroll.job.CrossEnrollJob} runs the stages (intake, identity check, monitoring,
 * reports and their published layer, the data-check policy, the manifest, the commit); {@link
 * org.crossenroll.job.JobConfig} is the validated description of a run and {@link org.crossenroll.job.RunManifest}
 * what the run records in {@code _runs/D/manifest.json}.
 */
package org.crossenroll.job;
