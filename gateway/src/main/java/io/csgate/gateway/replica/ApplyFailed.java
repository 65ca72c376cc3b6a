package io.csgate.gateway.replica;

/**
 * Applying an event failed with an unexpected exception: a bug, not bad input. The applier has
 * logged it with its stack trace and counted it; a caller waiting for the event gets this, and the
 * HTTP layer answers 500 with an error id, without logging the stack trace a second time.
 */
public final class ApplyFailed extends RuntimeException {

    public ApplyFailed(RuntimeException cause) {
        super(cause.toString(), cause, false, false);
    }
}
