package io.csgate.gateway.http;

import io.csgate.gateway.metrics.RateLimitedLog;
import io.csgate.gateway.metrics.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every request body before routing, so no handler ever waits on a client: the body is
 * bounded in size ({@code max_body_bytes}: 413), in time ({@code body_timeout}: the connection is
 * closed) and, across all requests of the process, in memory (503 while more than a share of the
 * heap is held by bodies still arriving). A body declared too large is refused before a byte is
 * read; a chunked one as soon as it grows past the limit. A refusal is answered with a JSON body
 * and {@code Connection: close}, then what the client still sends is read and dropped for a while
 * before the connection is closed, so the client reads the answer instead of a TCP reset. One log
 * line per refusal (rate-limited), never a stack trace. Handlers then read the buffered body as
 * usual (Undertow's {@code Connectors.ungetRequestBytes}). Runs on IO threads; never blocks.
 */
final class BodyLimitHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(BodyLimitHandler.class);

    private final long max;
    private final Duration timeout;
    private final Budget budget;
    private final HttpHandler next;
    private final MeterRegistry registry;
    private final RateLimitedLog refusals = new RateLimitedLog(log, 10_000);

    BodyLimitHandler(long max, Duration timeout, Budget budget, MeterRegistry registry, HttpHandler next) {
        this.max = max;
        this.timeout = timeout;
        this.budget = budget;
        this.registry = registry;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isRequestComplete()) {
            next.handleRequest(exchange);
            return;
        }
        new BodyRead(this, exchange).start();
    }

    long max() {
        return max;
    }

    Duration timeout() {
        return timeout;
    }

    Budget budget() {
        return budget;
    }

    HttpHandler next() {
        return next;
    }

    /** Counts a refusal and logs it in one line. */
    void refused(String reason, HttpServerExchange exchange, String why) {
        registry.counter(Meters.HTTP_REQUESTS_REFUSED, "reason", reason).increment();
        refusals.warn("{} {} from {}: {}", exchange.getRequestMethod(), exchange.getRequestPath(),
                ApiGuard.address(exchange.getSourceAddress()), why);
    }

    /**
     * Bytes of request bodies held in memory by all requests still arriving, at most {@code limit}:
     * many slow clients each sending a body just under {@code max_body_bytes} must not fill the
     * heap. Thread-safe.
     */
    static final class Budget {
        private final long limit;
        private final AtomicLong held = new AtomicLong();

        Budget(long limit) {
            this.limit = limit;
        }

        /** An eighth of the heap, and at least two of the largest bodies. */
        static Budget forHeap(long maxBodyBytes) {
            return new Budget(Math.max(2 * maxBodyBytes, Runtime.getRuntime().maxMemory() / 8));
        }

        boolean take(long bytes) {
            if (held.addAndGet(bytes) > limit) {
                held.addAndGet(-bytes);
                return false;
            }
            return true;
        }

        void give(long bytes) {
            held.addAndGet(-bytes);
        }

        long held() {
            return held.get();
        }

        long limit() {
            return limit;
        }
    }
}
