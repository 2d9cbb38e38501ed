/**
 * The `streetwatch` command and its subcommands (picocli): run, demo, detect, eval, verify, explain, keys,
 * users, cases, config.
 */
package org.streetwatch.daemon.cli;
