package io.csgate.gateway.hub;

import io.csgate.gateway.model.Outbox;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * This gateway's open sockets, by connection id, and the model's way out to them. The model
 * calls {@link #deliver} on the state thread; each event is serialized once, and only when at
 * least one of its recipients has a socket here. Sessions are registered and unregistered on the
 * state thread too (see {@link Attachments}), so a socket never misses or repeats a frame between
 * its catch-up and the live stream. Thread-safe for reads from other threads (heartbeats, metrics).
 */
public final class Hub implements Outbox {

    private final Map<UUID, Session> sessions = new ConcurrentHashMap<>();
    private final LongAdder framesSent = new LongAdder();

    @Override
    public void deliver(List<UUID> connIds, Map<String, Object> event) {
        Frame frame = null;
        for (UUID id : connIds) {
            Session s = sessions.get(id);
            if (s != null) {
                if (frame == null) {
                    frame = Frame.of(event);
                }
                if (s.send(frame)) {
                    framesSent.increment();
                }
            }
        }
    }

    /** The events as one frame, {@code [e1, e2, ...]}, serialized once for every socket here. */
    @Override
    public void deliverAll(List<UUID> connIds, List<Map<String, Object>> events) {
        Frame frame = null;
        for (UUID id : connIds) {
            Session s = sessions.get(id);
            if (s != null) {
                if (frame == null) {
                    frame = Frame.ofAll(events);
                }
                if (s.send(frame)) {
                    framesSent.increment();
                }
            }
        }
    }

    @Override
    public void close(UUID connId) {
        Session s = sessions.remove(connId);
        if (s != null) {
            s.close(CloseCodes.NORMAL, "");
        }
    }

    /** Registers a socket for a connection; a previous socket of the same connection is closed. */
    void register(UUID connId, Session session) {
        Session old = sessions.put(connId, session);
        if (old != null && old != session) {
            old.close(CloseCodes.NORMAL, "");
        }
    }

    /**
     * Unregisters if {@code session} is still the connection's socket (or the stand-in for it while
     * it catches up); true when it was.
     */
    boolean unregister(UUID connId, Session session) {
        Session now = sessions.get(connId);
        if (now instanceof CatchingUp c && c.target() == session) {
            return sessions.remove(connId, now);
        }
        return sessions.remove(connId, session);
    }

    /** Puts the real session in place of its stand-in, unless something else took the place; true when it did. */
    boolean replace(UUID connId, CatchingUp standIn) {
        return sessions.replace(connId, standIn, standIn.target());
    }

    /** Sends the {@code []} heartbeat to every socket here. */
    public void heartbeat() {
        sessions.values().forEach(Session::heartbeat);
    }

    /** Closes every socket here (shutdown, or this gateway lost Kafka). */
    public void closeAll(int code, String reason) {
        sessions.values().forEach(s -> s.close(code, reason));
    }

    public boolean isLocal(UUID connId) {
        return sessions.containsKey(connId);
    }

    public int size() {
        return sessions.size();
    }

    public long framesSent() {
        return framesSent.sum();
    }
}
