package org.crossenroll.architecture.archfixture.downward.job;

/** Uses storage and base: allowed. */
public class Job {
    Object store = new org.crossenroll.architecture.archfixture.downward.storage.Store();
}
