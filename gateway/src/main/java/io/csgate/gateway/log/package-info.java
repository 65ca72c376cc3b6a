/**
 * The replica on Kafka. Reading: the {@link io.csgate.gateway.log.LogReader} (every partition,
 * {@code assign()}, one thread) hands each fetch to the {@link io.csgate.gateway.log.ApplyQueue},
 * which decodes it in bounded chunks ({@link io.csgate.gateway.log.RecordDecoder}: signature against
 * every accepted key, envelope, signed time against the log-append time) and queues them on the
 * state thread ({@link io.csgate.gateway.log.ApplierThread}; when that thread is idle the reader
 * runs the chunk itself, under the same one-at-a-time rule), where the single-writer
 * {@link io.csgate.gateway.log.Applier} applies them in log order (duplicate-id window with its replay
 * floor, {@link io.csgate.gateway.log.AppliedPositions}) and answers the callers waiting for their
 * events ({@link io.csgate.gateway.log.Waiters}). Writing: the signed
 * {@link io.csgate.gateway.log.EventPublisher}. Reading again, for resumes: the
 * {@link io.csgate.gateway.log.LogArchive} (a consumer of its own per range, a small pool, never the
 * main reader). Around them: the embedded broker, the configuration of
 * every Kafka client ({@link io.csgate.gateway.log.KafkaClients}), the start-up
 * {@link io.csgate.gateway.log.ClusterCheck} and topic setup, the snapshot topic. Kafka types stay in
 * this package and in {@code common}; the rest of the gateway sees the interfaces of
 * {@code replica}.
 */
package io.csgate.gateway.log;
