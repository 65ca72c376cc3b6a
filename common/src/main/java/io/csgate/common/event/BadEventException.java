package io.csgate.common.event;

/** A record value that is not a valid event envelope; the reason is safe to log. */
public final class BadEventException extends RuntimeException {
    public BadEventException(String reason) {
        super(reason, null, false, false);
    }
}
