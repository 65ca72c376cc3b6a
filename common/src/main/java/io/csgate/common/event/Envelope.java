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

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(body, "body");
    }

    public static Envelope of(String id, Op op, Instant time, String origin, JsonNode body) {
        return new Envelope(VERSION, id, op, time, origin, body);
    }

    public Envelope withTime(Instant t) {
        return new Envelope(v, id, op, t, origin, body);
    }
}
