package io.csgate.gateway.testing;

import static org.awaitility.Awaitility.await;

import io.csgate.gateway.Gateway;
import io.csgate.gateway.config.ConfigLoader;
import io.csgate.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gateway in the test JVM: real Undertow on a free port, real Kafka (the shared embedded
 * broker), its own topic unless told otherwise. {@link #start} returns once {@code /readyz} would
 * answer 200.
 */
public final class TestGateway implements AutoCloseable {

    public static final String SECRET = "test-secret";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Gateway gateway;
    private final GatewayConfig config;

    private TestGateway(Gateway gateway, GatewayConfig config) {
        this.gateway = gateway;
        this.config = config;
    }

    /** A gateway on a fresh topic of its own. */
    public static TestGateway start() {
        return start("test-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet(), Map.of());
    }

    /** A gateway on {@code topic}; gateways sharing a topic form one cluster. */
    public static TestGateway start(String topic, Map<String, String> overrides) {
        return start(ConfigLoader.fromValues(values(topic, overrides)));
    }

    /**
     * The settings of {@link #start(String, Map)}: the test secret, the shared broker unless
     * {@code overrides} name another, {@code topic}, a free port on 127.0.0.1, a fresh data folder.
     */
    public static Map<String, String> values(String topic, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("secret", SECRET);
        if (!overrides.containsKey("kafka_bootstrap_servers")) {
            values.put("kafka_bootstrap_servers", EmbeddedKafkaExtension.bootstrapServers());
        }
        values.put("kafka_topic", topic);
        values.put("host", "127.0.0.1");
        values.put("port", "0");
        values.put("gateway_id", "gw-" + COUNTER.incrementAndGet());
        values.put("publish_timeout", "10");
        try {
            values.put("data_dir", Files.createTempDirectory("csgate-gw").toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        values.putAll(overrides);
        return values;
    }

    /** {@link #values} as {@code CHANNELSTREAM_*} variables, for configuration by environment. */
    public static Map<String, String> environment(String topic, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        values(topic, overrides).forEach((k, v) -> env.put("CHANNELSTREAM_" + k.toUpperCase(java.util.Locale.ROOT), v));
        return env;
    }

    /**
     * A gateway with {@code config}; returns once it is ready. A gateway that Kafka does not serve
     * waits for it for ever, so the start is bounded here: after 60 s it is abandoned and the test
     * fails (the log of ClusterCheck says why).
     */
    public static TestGateway start(GatewayConfig config) {
        CompletableFuture<Gateway> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                started.complete(Gateway.start(config));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "test-start-" + config.gatewayId());
        starter.start();
        Gateway gateway;
        try {
            gateway = started.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            starter.interrupt();
            throw new AssertionError("gateway " + config.gatewayId() + " did not start within 60 s: Kafka does not"
                    + " serve it (ClusterCheck logged why)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            starter.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        TestGateway g = new TestGateway(gateway, config);
        await().atMost(Duration.ofSeconds(30)).until(gateway.readiness()::ready);
        return g;
    }

    public String url() {
        return gateway.url();
    }

    public String wsUrl() {
        return url().replace("http://", "ws://");
    }

    public GatewayConfig config() {
        return config;
    }

    public Gateway gateway() {
        return gateway;
    }

    public ApiClient client() {
        return new ApiClient(url(), SECRET);
    }

    public Path dataDir() {
        return config.dataDir();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
