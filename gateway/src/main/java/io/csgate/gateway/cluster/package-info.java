/**
 * What makes gateways a cluster without talking to each other: liveness by heartbeat events
 * ({@link io.csgate.gateway.cluster.Liveness}, {@link io.csgate.gateway.cluster.LivenessKeeper}),
 * state snapshots for a fast start ({@link io.csgate.gateway.cluster.SnapshotLoader},
 * {@link io.csgate.gateway.cluster.Snapshotter}), and how a replica judges its own health: the
 * readiness rule ({@link io.csgate.gateway.cluster.ReplicaReadiness}) and the cut-off from Kafka
 * ({@link io.csgate.gateway.cluster.KafkaWatch}).
 */
package io.csgate.gateway.cluster;
