/**
 * The case database (SQLite by default, PostgreSQL for a fleet): schema migrations, rows, queries, and the
 * evidence folder layout.
 */
package org.streetwatch.evidence.store;
