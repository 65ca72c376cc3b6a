package io.csgate.gateway.replica;

/**
 * One caller waiting for its event to be applied ({@link ReadYourWrites#expect}). Thread-safe; the
 * wait ends once, whichever comes first: the event applied, or {@link #fail}.
 */
public interface Waiter {

    /**
     * Ends the wait with {@code error} (the log refused the event, a timeout), unless the event was
     * applied first. The callback runs on the waiter's executor, or inline when the caller is on it
     * ({@code here}).
     *
     * @return false when the wait had already ended
     */
    boolean fail(Throwable error, boolean here);

    /** True once the wait has ended (answered, failed or timed out). */
    boolean done();
}
