package io.csgate.bench.storm;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpResponse;
import io.csgate.bench.latency.Stamp;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.DeadlineExceededException;
import io.csgate.bench.run.Target;
import io.csgate.bench.ws.WsClient;
import io.csgate.bench.ws.WsClientConfig;
import io.csgate.bench.ws.WsConnection;
import io.csgate.bench.ws.WsListener;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Every client of the storm and its socket, in this process: the victim's clients (tags
 * {@code 0..victims-1}) and the survivors' (the rest, spread round-robin over them). Opens them,
 * routes what their sockets receive, and hands each victim client whose socket closes after the
 * kill to {@code onVictimClosed}. Thread-safe; owns the websocket client's selector threads until
 * {@link #close()}.
 */
final class StormFleet implements WsListener, AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final List<Target> targets;
    private final StormClient[] clients;
    private final WsClient ws;
    private final Deadline deadline;
    private final boolean presence;
    private volatile Consumer<StormClient> onVictimClosed = c -> {};
    private volatile boolean killed;
    private volatile boolean closing;
    private final AtomicInteger closedBeforeKill = new AtomicInteger();
    private final AtomicInteger survivorsClosed = new AtomicInteger();
    private final AtomicInteger reclosed = new AtomicInteger();
    private final LongAdder others = new LongAdder();
    private final AtomicReference<String> firstReclose = new AtomicReference<>();
    private final AtomicReference<String> firstSurvivorClose = new AtomicReference<>();

    /**
     * @param targets the victim first, then the survivors
     * @param presence channels announce joins and parts ({@code notify_presence})
     */
    StormFleet(List<Target> targets, String runId, int victims, int survivors, int channels, boolean presence,
               WsClientConfig config, Deadline deadline) {
        this.targets = List.copyOf(targets);
        this.deadline = deadline;
        this.presence = presence;
        this.clients = new StormClient[victims + survivors];
        for (int i = 0; i < clients.length; i++) {
            boolean victim = i < victims;
            int gateway = victim ? 0 : 1 + (i - victims) % (targets.size() - 1);
            clients[i] = new StormClient(i, "bench-" + runId + (victim ? "-v" : "-s") + i,
                    "bench-" + runId + "-c" + (i % channels), victim, gateway);
        }
        this.ws = new WsClient(config);
    }

    StormClient[] clients() {
        return clients;
    }

    Target target(int gateway) {
        return targets.get(gateway);
    }

    int gateways() {
        return targets.size();
    }

    void onVictimClosed(Consumer<StormClient> handler) {
        this.onVictimClosed = handler;
    }

    /** From now on a victim's closed socket is the storm, not an error. */
    void killed() {
        killed = true;
    }

    /**
     * Opens every client ({@code POST /connect} on its gateway, then the socket), {@code concurrency}
     * at a time per gateway. Throws when a client cannot be opened: the storm needs all of them.
     */
    void open(String secret, int concurrency) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<ChannelstreamApi> apis = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            for (Target t : targets) {
                apis.add(new ChannelstreamApi(t, secret, concurrency, REQUEST_TIMEOUT, deadline));
            }
            int n = Math.min(clients.length, concurrency * targets.size());
            for (int i = 0; i < n; i++) {
                Thread th = new Thread(() -> {
                    int k;
                    while (failure.get() == null && (k = next.getAndIncrement()) < clients.length) {
                        try {
                            openOne(clients[k], apis.get(clients[k].gateway));
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        } catch (InterruptedException e) {
                            failure.compareAndSet(null, new DeadlineExceededException("interrupted while opening"));
                            return;
                        }
                    }
                }, "bench-storm-open-" + i);
                th.setDaemon(true);
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join(Math.max(1, deadline.remainingMillis()));
                if (th.isAlive()) {
                    failure.compareAndSet(null, new DeadlineExceededException("deadline reached while opening"));
                }
            }
        } finally {
            threads.forEach(Thread::interrupt);
            apis.forEach(ChannelstreamApi::close);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** The client's {@code POST /connect} body: its user, its channel (with presence when asked). */
    byte[] connectBody(StormClient c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", c.user);
        body.put("channels", List.of(c.channel));
        if (presence) {
            body.put("channel_configs", Map.of(c.channel, Map.of("notify_presence", true)));
        }
        return Json.bytes(body);
    }

    /** POST /connect; the new conn_id, or a BenchException saying what came back. */
    String connect(ChannelstreamApi api, StormClient c) throws InterruptedException {
        HttpResponse r = api.post("/connect", connectBody(c));
        if (r.status() != 200) {
            throw new BenchException("status " + r.status() + ": " + r.excerpt(120));
        }
        String id;
        try {
            id = ChannelstreamApi.connId(r.body());
        } catch (IOException e) {
            id = null;
        }
        if (id == null) {
            throw new BenchException("no conn_id: " + r.excerpt(120));
        }
        return id;
    }

    private void openOne(StormClient c, ChannelstreamApi api) throws InterruptedException {
        String connId = connect(api, c);
        Target t = targets.get(c.gateway);
        try {
            ws.connect(t.socketAddress(), t.hostHeader(), "/ws?conn_id=" + connId, this, c.tag)
                    .get(deadline.cap(REQUEST_TIMEOUT).toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            deadline.check("opening sockets");
            throw new BenchException("client " + c.user + " could not open its socket on " + t.base() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : "timed out"));
        }
    }

    /** Opens a socket for {@code connId} on {@code gateway}; the client's socket once it is open. */
    CompletableFuture<WsConnection> reopen(StormClient c, int gateway, String connId) {
        Target t = targets.get(gateway);
        return ws.connect(t.socketAddress(), t.hostHeader(), "/ws?conn_id=" + connId, this, c.tag);
    }

    @Override
    public void onOpen(WsConnection connection) {
        StormClient c = clients[connection.tag()];
        if (killed && c.victim) {
            c.openAgain = System.nanoTime();
        }
        c.socket = connection;
    }

    @Override
    public void onText(WsConnection connection, byte[] data, int offset, int length) {
        if (Stamp.time(data, offset, length) != Stamp.ABSENT) {
            clients[connection.tag()].message(connection, System.nanoTime());
        } else if (length > 2) {
            others.increment();
        }
    }

    /** Frames that were neither heartbeats nor the publisher's messages (presence, catch-up ...). */
    long others() {
        return others.sum();
    }

    @Override
    public void onClose(WsConnection connection, int code, String reason) {
        StormClient c = clients[connection.tag()];
        if (closing || connection != c.socket) {
            return;
        }
        c.closedAt = System.nanoTime();
        c.closeCode = code;
        c.closeReason = reason;
        if (c.victim && killed) {
            if (c.openAgain != 0) {
                // a survivor closed a socket it had taken over: as bad as closing one of its own
                reclosed.incrementAndGet();
                firstReclose.compareAndSet(null, c.user + " on " + targets.get(c.gateway).base() + ": code "
                        + code + ", " + reason);
                c.openAgain = 0;
                c.receivingAgain = 0;
            }
            onVictimClosed.accept(c);
        } else if (c.victim) {
            closedBeforeKill.incrementAndGet();
        } else {
            survivorsClosed.incrementAndGet();
            firstSurvivorClose.compareAndSet(null, c.user + " on " + targets.get(c.gateway).base() + ": code "
                    + code + ", " + reason);
        }
    }

    int closedBeforeKill() {
        return closedBeforeKill.get();
    }

    int survivorsClosed() {
        return survivorsClosed.get();
    }

    int reclosed() {
        return reclosed.get();
    }

    String firstReclose() {
        return firstReclose.get();
    }

    String firstSurvivorClose() {
        return firstSurvivorClose.get();
    }

    int openNow() {
        return ws.openCount();
    }

    @Override
    public void close() {
        closing = true;
        ws.close();
    }
}
