/**
 * What a run prints: a readable table followed by exactly one JSON line
 * ({@link io.csgate.bench.report.Report}), with latency percentiles taken from HdrHistogram
 * ({@link io.csgate.bench.report.LatencySummary}).
 */
package io.csgate.bench.report;
