package org.crossenroll.architecture.archfixture.entry;

/** The entry point in the root package. */
public class Entry {}
