/**
 * The camera wall and zone editor behind the operator page: live previews, the settings schema the page edits,
 * and writing zones back into the YAML file.
 */
package org.streetwatch.daemon.wall;
