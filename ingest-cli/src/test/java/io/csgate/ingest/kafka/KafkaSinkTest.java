package io.csgate.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaSinkTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final KafkaSink sink = new KafkaSink(producer, "events");
    private final RecordSigner signer = new RecordSigner("k");

    @Test
    void recordsCarryTheSignatureOfTheExactValueBytesAsDocumented() throws Exception {
        byte[] value = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
        sink.send(value, signer.signBytes(value), 1, 0);
        ProducerRecord<byte[], byte[]> r = producer.history().get(0);
        assertThat(r.key()).isNull();
        assertThat(r.topic()).isEqualTo("events");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("k".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1=" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value));
        assertThat(new String(r.headers().lastHeader(Topics.SIGNATURE_HEADER).value(), StandardCharsets.US_ASCII))
                .isEqualTo(expected);
    }

    @Test
    void countsOutcomesFromCallbacksWithoutWaiting() {
        var first = sink.send(new byte[] {1}, new byte[] {1}, 100, 1);
        var second = sink.send(new byte[] {2}, new byte[] {2}, 40, 101);
        assertThat(first).isNotDone();
        assertThat(sink.deliveries().messagesSent()).isEqualTo(140);
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("too large"));
        assertThat(first).isCompletedWithValueMatching(p -> p.topic().equals("events"));
        assertThat(second).isCompletedExceptionally();
        Deliveries d = sink.deliveries();
        assertThat(d.messagesAcked()).isEqualTo(100);
        assertThat(d.messagesFailed()).isEqualTo(40);
        assertThat(d.recordsFailed()).isEqualTo(1);
        assertThat(d.firstFailedLine()).isEqualTo(101);
        assertThat(d.firstError()).isEqualTo("topic events: RecordTooLargeException (not retriable): too large");
    }

    @Test
    void aProducerThatThrowsCountsAsFailed() {
        producer.close();
        sink.send(new byte[] {1}, new byte[] {1}, 5, 3);
        assertThat(sink.deliveries().messagesFailed()).isEqualTo(5);
        assertThat(sink.deliveries().firstError()).contains("IllegalStateException");
    }

    @Test
    void propertiesKeepTheTimeoutConsistent() {
        Properties p = KafkaSink.properties("h:1", Duration.ofSeconds(60));
        assertThat(p.get("request.timeout.ms")).isEqualTo(30_000);
        assertThat(p.get("delivery.timeout.ms")).isEqualTo(60_000);
        assertThat(p.get("max.in.flight.requests.per.connection")).isEqualTo(5);
        Properties small = KafkaSink.properties("h:1", Duration.ofMillis(10));
        assertThat(small.get("max.block.ms")).isEqualTo(1000);
        assertThat((int) small.get("delivery.timeout.ms"))
                .isGreaterThanOrEqualTo((int) small.get("request.timeout.ms") + KafkaSink.LINGER_MS);
    }
}
