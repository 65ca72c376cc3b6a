/**
 * Subscribers: for each, a signed {@code POST /connect} and a websocket on the returned
 * {@code conn_id} ({@link io.csgate.bench.subscriber.SubscriberPool}); what they receive is counted
 * and timed by one shared {@link io.csgate.bench.subscriber.Receiver}; a
 * {@link io.csgate.bench.subscriber.GroupSnapshot} is what a pool reports, in process or from a
 * worker process.
 */
package io.csgate.bench.subscriber;
