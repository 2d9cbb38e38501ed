/**
 * Cluster mode: which node runs which camera and which node runs the exporter, decided by a Kafka consumer group over
 * the fleet topic (Kafka's group membership, not a home-made election), and each node's status for operators.
 */
package org.streetwatch.daemon.fleet;
