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

class LineParserTest {

    static final Instant NOW = Instant.parse("2026-02-03T04:05:06.123456Z");
    private final LineParser parser = new LineParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private ParsedLine parse(String line) {
        byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 2, b.length - 4, false);
    }

    @Test
    void aMessageItemIsValidatedLikePostMessage() {
        assertThat(parse("{\"channel\":\"c\",\"user\":\"u\",\"anything\":[1]}").kind()).isEqualTo(ParsedLine.Kind.MESSAGE);
        assertThat(parse("{\"pm_users\":[\"a\"],\"user\":\"u\",\"uuid\":\"7d0c4a36-1f9e-4b8e-9d55-0c3d7c7f2a10\","
                + "\"timestamp\":\"2024-05-01T12:00:00\"}").kind()).isEqualTo(ParsedLine.Kind.MESSAGE);
        assertThat(parse("{\"channel\":\"c\",\"user\":\"u\",\"timestamp\":\"noon\"}").error())
                .isEqualTo("invalid message item: {\"timestamp\":[\"Not a valid datetime.\"]}");
    }

    @Test
    void blankLinesAreSkipped() {
        assertThat(parse("").kind()).isEqualTo(ParsedLine.Kind.BLANK);
        assertThat(parse(" \t\r").kind()).isEqualTo(ParsedLine.Kind.BLANK);
    }

    @Test
    void trailingGarbageIsNotJson() {
        assertThat(parse("{\"channel\":\"c\",\"user\":\"u\"} {}").error()).startsWith("not JSON: ");
    }

    @Test
    void anEnvelopeIsCompletedAndReEncoded() {
        ParsedLine p = parse("{\"op\":\"channel_config\",\"body\":{\"room\":{\"store_history\":true}}}");
        assertThat(p.kind()).isEqualTo(ParsedLine.Kind.ENVELOPE);
        Envelope e = EventCodec.decode(p.value());
        assertThat(e.v()).isEqualTo(1);
        assertThat(e.op()).isEqualTo(Op.CHANNEL_CONFIG);
        assertThat(e.id()).hasSize(36);
        assertThat(e.origin()).isEqualTo("ingest-cli");
        assertThat(e.time()).as("now: gateways hold it to the append time").isEqualTo(NOW);
    }

    @Test
    void anEnvelopesOwnTimeIsKept() {
        ParsedLine p = parse("{\"op\":\"channel_config\",\"time\":\"2026-02-03T04:00:00Z\",\"body\":{}}");
        assertThat(EventCodec.decode(p.value()).time()).isEqualTo(Instant.parse("2026-02-03T04:00:00Z"));
    }

    @Test
    void idsAndOriginsAreHeldToTheGatewaysBounds() {
        assertThat(parse("{\"op\":\"channel_config\",\"id\":\"" + "x".repeat(129) + "\",\"body\":{}}").error())
                .isEqualTo("envelope 'id' is longer than 128 bytes (129 characters)");
        assertThat(parse("{\"op\":\"channel_config\",\"id\":\"a\\u0000\",\"body\":{}}").error())
                .isEqualTo("envelope 'id' holds a control character (U+0000)");
        assertThat(parse("{\"op\":\"channel_config\",\"origin\":\"\\ud800\",\"body\":{}}").error())
                .isEqualTo("envelope 'origin' is not valid Unicode text (a lone surrogate)");
        assertThat(parse("{\"channel\":\"c\",\"user\":\"bad\\ud800\"}").error())
                .isEqualTo("invalid message item: {\"user\":[\"Not valid Unicode text: it holds a lone surrogate.\"]}");
    }

    @Test
    void everyApiOperationIsAcceptedAndLifecycleEventsAreNot() {
        assertThat(LineParser.API_OPS).doesNotContain(Op.SOCKET_ATTACHED, Op.GATEWAY_HEARTBEAT, Op.GATEWAY_DOWN);
        assertThat(parse("{\"op\":\"connect\",\"body\":{\"username\":\"u\",\"channels\":[\"c\"]}}").kind())
                .isEqualTo(ParsedLine.Kind.ENVELOPE);
        assertThat(parse("{\"op\":\"socket_attached\",\"body\":{\"conn_id\":\"7d0c4a36-1f9e-4b8e-9d55-0c3d7c7f2a10\"}}")
                .kind()).isEqualTo(ParsedLine.Kind.INVALID);
        assertThat(parse("{\"op\":3,\"body\":{}}").error()).isEqualTo("envelope 'op' must be a non-empty string");
    }

    @Test
    void anEnvelopeBodyIsValidatedForItsOperation() {
        assertThat(parse("{\"op\":\"subscribe\",\"body\":{\"conn_id\":\"x\",\"channels\":[]}}").error())
                .isEqualTo("invalid subscribe body: {\"conn_id\":[\"Not a valid UUID.\"],"
                        + "\"channels\":[\"Shorter than minimum length 1.\"]}");
    }

    @Test
    void aTruncatedLineIsInvalid() {
        assertThat(parser.parse(new byte[0], 0, 0, true).error()).isEqualTo("longer than " + LineParser.MAX_LINE_BYTES
                + " bytes");
    }
}
