/**
 * This gateway's sockets and long polls as seen by the model: the {@link io.csgate.gateway.hub.Hub}
 * (the model's outbox: serialize once, queue per connection), attaching and detaching on the state
 * thread ({@link io.csgate.gateway.hub.Attachments}), local activity and connection GC by events
 * ({@link io.csgate.gateway.hub.ConnectionReaper}), catch-ups from a log position that come before a
 * socket's live frames ({@link io.csgate.gateway.hub.Resumes}). No Undertow or Kafka types.
 */
package io.csgate.gateway.hub;
