package io.csgate.gateway.replica;

import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * How a caller learns what its own event did on this replica (read-your-writes, docs/design.md §5):
 * it registers with {@link #expect} before publishing the event, and the result computed when this
 * replica applies that event comes back on the executor it named.
 *
 * <p>Thread hop: {@code then} runs on {@code where}, never on the state thread. The answers of one
 * applied batch reach each executor as one task: one wake-up of an IO thread, not one per request.
 */
public interface ReadYourWrites {

    /**
     * @param eventId the id of the event the caller is about to publish
     * @param where where {@code then} runs (the caller's IO thread)
     * @param then called exactly once: with the {@link EventHandler}'s result and no error; or with
     *     the error: a {@code ValidationException} (the body names what does not exist: 422), an
     *     {@link Unavailable} (the record was skipped: 503), an {@link ApplyFailed} (a bug, logged
     *     where it happened: 500), or the error given to {@link Waiter#fail}
     */
    Waiter expect(String eventId, Executor where, BiConsumer<Object, Throwable> then);
}
