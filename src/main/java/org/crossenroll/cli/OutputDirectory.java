package org.crossenroll.cli;

import picocli.CommandLine.Option;

/** {@code --output DIR}, the job's output directory: the same option in run, status, recover and ddl. */
public final class OutputDirectory {
    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The job's output directory.")
    String path;

    /** As given on the command line. */
    public String path() {
        return path;
    }
}
