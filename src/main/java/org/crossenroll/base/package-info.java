/**
 * What every layer may use: the exit codes ({@link org.crossenroll.base.ExitCode}, docs/operations.md, "Exit
 * codes"), the failures a person acts on ({@link org.crossenroll.base.UserError}, exit 2; {@link
 * org.crossenroll.base.DataCheckFailed}, exit 3; {@link org.crossenroll.base.PublishFailed}), {@link
 * org.crossenroll.base.Failures} (a full disk told from a bug), {@link org.crossenroll.base.BuildInfo} (the code's
 * version, the time zone) and {@link org.crossenroll.base.SchemaDdl} (the DDL column lists every table's schema is
 * written in).
 */
package org.crossenroll.base;
