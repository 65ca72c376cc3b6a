/** Meter names (one prefix, no per-channel/user/connection tags) and the Prometheus registry setup. */
package io.csgate.gateway.metrics;
