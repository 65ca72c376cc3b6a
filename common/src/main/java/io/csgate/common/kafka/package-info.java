/**
 * Kafka client settings given by the operator, shared by the gateway, the ingest CLI and the bench
 * so that one properties file (or one set of {@code CHANNELSTREAM_KAFKA_CLIENT_*} variables) means
 * the same thing to all of them: how it is read, how variables map to property names, which values
 * are masked when shown, and how a program's own required settings are protected from it
 * ({@link io.csgate.common.kafka.ClientProperties}). Part of the shared contract because the file is
 * a user-facing format every csgate program reads.
 */
package io.csgate.common.kafka;
