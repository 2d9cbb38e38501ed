/**
 * Keeping secrets out of text: camera and database URLs with their passwords, tokens and query secrets removed
 * before anything is logged or shown.
 */
package org.streetwatch.redact;
