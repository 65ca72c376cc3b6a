/**
 * The Kafka log: the embedded broker, the configuration of every Kafka client
 * ({@link io.csgate.gateway.log.KafkaClients}), the start-up {@link io.csgate.gateway.log.ClusterCheck}
 * and topic setup, the signed {@link io.csgate.gateway.log.EventPublisher}, the
 * {@link io.csgate.gateway.log.LogReader} (every partition, {@code assign()}, one thread) and the
 * single-writer {@link io.csgate.gateway.log.Applier} that applies records to the model in log
 * order, after {@link io.csgate.gateway.log.RecordDecoder} (signature against every accepted key,
 * envelope, signed time against the log-append time) and the duplicate-id window with its replay
 * floor. Kafka types stay in this package and in {@code common}.
 */
package io.csgate.gateway.log;
