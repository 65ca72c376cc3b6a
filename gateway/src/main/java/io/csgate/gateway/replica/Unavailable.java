package io.csgate.gateway.replica;

import java.time.Duration;

/**
 * The log cannot serve a call now: Kafka did not take its event, this replica skipped the event's
 * record or did not apply it in time, or the state thread did not answer in time. The HTTP layer
 * answers it with 503 {@code {"error": "service unavailable", "reason": <message>}}.
 */
public final class Unavailable extends RuntimeException {

    public Unavailable(String reason) {
        super(reason, null, false, false);
    }

    public Unavailable(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }

    /** The log did not take the event (the producer's error, a full queue, a stopped publisher). */
    public static Unavailable notAccepted(Throwable cause) {
        return new Unavailable("Kafka did not accept the event: " + cause.getMessage(), cause);
    }

    /**
     * The gateways skipped the event's record before applying it (its time is outside
     * {@code record_time_window}, for instance): the event has no effect.
     *
     * @param reason the {@code reason} tag it is counted under in {@code csgate_records_rejected_total}
     */
    public static Unavailable skipped(String reason, String why) {
        return new Unavailable("the record was skipped (" + reason + "): " + why);
    }

    /** The event was produced but this replica has not applied it within {@code publish_timeout}. */
    public static Unavailable notAppliedWithin(Duration timeout) {
        return new Unavailable("the event was not applied within " + timeout.toMillis()
                + " ms (publish_timeout); it may still take effect");
    }

    /** Work given to the state thread was not done within {@code timeout}. */
    public static Unavailable stateThreadSilent(Duration timeout) {
        return new Unavailable("the state thread did not answer within " + timeout.toMillis() + " ms");
    }
}
