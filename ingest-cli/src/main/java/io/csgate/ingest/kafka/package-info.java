/**
 * Producing signed records to the events topic: {@link io.csgate.ingest.kafka.EventSink} and its
 * Kafka implementation (acks=all, idempotent producer, outcomes counted from callbacks, never a
 * blocking wait per record), the {@code --dry-run} sink, and the delivery tally. Kafka client types
 * stay in this package.
 */
package io.csgate.ingest.kafka;
