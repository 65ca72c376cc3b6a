package io.csgate.ingest.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MessageBatchTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00.123456789Z"), ZoneOffset.UTC);

    private static void add(MessageBatch b, String json, long line) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        b.add(bytes, 0, bytes.length, line);
    }

    @Test
    void itemsBecomeOneMessageEnvelopeInOrder() {
        MessageBatch b = new MessageBatch(3, CLOCK);
        add(b, "{\"user\":\"a\"}", 7);
        add(b, "{\"user\":\"b\"}", 9);
        assertThat(b.full()).isFalse();
        assertThat(b.firstLine()).isEqualTo(7);
        add(b, "{\"user\":\"c\"}", 10);
        assertThat(b.full()).isTrue();
        byte[] value = b.drain();
        assertThat(b.isEmpty()).isTrue();
        Envelope e = EventCodec.decode(value);
        assertThat(e.op()).isEqualTo(Op.MESSAGE);
        assertThat(e.origin()).isEqualTo("ingest-cli");
        assertThat(e.time()).hasToString("2024-05-01T12:00:00.123456Z");
        assertThat(e.body().toString()).isEqualTo("[{\"user\":\"a\"},{\"user\":\"b\"},{\"user\":\"c\"}]");
        assertThat(new String(value, StandardCharsets.UTF_8)).startsWith("{\"v\":1,\"id\":\"" + e.id() + "\",\"op\":\"message\"");
    }

    @Test
    void eachDrainHasANewEventId() {
        MessageBatch b = new MessageBatch(1, CLOCK);
        add(b, "{}", 1);
        String first = EventCodec.decode(b.drain()).id();
        add(b, "{}", 2);
        assertThat(EventCodec.decode(b.drain()).id()).isNotEqualTo(first);
    }

    @Test
    void aRecordStaysUnderTheSizeLimit() {
        MessageBatch b = new MessageBatch(1000, CLOCK);
        int big = MessageBatch.MAX_BODY_BYTES / 2;
        assertThat(b.fits(10 * big)).as("an empty batch takes any item").isTrue();
        add(b, "\"" + "x".repeat(big) + "\"", 1);
        assertThat(b.fits(big)).isFalse();
        assertThat(b.fits(100)).isTrue();
    }
}
