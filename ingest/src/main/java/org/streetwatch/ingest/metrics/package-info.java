/** Per-camera ingest metrics, labelled by camera id (never its URL) and read at scrape time. */
package org.streetwatch.ingest.metrics;
