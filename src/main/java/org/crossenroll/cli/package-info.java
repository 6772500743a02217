/**
 * The command line: one picocli command per subcommand, each checking its options before any work starts.
 *
 * <p>{@link org.crossenroll.cli.RunCommand} ({@code run}: the options, parsed into a {@code JobConfig}, which checks
 * their ranges, before Spark starts; the SparkSession; the run's result on stdout with {@code --json} and in a
 * Prometheus file, {@link org.crossenroll.cli.MetricsFile}, whatever the exit code), {@link org.crossenroll.cli.StatusCommand} ({@code status}), {@link org.crossenroll.cli.RecoverCommand} ({@code recover}), {@link
 * org.crossenroll.cli.DdlCommand} ({@code ddl}: CREATE statements for a SQL engine), {@link
 * org.crossenroll.cli.GenerateCommand} ({@code generate}: synthetic input) and {@link
 * org.crossenroll.cli.KeygenCommand} ({@code keygen}: a pseudonym key). Only {@code run} needs Spark. Options
 * several commands share are mixins ({@link org.crossenroll.cli.OutputDirectory}, {@link
 * org.crossenroll.cli.RegionsOption}); defaults come from named constants ({@code defaultValue}) and help texts show
 * them as {@code ${DEFAULT-VALUE}}. The options are documented in docs/operations.md, "Options of run".
 */
package org.crossenroll.cli;
