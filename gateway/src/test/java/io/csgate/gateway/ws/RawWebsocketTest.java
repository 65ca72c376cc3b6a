package io.csgate.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The websocket protocol at the byte level, against a running gateway: what browsers and client
 * libraries do not show (pings, close echo, masking, pipelined frames, refused handshakes).
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class RawWebsocketTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static TestGateway gw;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("raw-ws-" + UUID.randomUUID(), Map.of("heartbeat_interval", "60"));
        api = gw.client();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private String connId() {
        ApiClient.Answer a = api.post("/connect", Map.of("username", "raw-" + UUID.randomUUID(), "channels", List.of("raw")));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json().path("conn_id").asText();
    }

    /** A plain socket that has sent a request and reads the raw answer. */
    private static final class Raw implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Raw(String request) throws IOException {
            URI uri = URI.create(gw.url());
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1)); // one char per byte, frames included
            out.flush();
        }

        static String upgrade(String path, String version) {
            return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: " + version + "\r\n\r\n";
        }

        String head() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (!b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                b.write(c);
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        /** Reads one server frame: {opcode, payload}. Server frames must not be masked. */
        Object[] frame() throws IOException {
            int b0 = in.read();
            int b1 = in.read();
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            int len = b1 & 0x7F;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                throw new AssertionError("unexpected 64-bit length");
            }
            byte[] payload = in.readNBytes(len);
            return new Object[] {b0 & 0x0F, payload};
        }

        /** Skips heartbeats and data until a frame of the given opcode. */
        byte[] until(int opcode) throws IOException {
            for (int i = 0; i < 100; i++) {
                Object[] f = frame();
                if ((int) f[0] == opcode) {
                    return (byte[]) f[1];
                }
            }
            throw new AssertionError("no frame with opcode " + opcode);
        }

        void send(byte[] frame) throws IOException {
            out.write(frame);
            out.flush();
        }

        boolean closedByServer() throws IOException {
            return in.read() == -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static int code(byte[] closePayload) {
        return ((closePayload[0] & 0xFF) << 8) | (closePayload[1] & 0xFF);
    }

    @Test
    void theHandshakeAnswersTheRfcAcceptAndNoExtension() throws IOException {
        try (Raw raw = new Raw(Raw.upgrade("/ws?conn_id=" + connId(), "13"))) {
            String head = raw.head();
            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(head.toLowerCase()).contains("upgrade: websocket").contains("connection: upgrade")
                    .contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=")
                    .doesNotContain("sec-websocket-extensions");
        }
    }

    @Test
    void aPingPipelinedWithTheHandshakeGetsItsPong() throws IOException {
        String request = Raw.upgrade("/ws?conn_id=" + connId(), "13");
        byte[] ping = ClientFrameReaderTest.frame(true, WireFrames.OP_PING, "hello".getBytes(), true);
        try (Raw raw = new Raw(request + new String(ping, StandardCharsets.ISO_8859_1))) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            assertThat(new String(raw.until(WireFrames.OP_PONG), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void aClientCloseIsEchoedAndTheServerEndsTheConnection() throws IOException {
        try (Raw raw = new Raw(Raw.upgrade("/ws?conn_id=" + connId(), "13"))) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            raw.send(ClientFrameReaderTest.close(4321, "done"));
            assertThat(code(raw.until(WireFrames.OP_CLOSE))).isEqualTo(4321);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void anUnmaskedClientFrameIsAProtocolError() throws IOException {
        try (Raw raw = new Raw(Raw.upgrade("/ws?conn_id=" + connId(), "13"))) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            raw.send(ClientFrameReaderTest.frame(true, WireFrames.OP_TEXT, "hi".getBytes(), false));
            assertThat(code(raw.until(WireFrames.OP_CLOSE))).isEqualTo(1002);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void unknownAndMalformedConnectionsAreClosedWithTheirCodes() throws IOException {
        try (Raw raw = new Raw(Raw.upgrade("/ws?conn_id=" + UUID.randomUUID(), "13"))) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            byte[] close = raw.until(WireFrames.OP_CLOSE);
            assertThat(close).containsExactly(0x03, 0xe8); // 1000, empty reason (docs/protocol.md §7.1)
        }
        try (Raw raw = new Raw(Raw.upgrade("/ws?conn_id=1-2-3-4-5", "13"))) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            assertThat(code(raw.until(WireFrames.OP_CLOSE))).isEqualTo(1008);
        }
    }

    @Test
    void aRequestThatIsNotAHandshakeGetsAClearError() throws IOException {
        try (Raw raw = new Raw("GET /ws?conn_id=" + connId() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")) {
            String answer = new String(raw.in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/json").contains("websocket upgrade");
        }
        try (Raw raw = new Raw(Raw.upgrade("/ws?conn_id=" + connId(), "8"))) {
            String head = raw.head();
            assertThat(head).startsWith("HTTP/1.1 426").containsIgnoringCase("Sec-WebSocket-Version: 13");
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
            assertThat(length.find()).isTrue();
            String body = new String(raw.in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
            assertThat(body).contains("\"error\"").contains("13");
        }
    }
}
