/**
 * The five scenarios, one picocli command each: {@code fanout} (delivery throughput, loss and
 * end-to-end latency), {@code idle} (the gateway's memory and CPU per idle websocket),
 * {@code connect} ({@code /connect} + socket open rate and latency), {@code ingest}
 * ({@code POST /message} and CLI throughput) and {@code startup} (time to {@code /readyz} on a log
 * of M events).
 */
package io.csgate.bench.scenario;
