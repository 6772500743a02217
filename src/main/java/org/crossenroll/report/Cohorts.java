package org.crossenroll.report;

import java.time.LocalDate;

/**
 * Which intake cohorts can have reached their outcomes by a run date. A rate over a cohort still in school would read
 * as a low graduation rate when it only says the cohort has not finished yet, so {@code outcomes} gives rates only
 * for complete cohorts (docs/reports.md, "Rates over complete cohorts").
 */
public final class Cohorts {
    /** Secondary vocational programmes (中职) run three school years. */
    public static final int DEFAULT_PROGRAMME_YEARS = 3;

    /** Every cohort counts as complete: for reports built without a run date (hand-made tables in tests). */
    public static final int ALL_COMPLETE = Integer.MAX_VALUE;

    private Cohorts() {}

    /**
     * The day the night's data speaks for: the run date, or the newest {@code updated_at} of its enrollments if that
     * is earlier. Statuses are as fresh as the last change submitted; an extract of 2021 read on a run date of 2024
     * says nothing about who graduated in 2022, and would otherwise show the 2019 cohort as never graduating.
     */
    public static LocalDate asOf(LocalDate runDate, LocalDate newestUpdate) {
        return newestUpdate == null || !newestUpdate.isBefore(runDate) ? runDate : newestUpdate;
    }

    /**
     * The last intake year whose cohort is complete on {@code runDate}: a cohort of intake year Y is complete from 1
     * September of Y + programmeYears on. Intake is in the autumn, so a cohort's last school year ends in the summer
     * before that day, and its graduations are recorded by then; a run on 30 June would otherwise count a cohort whose
     * graduations are still being entered.
     */
    public static int lastComplete(LocalDate runDate, int programmeYears) {
        if (programmeYears < 1) {
            throw new IllegalArgumentException("programme years " + programmeYears + " must be at least 1");
        }
        int schoolYearStarted = runDate.getMonthValue() >= 9 ? runDate.getYear() : runDate.getYear() - 1;
        return schoolYearStarted - programmeYears;
    }
}
