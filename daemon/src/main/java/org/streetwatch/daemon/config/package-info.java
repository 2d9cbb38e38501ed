/**
 * Loading the YAML config into settings: the schema of every section, validation with file and line, model
 * folders, and the signed record of threshold changes.
 */
package org.streetwatch.daemon.config;
