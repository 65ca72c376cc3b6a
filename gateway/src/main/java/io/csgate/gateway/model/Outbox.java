package io.csgate.gateway.model;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How the model reaches sockets; implemented by the local hub. Called only from the applier thread,
 * while an event is being applied. Connection ids may name connections whose socket lives on
 * another gateway, or nowhere yet: the hub ignores those.
 */
public interface Outbox {

    /**
     * One event for many connections. The map is never mutated afterwards: the hub serializes it
     * once as the one-element JSON array {@code [event]}.
     */
    void deliver(List<UUID> connIds, Map<String, Object> event);

    /**
     * Several events, in order, for the same connections, as one frame {@code [e1, e2, ...]} where
     * the transport can (a frame is a JSON array of events); the maps are never mutated afterwards.
     * By default, one {@link #deliver} per event.
     */
    default void deliverAll(List<UUID> connIds, List<Map<String, Object>> events) {
        for (Map<String, Object> e : events) {
            deliver(connIds, e);
        }
    }

    /** The connection was removed (or replaced): close its socket, if any, with 1000. */
    void close(UUID connId);
}
