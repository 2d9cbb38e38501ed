/**
 * Ingest load runs: many RTSP cameras through one node against one ffmpeg process per camera, CPU and memory per
 * camera.
 */
package org.streetwatch.benchmarks.ingest;
