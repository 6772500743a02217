package org.crossenroll.architecture.archfixture.downward.storage;

/** Uses base: allowed. */
public class Store {
    Object code = new org.crossenroll.architecture.archfixture.downward.base.Code();
}
