package org.crossenroll.architecture.archfixture.cycle.report;

/** Uses the published layer, which uses it: a cycle. */
public class Report {
    Object layer = new org.crossenroll.architecture.archfixture.cycle.disclosure.Layer();
}
