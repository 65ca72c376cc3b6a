package io.csgate.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsEveryField() {
        Envelope e = Envelope.of("id-1", Op.MESSAGE, Instant.parse("2026-11-29T07:00:03.126778Z"), "gw-1",
                Json.tree(List.of(Map.of("channel", "room", "user", "u", "message", Map.of("t", 1)))));
        Envelope back = EventCodec.decode(EventCodec.encode(e));
        assertThat(back).isEqualTo(e);
        assertThat(new String(EventCodec.encode(e), StandardCharsets.UTF_8))
                .startsWith("{\"v\":1,\"id\":\"id-1\",\"op\":\"message\",\"time\":\"2026-11-29T07:00:03.126778Z\"");
    }

    @Test
    void timeAndOriginAreOptional() {
        Envelope e = EventCodec.decode(utf8("{\"v\":1,\"id\":\"x\",\"op\":\"connect\",\"body\":{\"username\":\"a\"}}"));
        assertThat(e.time()).isNull();
        assertThat(e.origin()).isNull();
        assertThat(e.op()).isEqualTo(Op.CONNECT);
    }

    @Test
    void badEnvelopesAreRejectedWithAReason() {
        assertThatThrownBy(() -> EventCodec.decode(utf8("not json"))).isInstanceOf(BadEventException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> EventCodec.decode(utf8("[1]"))).hasMessageContaining("object");
        assertThatThrownBy(() -> EventCodec.decode(utf8("{\"id\":\"x\",\"op\":\"connect\",\"body\":{}}")))
                .hasMessageContaining("'v'");
        assertThatThrownBy(() -> EventCodec.decode(utf8("{\"v\":2,\"id\":\"x\",\"op\":\"connect\",\"body\":{}}")))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> EventCodec.decode(utf8("{\"v\":1,\"id\":\"x\",\"op\":\"explode\",\"body\":{}}")))
                .hasMessageContaining("unknown op 'explode'");
        assertThatThrownBy(() -> EventCodec.decode(utf8("{\"v\":1,\"op\":\"connect\",\"body\":{}}")))
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> EventCodec.decode(utf8("{\"v\":1,\"id\":\"x\",\"op\":\"connect\"}")))
                .hasMessageContaining("'body'");
        assertThatThrownBy(() -> EventCodec.decode(utf8("{\"v\":1,\"id\":\"x\",\"op\":\"connect\",\"time\":\"yesterday\",\"body\":{}}")))
                .hasMessageContaining("'time'");
        assertThatThrownBy(() -> EventCodec.decode(null)).isInstanceOf(BadEventException.class);
    }

    @Test
    void everyOpHasAUniqueWireName() {
        for (Op op : Op.values()) {
            assertThat(Op.fromWire(op.wireName())).contains(op);
        }
        assertThat(Op.fromWire("MESSAGE")).isEmpty();
    }
}
