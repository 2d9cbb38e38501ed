/**
 * Turning a violation into a case: the case's records ({@link org.streetwatch.evidence.cases.Case}), its manifest,
 * staging and committing clip, stills and manifest, recovering rows a crash left out, case ids, statuses and reviews.
 */
package org.streetwatch.evidence.cases;
