package org.crossenroll.architecture.archfixture.upward.job;

/** The job layer. */
public class High {}
