/**
 * What makes gateways a cluster without talking to each other: liveness by heartbeat events
 * ({@link io.csgate.gateway.cluster.Liveness}, {@link io.csgate.gateway.cluster.LivenessKeeper}) and
 * state snapshots for a fast start.
 */
package io.csgate.gateway.cluster;
