package org.crossenroll.architecture.archfixture.cycle.disclosure;

/** Uses the report. */
public class Layer {
    Object report = new org.crossenroll.architecture.archfixture.cycle.report.Report();
}
