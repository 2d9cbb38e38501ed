/**
 * Turning a violation into a case: staging and committing clip, stills and manifest, case ids, statuses and
 * reviews.
 */
package org.streetwatch.evidence.cases;
