package org.crossenroll.architecture.archfixture.downward.base;

/** The ground. */
public class Code {}
