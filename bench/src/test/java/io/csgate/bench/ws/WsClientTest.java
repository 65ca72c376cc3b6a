package io.csgate.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted server on a plain ServerSocket. */
class WsClientTest {

    record ClientFrame(int opcode, boolean masked, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private ServerSocket server;
    private WsClient client;
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WsListener listener = new WsListener() {
        @Override
        public void onText(WsConnection c, byte[] data, int offset, int length) {
            texts.add(new String(data, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(WsConnection c, int code, String reason) {
            closed.complete(code);
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private CompletableFuture<WsConnection> connect(WsClientConfig config) {
        client = new WsClient(config);
        return client.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()),
                "127.0.0.1:" + server.getLocalPort(), "/ws?conn_id=abc", listener, 7);
    }

    /** Reads the upgrade request; returns the Sec-WebSocket-Key. */
    static String readUpgrade(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("eof in upgrade request");
            }
            head.append((char) c);
        }
        assertThat(head.toString()).startsWith("GET /ws?conn_id=abc HTTP/1.1\r\n")
                .containsIgnoringCase("upgrade: websocket").contains("Sec-WebSocket-Version: 13");
        return head.toString().lines().filter(l -> l.startsWith("Sec-WebSocket-Key: ")).findFirst().orElseThrow()
                .substring("Sec-WebSocket-Key: ".length()).trim();
    }

    static byte[] upgradeAnswer(String accept) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static ClientFrame readFrame(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
        byte[] payload = in.readNBytes((int) len);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        assertThat(b0 & 0x80).as("client frames are final").isNotZero();
        return new ClientFrame(b0 & 0x0f, (b1 & 0x80) != 0, payload);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @Test
    void upgradesReceivesEveryKindOfMessageAnswersPingAndClose() throws Exception {
        CompletableFuture<WsConnection> open = connect(WsClientConfig.defaults().withHeartbeat(Duration.ZERO));
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String key = readUpgrade(in);
            // the first frame rides in the same packet as the upgrade answer
            out.write(concat(upgradeAnswer(Handshake.accept(key)), FrameDecoderTest.text("[]")));
            out.flush();
            assertThat(open.get(5, TimeUnit.SECONDS).tag()).isEqualTo(7);
            byte[] split = FrameDecoderTest.text("[{\"t\": 5, \"seq\": 1}]");
            out.write(split, 0, 3);
            out.flush();
            out.write(split, 3, split.length - 3);
            String big = "b".repeat(100_000);
            out.write(FrameDecoderTest.text(big));
            out.write(FrameDecoderTest.serverFrame(FrameDecoder.OP_TEXT, false, "hel".getBytes(StandardCharsets.UTF_8)));
            out.write(FrameDecoderTest.serverFrame(FrameDecoder.OP_PING, true, new byte[] {1, 2, 3}));
            out.write(FrameDecoderTest.serverFrame(FrameDecoder.OP_CONTINUATION, true, "lo".getBytes(StandardCharsets.UTF_8)));
            out.flush();
            assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("[]");
            assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("[{\"t\": 5, \"seq\": 1}]");
            assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo(big);
            ClientFrame pong = readFrame(in);
            assertThat(pong.opcode()).isEqualTo(FrameDecoder.OP_PONG);
            assertThat(pong.masked()).isTrue();
            assertThat(pong.payload()).containsExactly(1, 2, 3);
            assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");

            out.write(FrameDecoderTest.serverFrame(FrameDecoder.OP_CLOSE, true, new byte[] {0x0f, (byte) 0xa0}));
            out.flush();
            ClientFrame echo = readFrame(in);
            assertThat(echo.opcode()).isEqualTo(FrameDecoder.OP_CLOSE);
            assertThat(echo.masked()).isTrue();
            assertThat(echo.payload()).containsExactly(0x0f, (byte) 0xa0);
        }
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(4000);
        assertThat(client.openCount()).isZero();
    }

    @Test
    void clientCloseIsMaskedAndWaitsForTheServerToCloseTcp() throws Exception {
        CompletableFuture<WsConnection> open = connect(WsClientConfig.defaults().withHeartbeat(Duration.ZERO));
        try (Socket s = server.accept()) {
            s.getOutputStream().write(upgradeAnswer(Handshake.accept(readUpgrade(s.getInputStream()))));
            open.get(5, TimeUnit.SECONDS).close();
            ClientFrame close = readFrame(s.getInputStream());
            assertThat(close.opcode()).isEqualTo(FrameDecoder.OP_CLOSE);
            assertThat(close.masked()).isTrue();
            assertThat(close.payload()).containsExactly(0x03, (byte) 0xe8);
            assertThat(closed).isNotDone();
            s.getOutputStream().write(FrameDecoderTest.serverFrame(FrameDecoder.OP_CLOSE, true, close.payload()));
        }
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void sendsClientHeartbeats() throws Exception {
        CompletableFuture<WsConnection> open = connect(WsClientConfig.defaults().withHeartbeat(Duration.ofMillis(300)));
        try (Socket s = server.accept()) {
            s.getOutputStream().write(upgradeAnswer(Handshake.accept(readUpgrade(s.getInputStream()))));
            open.get(5, TimeUnit.SECONDS);
            s.setSoTimeout(5_000);
            ClientFrame beat = readFrame(s.getInputStream());
            assertThat(beat.opcode()).isEqualTo(FrameDecoder.OP_TEXT);
            assertThat(beat.masked()).isTrue();
            assertThat(beat.text()).isEqualTo("{\"type\":\"heartbeat\"}");
        }
    }

    @Test
    void refusesABadAcceptKey() throws Exception {
        CompletableFuture<WsConnection> open = connect(WsClientConfig.defaults());
        try (Socket s = server.accept()) {
            readUpgrade(s.getInputStream());
            s.getOutputStream().write(upgradeAnswer("bm90IHRoZSByaWdodCBrZXk="));
            assertThatThrownBy(() -> open.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WsException.class).hasMessageContaining("bad Sec-WebSocket-Accept");
        }
    }

    @Test
    void reportsARefusedUpgradeWithItsStatus() throws Exception {
        CompletableFuture<WsConnection> open = connect(WsClientConfig.defaults());
        try (Socket s = server.accept()) {
            readUpgrade(s.getInputStream());
            s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> open.get(5, TimeUnit.SECONDS)).hasMessageContaining("upgrade refused: HTTP/1.1 404");
        }
    }

    @Test
    void aSilentServerTimesTheHandshakeOut() throws Exception {
        CompletableFuture<WsConnection> open = connect(WsClientConfig.defaults().withHandshakeTimeout(Duration.ofMillis(400)));
        try (Socket s = server.accept()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> open.get(5, TimeUnit.SECONDS)).hasMessageContaining("handshake timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
