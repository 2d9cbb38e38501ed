/**
 * Decoding only what is analysed: the sampler chooses packets, a bounded decoder pool turns them into frames.
 */
package org.streetwatch.ingest.decode;
