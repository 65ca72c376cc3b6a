package io.csgate.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @Test
    void acceptMatchesTheRfcExample() {
        assertThat(Handshake.accept(KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="); // RFC 6455 §1.3
    }

    @Test
    void aBrowserHandshakeIsAccepted() {
        assertThat(Handshake.check("websocket", "keep-alive, Upgrade", "13", KEY)).isNull();
        assertThat(Handshake.check("WebSocket", "upgrade", " 13 ", KEY)).isNull();
    }

    @Test
    void anythingElseIsRefusedWithAReason() {
        assertThat(Handshake.check(null, null, null, null).status()).isEqualTo(400);
        assertThat(Handshake.check("h2c", "Upgrade", "13", KEY).status()).isEqualTo(400);
        assertThat(Handshake.check("websocket", "keep-alive", "13", KEY).status()).isEqualTo(400);
        Handshake.Refusal old = Handshake.check("websocket", "Upgrade", "8", KEY);
        assertThat(old.status()).isEqualTo(426);
        assertThat(old.reason()).contains("13");
        assertThat(Handshake.check("websocket", "Upgrade", "13", null).status()).isEqualTo(400);
        assertThat(Handshake.check("websocket", "Upgrade", "13", "c2hvcnQ=").status()).isEqualTo(400);
        assertThat(Handshake.check("websocket", "Upgrade", "13", "not base64!").status()).isEqualTo(400);
    }
}
