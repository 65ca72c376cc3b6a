package io.csgate.gateway.hub;

import io.csgate.common.event.Op;
import io.csgate.common.json.Json;
import io.csgate.gateway.model.ChannelstreamModel;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaching and detaching sockets. Both run on the state thread, so the catch-up of a new socket
 * and the live events after it form one exact sequence (by log position, not by clock), whichever
 * gateway answered the {@code /connect}. Attaching produces {@code socket_attached} (this gateway
 * now owns the connection); a socket the client closes produces {@code disconnect}.
 */
public final class Attachments {

    private static final Logger log = LoggerFactory.getLogger(Attachments.class);

    private final Hub hub;
    private final StateThread state;
    private final ChannelstreamModel model;
    private final EventEmitter emitter;

    public Attachments(Hub hub, StateThread state, ChannelstreamModel model, EventEmitter emitter) {
        this.hub = hub;
        this.state = state;
        this.model = model;
        this.emitter = emitter;
    }

    /**
     * Attaches {@code session} to the connection and sends its catch-up frames, each in its own
     * array. Completes with false when the connection does not exist (the caller closes with 1000).
     */
    public CompletableFuture<Boolean> attach(UUID connId, Session session) {
        return state.call(() -> {
            if (!model.hasConnection(connId) || !session.isOpen()) {
                return false;
            }
            hub.register(connId, session);
            for (Map<String, Object> frame : model.catchup(connId, model.connectionSeq(connId))) {
                session.send(Json.text(List.of(frame)));
            }
            return true;
        }).thenApply(attached -> {
            if (attached) {
                emit(Op.SOCKET_ATTACHED, connId);
            }
            return attached;
        });
    }

    /** The socket closed (client, network, or us): the connection goes, unless it was replaced. */
    public void closed(UUID connId, Session session) {
        state.call(() -> hub.unregister(connId, session)).thenAccept(wasCurrent -> {
            if (wasCurrent) {
                emit(Op.DISCONNECT, connId);
            }
        });
    }

    private void emit(Op op, UUID connId) {
        emitter.emit(op, Map.of("conn_id", connId.toString())).exceptionally(e -> {
            log.warn("could not produce {} for {}: {}", op.wireName(), connId, e.toString());
            return null;
        });
    }
}
