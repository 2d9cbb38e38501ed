/** The review server's HTTP layer under load: requests per second and latency of small answers and ranged clips. */
package org.streetwatch.benchmarks.http;
