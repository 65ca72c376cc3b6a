/**
 * The replicated Channelstream model: users, connections, channels, presence, history, user state
 * and catch-up frames, as a deterministic state machine. Every gateway applies the same events in
 * the same order to its own {@link io.csgate.gateway.model.ChannelstreamModel} and ends in the same
 * state; the model reaches sockets only through {@link io.csgate.gateway.model.Outbox}. Pure Java:
 * no transport, Kafka or JSON library types, no clock reads, no randomness.
 */
package io.csgate.gateway.model;
