package io.csgate.gateway.log;

/**
 * Given to a caller waiting for an event whose record the gateways skipped before applying it
 * (its time is outside {@code record_time_window}, for instance): the event has no effect.
 */
public final class RecordRejectedException extends RuntimeException {

    private final String reason;

    RecordRejectedException(String reason, String why) {
        super("the record was skipped (" + reason + "): " + why, null, false, false);
        this.reason = reason;
    }

    /** The {@code reason} tag it is counted under in {@code csgate_records_rejected_total}. */
    public String reason() {
        return reason;
    }
}
