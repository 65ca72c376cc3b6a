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

    static String envelopeWithId(String id) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"op\":\"connect\",\"body\":{\"username\":\"a\"}}";
    }

    @Test
    void idsAreNonEmptyAndBoundedInUtf8Bytes() {
        assertThatThrownBy(() -> EventCodec.decode(utf8(envelopeWithId("")))).isInstanceOf(BadEventException.class)
                .hasMessageContaining("non-empty");
        assertThatThrownBy(() -> EventCodec.decode(utf8(envelopeWithId("x".repeat(700 * 1024)))))
                .isInstanceOf(BadEventException.class).hasMessageContaining("longer than 128 bytes");
        assertThat(EventCodec.decode(utf8(envelopeWithId("x".repeat(128)))).id()).hasSize(128);
        assertThatThrownBy(() -> EventCodec.decode(utf8(envelopeWithId("x".repeat(129)))))
                .hasMessageContaining("longer than 128 bytes");
        // 64 two-byte characters are 128 bytes; one more byte is too many
        assertThat(EventCodec.decode(utf8(envelopeWithId("\u00e9".repeat(64)))).id()).hasSize(64);
        assertThatThrownBy(() -> EventCodec.decode(utf8(envelopeWithId("\u00e9".repeat(64) + "x"))))
                .hasMessageContaining("128 bytes in UTF-8");
    }

    @Test
    void idsAndOriginsHoldNoControlCharactersOrLoneSurrogates() {
        assertThatThrownBy(() -> EventCodec.decode(utf8(envelopeWithId("a\\nb"))))
                .hasMessageContaining("control character (U+000A)");
        assertThatThrownBy(() -> EventCodec.decode(utf8(envelopeWithId("bad\\ud800"))))
                .hasMessageContaining("lone surrogate");
        assertThat(EventCodec.decode(utf8(envelopeWithId("pair-\\ud83d\\ude00"))).id()).isEqualTo("pair-\ud83d\ude00");
        assertThatThrownBy(() -> EventCodec.decode(utf8("{\"v\":1,\"id\":\"x\",\"op\":\"connect\",\"origin\":\""
                + "o".repeat(129) + "\",\"body\":{}}"))).hasMessageContaining("'origin' is longer than 128 bytes");
        assertThatThrownBy(() -> EventCodec.decode(utf8("{\"v\":1,\"id\":\"x\",\"op\":\"connect\",\"origin\":\""
                + "o\\udc00\",\"body\":{}}"))).hasMessageContaining("'origin' is not valid Unicode");
    }

    @Test
    void everyOpHasAUniqueWireName() {
        for (Op op : Op.values()) {
            assertThat(Op.fromWire(op.wireName())).contains(op);
        }
        assertThat(Op.fromWire("MESSAGE")).isEmpty();
    }

    @Test
    void timesOutsideTheYearsOneTo9999AreRefused() {
        for (String time : new String[] {"+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z", "0000-12-31T23:59:59.999999999Z"}) {
            assertThatThrownBy(() -> EventCodec.decode(utf8("{\"v\":1,\"id\":\"x\",\"op\":\"connect\",\"time\":\""
                    + time + "\",\"body\":{}}"))).as(time).hasMessageContaining("outside the years 1 to 9999");
        }
        for (String time : new String[] {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"}) {
            assertThat(EventCodec.decode(utf8("{\"v\":1,\"id\":\"x\",\"op\":\"connect\",\"time\":\"" + time
                    + "\",\"body\":{}}")).time()).isEqualTo(Instant.parse(time));
        }
    }
}
