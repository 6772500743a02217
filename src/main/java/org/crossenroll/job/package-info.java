/**
 * One nightly run: {@link org.crossenroll.job.CrossEnrollJob} runs the stages in order (intake, identity check,
 * monitoring, the data-check policy, reports and their published layer, the manifest, the commit), each a class of
 * its own here; {@link org.crossenroll.job.JobConfig} is the validated description of a run and {@link
 * org.crossenroll.job.RunManifest} what the run records in {@code _runs/D/manifest.json}; {@link
 * org.crossenroll.job.RunResult} how it ended, for schedulers and monitoring ({@code run --json}, {@code
 * _runs/D/result.json}, {@code --metrics-file}).
 */
package org.crossenroll.job;
