package org.crossenroll.architecture.archfixture.upward.storage;

/** A storage class that reaches up into the job: what the layers forbid. */
public class Low {
    Object up = new org.crossenroll.architecture.archfixture.upward.job.High();
}
