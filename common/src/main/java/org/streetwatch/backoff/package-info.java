/**
 * Retry pacing shared by everything that reconnects (cameras, exporters): capped exponential delays with jitter.
 */
package org.streetwatch.backoff;
