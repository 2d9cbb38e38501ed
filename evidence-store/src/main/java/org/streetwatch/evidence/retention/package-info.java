/**
 * Removing the files of cases that are done with, past their retention age or over the evidence disk budget; rows,
 * audit trails and the signed record of each removal stay.
 */
package org.streetwatch.evidence.retention;
