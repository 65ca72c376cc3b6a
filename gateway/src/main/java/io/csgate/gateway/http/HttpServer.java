package io.csgate.gateway.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * The Undertow server: HTTP and websockets on one port. IO threads never block; handlers that
 * must wait dispatch to the worker pool or complete asynchronously.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Undertow undertow;
    private boolean stopped;

    private HttpServer(Undertow undertow) {
        this.undertow = undertow;
    }

    /** Binds and starts; {@code port} 0 picks a free port (see {@link #port()}). */
    public static HttpServer start(String host, int port, HttpHandler root) {
        int cores = Runtime.getRuntime().availableProcessors();
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(Math.max(2, cores))
                .setWorkerThreads(Math.max(16, cores * 8))
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setSocketOption(Options.BACKLOG, 4096)
                .setSocketOption(Options.TCP_NODELAY, true)
                .setHandler(root)
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        HttpServer server = new HttpServer(undertow);
        log.info("HTTP and websockets on {}:{}", host, server.port());
        return server;
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Stops serving; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (!stopped) {
            stopped = true;
            undertow.stop();
        }
    }
}
