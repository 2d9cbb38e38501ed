/**
 * Stills with the violation's boxes drawn on them.
 */
package org.streetwatch.evidence.snapshot;
