/**
 * End-to-end latency: publishers stamp each message with its send time in epoch microseconds
 * ({@link io.csgate.bench.latency.Stamp}), subscribers read the stamp back out of the frame without
 * parsing the JSON and record the difference in an HdrHistogram
 * ({@link io.csgate.bench.latency.LatencyRecorder}). Histograms from worker processes travel as
 * base64 of HdrHistogram's compressed encoding and are merged exactly
 * ({@link io.csgate.bench.latency.HistogramCodec}).
 */
package io.csgate.bench.latency;
