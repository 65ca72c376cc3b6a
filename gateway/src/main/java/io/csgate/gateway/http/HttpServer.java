package io.csgate.gateway.http;

import io.csgate.gateway.config.GatewayConfig;
import io.csgate.gateway.metrics.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The Undertow server: HTTP and websockets on {@code port}, and, when {@code management_port} is
 * set, a second listener for the operational paths. Built on XNIO directly rather than with
 * {@code Undertow.builder()} so that each listener's accepts go through a {@link ConnectionLimit}.
 * Every connection is bounded in time before a handler sees a request: {@code keepalive_timeout}
 * with no request in progress (Undertow's no-request timeout, never 0: that resets websocket
 * handshakes under load) and {@code header_timeout} to send a request's headers (Undertow's parse
 * timeout); {@link BodyLimitHandler} bounds the body.
 *
 * <p>Owns the XNIO worker: its IO threads run every handler and never block; handlers that must
 * wait dispatch to its worker pool or complete asynchronously.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** Connections the management listener holds at most, out of the reserved file descriptors. */
    static final int MANAGEMENT_MAX_CONNECTIONS = 100;

    private final XnioWorker worker;
    private final List<AcceptingChannel<StreamConnection>> channels = new ArrayList<>();
    private final List<ConnectionLimit> limits = new ArrayList<>();
    private boolean stopped;

    private HttpServer(XnioWorker worker) {
        this.worker = worker;
    }

    /**
     * Binds and starts. {@code port} 0 picks a free port (see {@link #port()}).
     *
     * @param management the handler of the management listener; used only when
     *     {@link GatewayConfig#managementListener()}
     */
    public static HttpServer start(GatewayConfig config, HttpHandler root, HttpHandler management,
                                   MeterRegistry registry) {
        int cores = Runtime.getRuntime().availableProcessors();
        XnioWorker worker;
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, Math.max(2, cores))
                    .set(Options.WORKER_TASK_CORE_THREADS, Math.max(16, cores * 8))
                    .set(Options.WORKER_TASK_MAX_THREADS, Math.max(16, cores * 8))
                    // XNIO would stop accepting at its high-water mark; ConnectionLimit refuses instead
                    .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                    .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the HTTP worker: " + e.getMessage(), e);
        }
        HttpServer server = new HttpServer(worker);
        try {
            OptionMap undertowOptions = OptionMap.builder()
                    .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                    .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                    .set(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                    .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(config.keepaliveTimeout()))
                    .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(config.headerTimeout()))
                    // bodies are bounded by BodyLimitHandler, which also drains refused ones past the limit
                    .set(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                    .getMap();
            ByteBufferPool buffers = buffers();
            long fdLimit = ConnectionLimit.fileDescriptorLimit();
            int max = ConnectionLimit.resolve(config.maxConnections(), fdLimit, GatewayConfig.RESERVED_FILE_DESCRIPTORS);
            server.listen("http", config.host(), config.port(), root, max, buffers, undertowOptions, registry);
            log.info("HTTP and websockets on {}:{}, at most {} connections (open-file limit {})", config.host(),
                    server.port(), max, fdLimit > 0 ? fdLimit : "unknown");
            if (config.managementListener()) {
                server.listen("management", config.managementBindHost(), config.managementPort(), management,
                        MANAGEMENT_MAX_CONNECTIONS, buffers, undertowOptions, registry);
                log.info("/metrics, /healthz, /readyz and /admin on {}:{} (management listener)",
                        config.managementBindHost(), server.managementPort());
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void listen(String name, String host, int port, HttpHandler root, int max, ByteBufferPool buffers,
                        OptionMap undertowOptions, MeterRegistry registry) {
        HttpOpenListener open = new HttpOpenListener(buffers, undertowOptions);
        open.setRootHandler(root);
        ConnectionLimit limit = new ConnectionLimit(name, max, open,
                registry.counter(Meters.HTTP_CONNECTIONS_REFUSED, "listener", name));
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 4096)
                .getMap();
        AcceptingChannel<StreamConnection> channel;
        try {
            channel = worker.createStreamConnectionServer(new InetSocketAddress(host, port), limit, socketOptions);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        channel.resumeAccepts();
        channels.add(channel);
        limits.add(limit);
        Gauge.builder(Meters.HTTP_CONNECTIONS, limit, ConnectionLimit::open).tag("listener", name).register(registry);
    }

    /** Undertow's own choice: 16 KB direct buffers, smaller ones on a small heap. */
    private static ByteBufferPool buffers() {
        long heap = Runtime.getRuntime().maxMemory();
        if (heap < 64L * 1024 * 1024) {
            return new DefaultByteBufferPool(false, 512, -1, 4);
        }
        if (heap < 128L * 1024 * 1024) {
            return new DefaultByteBufferPool(true, 1024, -1, 4);
        }
        // 20 bytes left for protocol headers (UNDERTOW-1209)
        return new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    /** The HTTP and websocket port. */
    public int port() {
        return portOf(0);
    }

    /** The management listener's port, or -1 when there is none. */
    public int managementPort() {
        return channels.size() > 1 ? portOf(1) : -1;
    }

    /** Client connections open on the HTTP port now. */
    public int openConnections() {
        return limits.get(0).open();
    }

    /** The HTTP port's connection limit in effect. */
    public int maxConnections() {
        return limits.get(0).max();
    }

    private int portOf(int i) {
        return channels.get(i).getLocalAddress(InetSocketAddress.class).getPort();
    }

    /** Stops serving; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        channels.forEach(IoUtils::safeClose);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
