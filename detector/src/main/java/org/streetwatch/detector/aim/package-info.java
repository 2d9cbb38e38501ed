/**
 * Whether a camera still looks where its zones were drawn: moved, covered or blurred views, and mapping zones
 * onto a shifted view.
 */
package org.streetwatch.detector.aim;
