/**
 * Reading the server under test from outside: its Prometheus {@code /metrics}
 * ({@link io.csgate.bench.probe.PrometheusText}) and, when its pid is given, {@code /proc/<pid>}
 * and {@code jcmd <pid> GC.run} ({@link io.csgate.bench.probe.GatewayProbe}).
 */
package io.csgate.bench.probe;
