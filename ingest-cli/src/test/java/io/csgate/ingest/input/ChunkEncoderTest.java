package io.csgate.ingest.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.sign.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkEncoderTest {

    private static Chunk chunk(long firstLine, String... lines) {
        Chunk c = new Chunk(1000, 1 << 20);
        long n = firstLine;
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            c.add(b, 0, b.length, n++, false);
        }
        return c;
    }

    private static String item(int n) {
        return "{\"channel\":\"c\",\"user\":\"u\",\"message\":{\"n\":" + n + "}}";
    }

    @Test
    void batchesSignsAndKeepsInputOrderAroundEnvelopesAndInvalidLines() {
        RecordSigner signer = new RecordSigner("s");
        ChunkEncoder encoder = new ChunkEncoder(2, signer, Clock.systemUTC());
        List<Outcome> out = encoder.encode(chunk(10, item(1), item(2), item(3), "bad",
                "{\"op\":\"message_delete\",\"body\":[{\"uuid\":\"7d0c4a36-1f9e-4b8e-9d55-0c3d7c7f2a10\",\"channel\":\"c\"}]}",
                "", item(4)));
        assertThat(out).hasSize(5);
        Outcome.Record first = (Outcome.Record) out.get(0);
        assertThat(first.messages()).isEqualTo(2);
        assertThat(first.firstLine()).isEqualTo(10);
        assertThat(signer.verify(first.value(), first.signature())).isTrue();
        assertThat(EventCodec.decode(first.value()).body()).hasSize(2);
        Outcome.Record second = (Outcome.Record) out.get(1);
        assertThat(second.firstLine()).as("item 3 leaves before invalid line 13: no record spans it").isEqualTo(12);
        assertThat(EventCodec.decode(second.value()).body().get(0).get("message").get("n").asInt()).isEqualTo(3);
        assertThat(out.get(2)).isInstanceOfSatisfying(Outcome.Invalid.class, i -> {
            assertThat(i.line()).isEqualTo(13);
            assertThat(i.error()).startsWith("not JSON");
        });
        Outcome.Record delete = (Outcome.Record) out.get(3);
        assertThat(EventCodec.decode(delete.value()).op()).isEqualTo(Op.MESSAGE_DELETE);
        assertThat(delete.firstLine()).isEqualTo(14);
        assertThat(((Outcome.Record) out.get(4)).firstLine()).isEqualTo(16);
    }

    @Test
    void aDryRunLeavesRecordsUnsigned() {
        List<Outcome> out = new ChunkEncoder(100, null, Clock.systemUTC()).encode(chunk(1, item(1)));
        assertThat(((Outcome.Record) out.get(0)).signature()).isNull();
    }
}
