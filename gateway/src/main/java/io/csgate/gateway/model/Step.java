package io.csgate.gateway.model;

import io.csgate.common.json.IsoTime;
import java.time.Instant;
import java.util.Map;

/** One event being applied: its deterministic inputs, its position, and where frames go. */
record Step(EventContext ctx, long seq, Outbox outbox) {

    Instant time() {
        return ctx.time();
    }

    /** The event time as the reference writes server-made times. */
    String timestamp() {
        return IsoTime.format(ctx.time());
    }

    String uuid(String purpose) {
        return ctx.derivedUuid(purpose).toString();
    }

    /** Adds {@code "position"} for item {@code index} of {@code count} items of this event, when it has one. */
    void position(Map<String, Object> frame, int index, int count) {
        if (ctx.position() != null) {
            frame.put("position", ctx.position().item(index, count).toString());
        }
    }
}
