/**
 * This gateway's sockets and long polls as seen by the model: the {@link io.csgate.gateway.hub.Hub}
 * (the model's outbox: serialize once, queue per connection), attaching and detaching on the state
 * thread ({@link io.csgate.gateway.hub.Attachments}), local activity and connection GC by events
 * ({@link io.csgate.gateway.hub.ConnectionReaper}). No Undertow or Kafka types.
 */
package io.csgate.gateway.hub;
