package org.crossenroll.architecture.archfixture.entry.cli;

/** A command that uses the entry point. */
public class UsesEntry {
    Object entry = new org.crossenroll.architecture.archfixture.entry.Entry();
}
