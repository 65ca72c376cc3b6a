/**
 * How the gateway tells operators what it does: meter names (one prefix, no per-channel, user or
 * connection tags), the Prometheus registry setup, and warnings logged at a limited rate
 * ({@link io.csgate.gateway.metrics.RateLimitedLog}).
 */
package io.csgate.gateway.metrics;
