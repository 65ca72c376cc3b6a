package io.csgate.gateway.model;

import io.csgate.common.json.IsoTime;
import java.time.Instant;

/** Deterministic event contexts: ids ev-1, ev-2, ..., one second apart, from one origin. */
final class Events {

    static final Instant BASE = Instant.parse("2026-11-29T07:00:00.000001Z");

    private int n;
    private String origin = "gw-a";

    EventContext next() {
        n++;
        return new EventContext("ev-" + n, BASE.plusSeconds(n), origin);
    }

    EventContext next(String from) {
        n++;
        return new EventContext("ev-" + n, BASE.plusSeconds(n), from);
    }

    Events from(String newOrigin) {
        origin = newOrigin;
        return this;
    }

    /** The isoformat time of the last context handed out. */
    String lastTime() {
        return IsoTime.format(BASE.plusSeconds(n));
    }

    static String uuid(String eventId, String purpose) {
        return new EventContext(eventId, BASE, null).derivedUuid(purpose).toString();
    }
}
