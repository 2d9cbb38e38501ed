/**
 * The settings machinery: declared keys with type, default, range and doc (ConfigDef), layered settings and YAML
 * reading with line numbers for errors. Owners declare their keys; this package owns none.
 */
package org.streetwatch.config;
