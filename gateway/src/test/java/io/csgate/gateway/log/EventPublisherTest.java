package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.replica.Unavailable;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link EventPublisher#publish}, the one way events reach the log: every event is produced once
 * and signed and its caller told so once; an abandoned one is not produced (and its caller told);
 * when Kafka is away each caller gets its own failure, once.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class EventPublisherTest {

    private final RecordSigner signer = new RecordSigner("secret");

    @Test
    void producesEverySubmittedEventOnceAndSkipsAbandonedOnes() throws Exception {
        String bootstrap = EmbeddedKafkaExtension.bootstrapServers();
        String topic = "submit-" + System.nanoTime();
        TopicSetup.ensureEventsTopic(bootstrap, topic, 1, Duration.ofSeconds(20));
        Set<String> failed = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
        try (EventPublisher publisher = new EventPublisher(KafkaClients.plain(bootstrap), topic, signer, Duration.ofSeconds(5),
                new SimpleMeterRegistry(), "submit-test")) {
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                int base = t * 500;
                threads[t] = new Thread(() -> {
                    for (int i = base; i < base + 500; i++) {
                        String id = "e" + i;
                        acknowledged.put(id, new AtomicInteger());
                        publisher.publish(event(id), () -> false, error -> {
                            if (error == null) {
                                acknowledged.get(id).incrementAndGet();
                            } else {
                                failed.add(id);
                            }
                        });
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
            CompletableFuture<Unavailable> abandoned = new CompletableFuture<>();
            publisher.publish(event("abandoned"), () -> true, abandoned::complete);
            publisher.publish(event("last"), () -> false, error -> {
                if (error != null) {
                    failed.add("last");
                }
            });
            assertThat(abandoned.get(10, TimeUnit.SECONDS)).isNotNull();
        }
        Set<String> seen = new HashSet<>();
        int records = 0;
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!seen.contains("last") && System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(signer.verify(r.value(), r.headers().lastHeader(Topics.SIGNATURE_HEADER).value()))
                            .isTrue();
                    seen.add(EventCodec.decode(r.value()).id());
                    records++;
                }
            }
        }
        assertThat(failed).isEmpty();
        assertThat(acknowledged.values()).as("each caller told once").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(seen).hasSize(2001).contains("e0", "e1999", "last").doesNotContain("abandoned");
        assertThat(records).as("no duplicates").isEqualTo(2001);
    }

    @Test
    void aHealthyIdlePublisherSendsOnTheCallersThreadAndKeepsEachCallersOrder() throws Exception {
        String bootstrap = EmbeddedKafkaExtension.bootstrapServers();
        String topic = "direct-" + System.nanoTime();
        TopicSetup.ensureEventsTopic(bootstrap, topic, 1, Duration.ofSeconds(20));
        Set<String> failed = ConcurrentHashMap.newKeySet();
        try (EventPublisher publisher = new EventPublisher(KafkaClients.plain(bootstrap), topic, signer, Duration.ofSeconds(5),
                new SimpleMeterRegistry(), "direct-test")) {
            CompletableFuture<Unavailable> first = new CompletableFuture<>();
            publisher.publish(event("first"), () -> false, first::complete);
            assertThat(first.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(publisher.sentDirectly()).as("no acknowledgement yet: queued").isZero();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(publisher::idle); // csgate-publisher done with it

            CompletableFuture<Unavailable> next = new CompletableFuture<>();
            publisher.publish(event("next"), () -> false, next::complete);
            assertThat(publisher.sentDirectly()).as("sent before publish returned").isEqualTo(1);
            assertThat(next.get(10, TimeUnit.SECONDS)).isNull();
            CompletableFuture<Unavailable> abandoned = new CompletableFuture<>();
            publisher.publish(event("abandoned"), () -> true, abandoned::complete);
            assertThat(abandoned.get(10, TimeUnit.SECONDS)).isNotNull();

            // two callers at once: some events go directly, some through the queue; each caller's stay in order
            Thread[] threads = new Thread[2];
            for (int t = 0; t < threads.length; t++) {
                String prefix = t == 0 ? "a" : "b";
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 300; i++) {
                        String id = prefix + i;
                        publisher.publish(event(id), () -> false, error -> {
                            if (error != null) {
                                failed.add(id);
                            }
                        });
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
            CompletableFuture<Unavailable> last = new CompletableFuture<>();
            publisher.publish(event("last"), () -> false, last::complete);
            assertThat(last.get(10, TimeUnit.SECONDS)).isNull();
        }
        List<String> log = new ArrayList<>();
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!log.contains("last") && System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    log.add(EventCodec.decode(r.value()).id());
                }
            }
        }
        assertThat(failed).isEmpty();
        assertThat(log).hasSize(603).doesNotContain("abandoned").startsWith("first", "next").endsWith("last");
        for (String prefix : List.of("a", "b")) {
            List<String> mine = log.stream().filter(id -> id.startsWith(prefix)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                expected.add(prefix + i);
            }
            assertThat(mine).as("caller %s's events in the order it published them", prefix)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void everyCallerGetsItsOwnFailureWhenKafkaIsAway() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        int n = 50;
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(n);
        long t0 = System.nanoTime();
        try (EventPublisher publisher = new EventPublisher(KafkaClients.plain("127.0.0.1:" + port), "nowhere", signer,
                Duration.ofSeconds(1), new SimpleMeterRegistry(), "submit-away")) {
            for (int i = 0; i < n; i++) {
                String id = "e" + i;
                failures.put(id, new AtomicInteger());
                publisher.publish(event(id), () -> false, error -> {
                    assertThat(error).isNotNull();
                    failures.get(id).incrementAndGet();
                    all.countDown();
                });
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        assertThat((System.nanoTime() - t0) / 1e9).as("bounded by the producer's timeouts").isLessThan(20);
    }

    private static Envelope event(String id) {
        return Envelope.of(id, Op.GATEWAY_HEARTBEAT, Instant.now(), "gw", JsonNodeFactory.instance.objectNode());
    }
}
