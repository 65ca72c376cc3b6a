package io.csgate.gateway.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The server side of the RFC 6455 opening handshake (§4.2), as pure functions of the request
 * headers: whether the request is a websocket upgrade we accept, and the
 * {@code Sec-WebSocket-Accept} answer. No extension and no subprotocol is ever negotiated.
 */
final class Handshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    static final String VERSION = "13";

    /** Why a request cannot be upgraded, with the HTTP status to answer. */
    record Refusal(int status, String reason) {}

    private Handshake() {}

    /**
     * Checks the upgrade headers; null when the request is a valid websocket opening handshake.
     *
     * @param upgrade the {@code Upgrade} header (null when absent)
     * @param connection every {@code Connection} header value joined by commas (null when absent)
     * @param version {@code Sec-WebSocket-Version}
     * @param key {@code Sec-WebSocket-Key}
     */
    static Refusal check(String upgrade, String connection, String version, String key) {
        if (upgrade == null || !hasToken(upgrade, "websocket")) {
            return new Refusal(400, "this endpoint only accepts a websocket upgrade (Upgrade: websocket)");
        }
        if (connection == null || !hasToken(connection, "upgrade")) {
            return new Refusal(400, "a websocket upgrade needs Connection: Upgrade");
        }
        if (version == null || !VERSION.equals(version.trim())) {
            return new Refusal(426, "unsupported Sec-WebSocket-Version; this server speaks " + VERSION);
        }
        if (key == null || !validKey(key.trim())) {
            return new Refusal(400, "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        return null;
    }

    /** The {@code Sec-WebSocket-Accept} value for a client's key. */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java runtime", e);
        }
    }

    private static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasToken(String header, String token) {
        for (String part : header.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }
}
