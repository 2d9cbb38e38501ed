/**
 * The Netty HTTP server under the review API: routing, requests and responses, byte ranges, connection limits,
 * deadlines.
 */
package org.streetwatch.review.http;
