/**
 * The re-check of a handled case: after the command centre reports it handled, streetwatch looks at the same camera
 * and zone again, {@code recheck_s} of camera time later, with the rule that raised it, and finds the violation gone
 * (verified) or still there (recurred). Requests come from any thread; judging runs on the camera's analysis thread.
 */
package org.streetwatch.detector.recheck;
