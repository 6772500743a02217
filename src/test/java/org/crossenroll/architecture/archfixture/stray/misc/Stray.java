package org.crossenroll.architecture.archfixture.stray.misc;

/** A class in a package that has no place in the layers. */
public class Stray {}
