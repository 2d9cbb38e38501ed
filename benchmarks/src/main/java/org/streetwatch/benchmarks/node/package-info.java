/**
 * Whole-node load runs: the daemon with many RTSP cameras (busy and quiet-street footage), its CPU per camera split
 * into ingest, inference and the rest, dropped frames and analysis lag, beside a one-ffmpeg-per-camera baseline
 * feeding the same detector.
 */
package org.streetwatch.benchmarks.node;
