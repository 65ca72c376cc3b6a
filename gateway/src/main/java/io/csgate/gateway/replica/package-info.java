/**
 * Where the rest of the gateway meets its replica of the log, whatever carries the log: the state
 * thread that owns the model ({@link io.csgate.gateway.replica.StateThread}), how an event is applied
 * to the model ({@link io.csgate.gateway.replica.ModelEvents}), this gateway's own events
 * ({@link io.csgate.gateway.replica.EventEmitter}), how the transport holds the log back
 * ({@link io.csgate.gateway.replica.Backpressure}), the one way events enter the log
 * ({@link io.csgate.gateway.replica.Publisher}) and read-your-writes
 * ({@link io.csgate.gateway.replica.ReadYourWrites}), how past ranges of the log are read again for
 * resumes ({@link io.csgate.gateway.replica.LogRanges}), and the timer thread that paces the periodic
 * chores ({@link io.csgate.gateway.replica.Timers}). Package {@code log} implements these with Kafka
 * (the transport tests implement them in memory); the transports ({@code http}, {@code ws},
 * {@code admin}, {@code hub}) use them and never see Kafka.
 */
package io.csgate.gateway.replica;
