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
