/**
 * The command line: one picocli command per subcommand, each checking its options before any work starts.
 *
 * <p>{@link org.crossenroll.cli.RunCommand} ({@code run}: the options, the checks made before Spark starts, the
 * SparkSession), {@link org.crossenroll.cli.RecoverCommand} ({@code recover}), {@link
 * org.crossenroll.cli.DdlCommand} ({@code ddl}: CREATE statements for a SQL engine), {@link
 * org.crossenroll.cli.GenerateCommand} ({@code generate}: synthetic input) and {@link
 * org.crossenroll.cli.KeygenCommand} ({@code keygen}: a pseudonym key). Only {@code run} needs Spark. The options
 * are documented in docs/operations.md, "Options of run".
 */
package org.crossenroll.cli;
