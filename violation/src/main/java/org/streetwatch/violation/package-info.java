/**
 * The contract between detection and evidence: what a rule hands over (a violation with its stills, boxes, zone
 * type, provenance and bureau codes; a near miss; a warning) and the sink it goes to. Plain records without native
 * code, so the evidence store and the review server need neither the detector nor ONNX Runtime.
 */
package org.streetwatch.violation;
