/**
 * The csgate load generator. {@link io.csgate.bench.BenchMain} runs {@link io.csgate.bench.BenchCommand},
 * whose subcommands are the scenarios ({@code io.csgate.bench.scenario}); they are built from a
 * lean websocket client ({@code ws}), the server API ({@code http}), publishers ({@code publish}),
 * subscriber pools ({@code subscriber}) spread over processes ({@code cluster}), latency recording
 * ({@code latency}), gateway probes ({@code probe}) and reports ({@code report}), all bounded by
 * {@code run}.
 */
package io.csgate.bench;
