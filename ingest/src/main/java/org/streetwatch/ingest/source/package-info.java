/**
 * Opening a camera or a file through FFmpeg: packets in stream time, the camera's clock, FFmpeg's log without
 * secrets.
 */
package org.streetwatch.ingest.source;
