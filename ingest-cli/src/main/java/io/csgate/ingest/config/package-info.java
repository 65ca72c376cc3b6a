/**
 * Where a command finds Kafka and the secret: flags ({@link io.csgate.ingest.config.ConnectionOptions},
 * a picocli mixin), else the gateway's own sources with the gateway's own names and rules (the
 * {@code [channelstream]} section of a config.ini, or else {@code CHANNELSTREAM_*} environment
 * variables), resolved once into an immutable {@link io.csgate.ingest.config.Settings}.
 */
package io.csgate.ingest.config;
