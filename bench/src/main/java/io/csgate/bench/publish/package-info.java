/**
 * Publishing bench messages: a {@link io.csgate.bench.publish.RatePublisher} offers a fixed rate
 * (open loop) or as much as the server takes (closed loop) from a few threads, through a
 * {@link io.csgate.bench.publish.Transport}: signed {@code POST /message}
 * ({@link io.csgate.bench.publish.RestTransport}) or signed records produced straight to the
 * events topic ({@link io.csgate.bench.publish.KafkaTransport}). A message counts as published
 * once acknowledged: a 200 answer (the gateway has applied it) or a Kafka ack.
 */
package io.csgate.bench.publish;
