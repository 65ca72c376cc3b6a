package io.csgate.gateway.admin;

import io.csgate.gateway.http.Failures;
import io.csgate.gateway.http.Responses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/**
 * {@code GET /admin/debug}: a text dump of this JVM's threads, the counterpart of the reference's
 * greenlet dump. Runs on a worker thread (a dump walks every stack).
 */
final class DebugHandler implements HttpHandler {

    private static final String RULE = "*".repeat(80);

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(Failures.guard(this));
            return;
        }
        StringBuilder b = new StringBuilder(RULE).append("\n* Threads\n").append(RULE).append('\n');
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            b.append("Thread ").append(t.getThreadId()).append(" \"").append(t.getThreadName()).append("\" ")
                    .append(t.getThreadState()).append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                b.append("    at ").append(e).append('\n');
            }
            b.append('\n');
        }
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        Responses.text(exchange, 200, "text/plain; charset=UTF-8", b.toString());
    }
}
