/**
 * The one-command demo: sample footage and the config it runs with.
 */
package org.streetwatch.daemon.demo;
