package io.csgate.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The versioned envelope of every record on the events topic:
 * {@code {"v":1,"id":"<uuid>","op":"message","time":"<ISO-8601>","origin":"<producer>","body":<JSON>}}.
 *
 * @param v format version ({@link #VERSION})
 * @param id unique event id; a second record with the same id has no effect
 * @param op the operation
 * @param time when the producer made the event; {@code null} means "use the record timestamp"
 * @param origin who produced it: a gateway id, {@code ingest-cli}, or any producer name
 * @param body the operation's body, the same JSON a REST caller would send
 */
public record Envelope(int v, String id, Op op, Instant time, String origin, JsonNode body) {

    public static final int VERSION = 1;
    /**
     * Longest {@code id}, in UTF-8 bytes. Gateways remember the ids of recent events (and write them
     * into every snapshot), so an id's size is memory held on every replica.
     */
    public static final int MAX_ID_BYTES = 128;
    /** Longest {@code origin}, in UTF-8 bytes: the owner of the connections an event creates. */
    public static final int MAX_ORIGIN_BYTES = 128;

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(body, "body");
    }

    public static Envelope of(String id, Op op, Instant time, String origin, JsonNode body) {
        return new Envelope(VERSION, id, op, time, origin, body);
    }

    /**
     * What is wrong with {@code value} as the envelope field {@code field} ({@code id} or
     * {@code origin}): empty, longer than {@code maxBytes} in UTF-8, holding a control character or
     * text that cannot be encoded (a lone surrogate); null when it is fine.
     */
    public static String nameProblem(String field, String value, int maxBytes) {
        if (value.isEmpty()) {
            return "'" + field + "' must be a non-empty string";
        }
        if (value.length() > maxBytes) { // each char is at least one UTF-8 byte
            return "'" + field + "' is longer than " + maxBytes + " bytes (" + value.length() + " characters)";
        }
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return "'" + field + "' holds a control character (U+" + String.format("%04X", (int) c) + ")";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return "'" + field + "' is not valid Unicode text (a lone surrogate)";
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return bytes > maxBytes ? "'" + field + "' is longer than " + maxBytes + " bytes in UTF-8" : null;
    }

    public Envelope withTime(Instant t) {
        return new Envelope(v, id, op, t, origin, body);
    }
}
