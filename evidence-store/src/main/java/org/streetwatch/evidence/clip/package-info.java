/**
 * Where a case's clip comes from: the camera's packet ring, remuxed with pre- and post-roll, never re-encoded.
 */
package org.streetwatch.evidence.clip;
