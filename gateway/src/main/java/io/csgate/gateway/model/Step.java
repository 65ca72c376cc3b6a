package io.csgate.gateway.model;

import io.csgate.common.json.IsoTime;
import java.time.Instant;

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
}
