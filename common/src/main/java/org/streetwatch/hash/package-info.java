/**
 * SHA-256 of files and bytes, the one digest evidence, models and configs are named by.
 */
package org.streetwatch.hash;
