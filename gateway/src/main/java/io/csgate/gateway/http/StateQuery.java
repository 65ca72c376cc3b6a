package io.csgate.gateway.http;

import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.replica.Unavailable;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * Work for the state thread on behalf of an exchange, continued on the exchange's own IO thread:
 * the hop there and back that {@code /info}, the admin page and the commands' prechecks make. No
 * thread waits: the exchange stays open until the continuation answers it, and a timer on the IO
 * thread answers 503 when the state thread has not answered within {@code timeout}. Whatever
 * {@code work} or the continuation throws is answered by {@link Failures}.
 */
public final class StateQuery {

    private StateQuery() {}

    /**
     * Runs {@code work} on the state thread, then {@code then} with its result on the exchange's IO
     * thread (unless the timeout answered first). Call on the exchange's IO thread.
     */
    public static <T> void run(HttpServerExchange exchange, StateThread state, Duration timeout, Supplier<T> work,
                               BiConsumer<HttpServerExchange, T> then) {
        XnioIoThread io = exchange.getIoThread();
        AtomicBoolean answered = new AtomicBoolean();
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { }); // open after the handler returns
        XnioExecutor.Key timer = io.executeAfter(() -> {
            if (answered.compareAndSet(false, true)) {
                Failures.answer(exchange, Unavailable.stateThreadSilent(timeout));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        // completes on the state thread: the only thing done there is the hop to the IO thread
        state.call(work).whenComplete((result, error) -> io.execute(Failures.guard(exchange, () -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            timer.remove();
            if (error != null) {
                Failures.answer(exchange, error);
            } else {
                then.accept(exchange, result);
            }
        })));
    }
}
