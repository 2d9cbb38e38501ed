/**
 * What the camera wall and zone editor show live: each camera's latest analysed picture as a small JPEG and its recent
 * tracks, bounded and encoded from pictures analysis already decoded.
 */
package org.streetwatch.detector.live;
