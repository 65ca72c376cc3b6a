package io.csgate.gateway.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Deterministic inputs of one applied event: everything the model would otherwise take from the
 * clock or from randomness comes from here, so every replica derives the same values.
 *
 * @param eventId the event's unique id (the envelope id)
 * @param time the event time chosen by its producer
 * @param origin who produced the event (a gateway id for lifecycle events)
 * @param position the event's record in the log; null where there is no log (model tests), and
 *     then frames carry no {@code position}
 */
public record EventContext(String eventId, Instant time, String origin, LogPosition position) {

    public EventContext {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(time, "time");
    }

    /** An event without a place in a log. */
    public EventContext(String eventId, Instant time, String origin) {
        this(eventId, time, origin, null);
    }

    /** {@code UUID.nameUUIDFromBytes((eventId + "/" + purpose).getBytes(UTF_8))}. */
    public UUID derivedUuid(String purpose) {
        return UUID.nameUUIDFromBytes((eventId + "/" + purpose).getBytes(StandardCharsets.UTF_8));
    }
}
