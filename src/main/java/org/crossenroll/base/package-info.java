/**
 * What every layer may use: the exit codes ({@link org.crossenroll.base.ExitCode}, docs/operations.md, "Exit
 * codes"), the failures a person acts on ({@link org.crossenroll.base.UserError}, exit 2; {@link
 * org.crossenroll.base.DataCheckFailed}, exit 3; {@link org.crossenroll.base.PublishFailed}), {@link
 * org.crossenroll.base.Failures} (a full disk told from a bug) and {@link org.crossenroll.base.BuildInfo} (the code's
 * version, the time zone).
 */
package org.crossenroll.base;
