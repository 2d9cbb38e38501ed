/**
 * The camera wall in real Chromium: load and scroll time, and the server's cost per open wall.
 */
package org.streetwatch.benchmarks.wall;
