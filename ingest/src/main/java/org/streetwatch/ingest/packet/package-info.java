/**
 * The per-camera ring of compressed packets (a few seconds of video) and slices of it for clips.
 */
package org.streetwatch.ingest.packet;
