/**
 * Thresholds tuned from reviewers' decisions against the config in force: each place's history
 * ({@link org.streetwatch.evidence.tuning.History}) tuned with the settings the config gives that camera and zone, as a
 * table and a pasteable YAML patch ({@code streetwatch tune}), as JSON for the operator page's charts, and applied as a
 * zone's or camera's rule override through the page's config edits.
 */
package org.streetwatch.daemon.tune;
