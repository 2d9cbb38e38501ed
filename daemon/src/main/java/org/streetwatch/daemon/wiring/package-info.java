/**
 * Starting and stopping the daemon: wiring ingest, detector and evidence together, live config reload, metrics
 * route, clips from the packet rings.
 */
package org.streetwatch.daemon.wiring;
