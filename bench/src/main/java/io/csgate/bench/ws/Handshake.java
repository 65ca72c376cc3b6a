package io.csgate.bench.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The HTTP/1.1 upgrade: the request a client sends and the checks on the server's answer. */
final class Handshake {

    static final int MAX_RESPONSE_HEADER = 16 * 1024;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {}

    static String newKey() {
        byte[] k = new byte[16];
        ThreadLocalRandom.current().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }

    static ByteBuffer request(String hostHeader, String pathAndQuery, String key) {
        String r = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        return ByteBuffer.wrap(r.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Index (relative to the buffer's position) just past the blank line ending the response
     * header, or -1 when it has not all arrived.
     */
    static int headerEnd(ByteBuffer buf) {
        byte[] a = buf.array();
        int start = buf.arrayOffset() + buf.position();
        int end = start + buf.remaining();
        for (int i = start; i + 3 < end; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i + 4 - start;
            }
        }
        return -1;
    }

    /**
     * Checks a complete response header: status 101, {@code Upgrade: websocket} and the expected
     * {@code Sec-WebSocket-Accept}.
     */
    static void check(String header, String expectedAccept) throws WsException {
        String[] lines = header.split("\r\n");
        String status = lines[0];
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new WsException("upgrade refused: " + status);
        }
        String accept = null;
        boolean upgrade = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("sec-websocket-accept")) {
                accept = value;
            } else if (name.equals("upgrade")) {
                upgrade = value.equalsIgnoreCase("websocket");
            }
        }
        if (!upgrade) {
            throw new WsException("upgrade answer lacks 'Upgrade: websocket'");
        }
        if (!expectedAccept.equals(accept)) {
            throw new WsException("bad Sec-WebSocket-Accept: expected " + expectedAccept + ", got " + accept);
        }
    }
}
