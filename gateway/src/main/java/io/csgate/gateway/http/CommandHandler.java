package io.csgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Envelope;
import io.csgate.gateway.metrics.Meters;
import io.csgate.gateway.replica.Publisher;
import io.csgate.gateway.replica.ReadYourWrites;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.replica.Unavailable;
import io.csgate.gateway.replica.Waiter;
import io.csgate.gateway.trace.Hop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * The read-your-writes pipeline of every state-changing endpoint (docs/design.md §5):
 * auth → parse → validate (422, nothing produced) → precheck on the state thread → publish the
 * signed event ({@code acks=all}) → wait until this replica has applied it → answer with the
 * result computed at apply time. Kafka unavailable or too slow → 503 JSON within
 * {@code publish_timeout}. Every failure is answered by {@link Failures}.
 *
 * <p>Runs on the exchange's IO thread from start to answer and never blocks it: the body was read
 * before routing, parsing and validation are CPU work only, the precheck is a {@link StateQuery}
 * (state thread and back), the event is queued with {@link Publisher#publish} (which never
 * blocks), and the answer comes back to this IO thread through {@link ReadYourWrites}, batched per
 * applied chunk. The timeout is a timer on the IO thread. A request costs no worker-pool hand-off.
 */
public final class CommandHandler implements HttpHandler {

    private final Command command;
    private final ApiGuard guard;
    private final StateThread state;
    private final Publisher publisher;
    private final ReadYourWrites results;
    private final String origin;
    private final Duration timeout;
    private final Timer waitTimer;
    private final Clock clock;

    /**
     * @param origin this gateway's id, the origin of the events it publishes
     * @param timeout {@code publish_timeout}: the longest wait for the state thread and for the apply
     */
    public CommandHandler(Command command, ApiGuard guard, StateThread state, Publisher publisher,
                          ReadYourWrites results, String origin, Duration timeout, MeterRegistry registry) {
        this.command = command;
        this.guard = guard;
        this.state = state;
        this.publisher = publisher;
        this.results = results;
        this.origin = origin;
        this.timeout = timeout;
        this.waitTimer = Timer.builder(Meters.PUBLISH_WAIT).tag("op", command.op().wireName())
                .publishPercentiles(0.5, 0.99).register(registry);
        this.clock = Clock.systemUTC();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (command.signed()) {
            guard.check(exchange);
        }
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, bytes) -> Failures.guard(ex, () -> withBody(ex, bytes)).run(),
                (ex, e) -> Failures.answer(ex, RequestJson.UNREADABLE));
    }

    private void withBody(HttpServerExchange exchange, byte[] bytes) {
        Hop body = Hop.on() ? new Hop() : null;
        if (body != null) {
            body.begin();
        }
        Instant now = clock.instant();
        Command.Prepared prepared = command.prepare(exchange, RequestJson.parse(bytes), now);
        if (prepared.precheck() == null) {
            publishAndAnswer(exchange, prepared.body(), now, body);
            return;
        }
        StateQuery.run(exchange, state, timeout, prepared.precheck(), (ex, early) -> {
            if (early != null) {
                command.answer(ex, early);
            } else {
                publishAndAnswer(ex, prepared.body(), now, body);
            }
        });
    }

    /** On the exchange's IO thread; {@code bodyHop} is the body's {@link Hop}, null when none is recorded. */
    private void publishAndAnswer(HttpServerExchange exchange, JsonNode body, Instant now, Hop bodyHop) {
        String id = UUID.randomUUID().toString();
        if (bodyHop != null) {
            bodyHop.commitAt(Hop.HTTP_BODY, id);
        }
        Envelope event = Envelope.of(id, command.op(), now, origin, body);
        long started = System.nanoTime();
        XnioIoThread io = exchange.getIoThread();
        XnioExecutor.Key[] timer = new XnioExecutor.Key[1];
        Waiter waiter = results.expect(id, io, (result, error) -> { // on this IO thread
            if (timer[0] != null) {
                timer[0].remove();
            }
            waitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            Hop.at(Hop.ANSWERING, id);
            Failures.guard(exchange, () -> {
                if (error != null) {
                    Failures.answer(exchange, error);
                } else {
                    command.answer(exchange, result);
                }
            }).run();
            Hop.at(Hop.ANSWERED, id);
        });
        // Keep the exchange open after this handler returns; the answer is written when applied.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { });
        Hop.at(Hop.QUEUED, id);
        publisher.publish(event, waiter::done, error -> { // on the thread that learned it: only the hand-back
            if (error != null) {
                waiter.fail(error, false);
            }
        });
        timer[0] = io.executeAfter(() -> waiter.fail(Unavailable.notAppliedWithin(timeout), true), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
