/**
 * Per-hop timing of the publish path, for diagnosis only: JDK Flight Recorder events that cost a
 * disabled-check when no recording asks for them. docs/benchmarks.md ("Light load, per hop") shows
 * how to record them and how to read the hop-by-hop account out of a recording.
 */
package io.csgate.gateway.trace;
