package io.csgate.gateway.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.Gateway;
import io.csgate.gateway.config.ConfigLoader;
import io.csgate.gateway.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * A gateway whose start is awaited on a thread of its own, for tests of what a gateway does while
 * Kafka does not serve it: {@code /readyz} on its port, and every log event of that thread and of
 * the Kafka clients it made (their threads carry its client ids). {@link #close} interrupts the
 * start, which closes what it opened.
 */
public final class StartingGateway implements AutoCloseable {

    private final GatewayConfig config;
    private final Thread thread;
    private final CompletableFuture<Gateway> started = new CompletableFuture<>();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private StartingGateway(GatewayConfig config) {
        this.config = config;
        this.thread = new Thread(() -> {
            try {
                started.complete(Gateway.start(config));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "starting-" + config.gatewayId());
        events.start();
        root.addAppender(events);
        thread.start();
    }

    /** Starts a gateway on {@code topic} with {@code overrides} (see {@link TestGateway#values}) on a free port. */
    public static StartingGateway start(String topic, Map<String, String> overrides) {
        Map<String, String> values = new java.util.HashMap<>(overrides);
        values.put("port", Integer.toString(SecuredKafka.freePort()));
        return new StartingGateway(ConfigLoader.fromValues(TestGateway.values(topic, values)));
    }

    public String url() {
        return "http://127.0.0.1:" + config.port();
    }

    public ApiClient client() {
        return new ApiClient(url(), TestGateway.SECRET);
    }

    /** {@code /readyz}: status and body; status 0 while nothing answers yet. */
    public ApiClient.Answer readyz() {
        try {
            return client().call("GET", "/readyz", null, false);
        } catch (RuntimeException e) {
            return new ApiClient.Answer(0, null, e.toString(), "");
        }
    }

    /** The {@code kafka_error} of {@code /readyz}, or "" while there is none. */
    public String kafkaError() {
        JsonNode j = readyz().json();
        return j == null ? "" : j.path("kafka_error").asText("");
    }

    public int attempts() {
        JsonNode j = readyz().json();
        return j == null ? 0 : j.path("kafka_attempts").asInt(0);
    }

    /** Formatted log lines of the starting thread and of this gateway's Kafka clients, with any stack trace. */
    public List<String> logLines() {
        String id = "csgate-" + config.gatewayId() + "-";
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(events.list)) {
            if (e.getThreadName().equals(thread.getName()) || e.getThreadName().contains(id)
                    || e.getFormattedMessage().contains(id)) {
                out.add(e.getLevel() + " " + e.getLoggerName() + " [" + e.getThreadName() + "] "
                        + e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                        : "\n\tthrown: " + e.getThrowableProxy().getClassName()));
            }
        }
        return out;
    }

    /** The start's outcome, once it has one. */
    public CompletableFuture<Gateway> started() {
        return started;
    }

    public GatewayConfig config() {
        return config;
    }

    @Override
    public void close() {
        root.detachAppender(events);
        thread.interrupt();
        try {
            started.handle((g, e) -> {
                if (g != null) {
                    g.close();
                }
                return null;
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the start did not end within 30 s of its interruption", e);
        }
    }
}
