package io.csgate.gateway.replica;

import io.csgate.common.event.Envelope;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one way events enter the log: the REST commands publish through it, and so does this
 * gateway's {@link EventEmitter}.
 *
 * <p>Thread contract: {@link #publish} never blocks, so any thread may call it (an IO thread, the
 * state thread, the timer thread). {@code outcome} is called exactly once, on the thread that learns
 * the outcome (the producer's network thread, the publisher's own thread, or the caller's when the
 * event is refused at once): it must be short, and hand anything longer to an executor it names.
 */
public interface Publisher {

    /**
     * Queues {@code event} for the log.
     *
     * @param abandoned asked just before the event is produced: when it says true (its caller gave
     *     up, say on a timeout), the event is not produced, and the outcome says so
     * @param outcome {@code null} once the log has acknowledged the event (on every in-sync replica);
     *     otherwise why not
     */
    void publish(Envelope event, BooleanSupplier abandoned, Consumer<Unavailable> outcome);
}
