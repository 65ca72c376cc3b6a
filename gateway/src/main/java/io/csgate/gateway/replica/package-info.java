/**
 * Where the rest of the gateway meets its replica of the log, whatever carries the log: the state
 * thread that owns the model ({@link io.csgate.gateway.replica.StateThread}), how an event is applied
 * to the model ({@link io.csgate.gateway.replica.ModelEvents}), this gateway's own events
 * ({@link io.csgate.gateway.replica.EventEmitter}) and how the transport holds the log back
 * ({@link io.csgate.gateway.replica.Backpressure}). Package {@code log} implements these with Kafka;
 * the transports ({@code http}, {@code ws}, {@code admin}, {@code hub}) use them and never see Kafka.
 */
package io.csgate.gateway.replica;
