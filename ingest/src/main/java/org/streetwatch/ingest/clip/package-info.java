/**
 * Writing a slice of compressed packets to a file without re-encoding.
 */
package org.streetwatch.ingest.clip;
