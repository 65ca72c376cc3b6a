package io.csgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.body.Bodies;
import io.csgate.common.body.DisconnectBody;
import io.csgate.common.body.SubscribeBody;
import io.csgate.common.body.UserStateBody;
import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Op;
import io.csgate.common.json.IsoTime;
import io.csgate.common.json.Json;
import io.csgate.gateway.http.Command.Prepared;
import io.csgate.gateway.model.ChannelstreamModel;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.time.Instant;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state-changing endpoints as {@link Command}s: each validates with the shared
 * {@link Bodies} rules, fills what the server chooses (ids, times) into the event body so every
 * replica applies the same values, and prechecks references against the current state.
 * Prechecks read the model, so they run on the state thread only.
 */
public final class Commands {

    private Commands() {}

    public static Command connect() {
        return simple(Op.CONNECT, (body, now) -> {
            ObjectNode b = object(body);
            Bodies.connect(b);
            if (!b.hasNonNull("conn_id")) {
                b.put("conn_id", UUID.randomUUID().toString());
            }
            return b;
        });
    }

    public static Command subscribe(ChannelstreamModel model, Op op) {
        return of(op, true, (exchange, body, now) -> {
            ObjectNode b = object(body);
            // conn_id may come from the query string when the body lacks it (docs/protocol.md §5.2).
            Deque<String> q = exchange.getQueryParameters().get("conn_id");
            if (!b.has("conn_id")) {
                // the reference's pre-load: query value, else null ("Field may not be null.")
                b.put("conn_id", q != null && !q.isEmpty() ? q.peekFirst() : null);
            }
            SubscribeBody s;
            try {
                s = Bodies.subscribe(b);
            } catch (ValidationException invalid) {
                // The reference checks the connection as part of validation: report both.
                UUID connId = parsedConnId(b, invalid);
                if (connId == null) {
                    throw invalid;
                }
                return new Prepared(b, () -> {
                    if (model.hasConnection(connId)) {
                        throw invalid;
                    }
                    Map<String, Object> errors = new LinkedHashMap<>();
                    errors.put("conn_id", List.of("Unknown connection"));
                    errors.putAll(invalid.errors());
                    throw new ValidationException(errors);
                });
            }
            return new Prepared(b, () -> {
                requireConnection(model, s.connId());
                return null;
            });
        });
    }

    public static Command userState(ChannelstreamModel model) {
        return of(Op.USER_STATE, true, (exchange, body, now) -> {
            ObjectNode b = object(body);
            UserStateBody u = Bodies.userState(b);
            return new Prepared(b, () -> {
                if (!model.hasUser(u.user())) {
                    throw ValidationException.field("user", "Unknown user");
                }
                return null;
            });
        });
    }

    /** POST /message: every item gets its uuid and timestamp here unless the caller chose them. */
    public static Command publish() {
        return simple(Op.MESSAGE, (body, now) -> {
            JsonNode b = body == null ? NullNode.getInstance() : body;
            Bodies.messages(b);
            for (JsonNode item : b) {
                ObjectNode o = (ObjectNode) item;
                if (!o.hasNonNull("uuid")) {
                    o.put("uuid", UUID.randomUUID().toString());
                }
                if (!o.hasNonNull("timestamp")) {
                    o.put("timestamp", IsoTime.format(now));
                }
            }
            return b;
        });
    }

    /** PATCH /message: {@code edited} defaults to now. */
    public static Command edit() {
        return simple(Op.MESSAGE_EDIT, (body, now) -> {
            JsonNode b = body == null ? NullNode.getInstance() : body;
            Bodies.edits(b);
            for (JsonNode item : b) {
                ObjectNode o = (ObjectNode) item;
                if (!o.hasNonNull("edited")) {
                    o.put("edited", IsoTime.format(now));
                }
            }
            return b;
        });
    }

    public static Command delete() {
        return simple(Op.MESSAGE_DELETE, (body, now) -> {
            JsonNode b = body == null ? NullNode.getInstance() : body;
            Bodies.deletes(b);
            return b;
        });
    }

    public static Command channelConfig() {
        return simple(Op.CHANNEL_CONFIG, (body, now) -> {
            ObjectNode b = object(body);
            Bodies.channelConfig(b);
            return b;
        });
    }

    /**
     * {@code /disconnect}: a client endpoint, any method; GET reads {@code conn_id} from the query
     * string, other methods from the JSON body. Answers {@code false} at once for an unknown
     * connection, otherwise {@code true} once the disconnect is applied.
     */
    public static Command disconnect(ChannelstreamModel model) {
        return of(Op.DISCONNECT, false, (exchange, body, now) -> {
            ObjectNode b;
            if (exchange.getRequestMethod().equals(Methods.GET)) {
                b = Json.mapper().createObjectNode();
                Deque<String> q = exchange.getQueryParameters().get("conn_id");
                if (q != null && !q.isEmpty()) {
                    b.put("conn_id", q.peekFirst());
                }
            } else {
                b = object(body);
            }
            DisconnectBody d = Bodies.disconnect(b);
            ObjectNode event = Json.mapper().createObjectNode().put("conn_id", d.connId().toString());
            return new Prepared(event, () -> model.hasConnection(d.connId()) ? null : Boolean.FALSE);
        });
    }

    /** The body's conn_id when it is itself valid although other fields are not; else null. */
    private static UUID parsedConnId(ObjectNode b, ValidationException invalid) {
        JsonNode c = b.get("conn_id");
        if (invalid.errors().containsKey("conn_id") || c == null || !c.isTextual()) {
            return null;
        }
        try {
            return UUID.fromString(c.textValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static void requireConnection(ChannelstreamModel model, UUID connId) {
        if (!model.hasConnection(connId)) {
            throw ValidationException.field("conn_id", "Unknown connection");
        }
    }

    /** The body as a mutable object; a missing body is {@code {}}, a non-object is 422. */
    static ObjectNode object(JsonNode body) {
        if (body == null) {
            return Json.mapper().createObjectNode();
        }
        if (body instanceof ObjectNode o) {
            return o;
        }
        throw ValidationException.field("_schema", "Invalid input type.");
    }

    interface Prep {
        JsonNode prepare(JsonNode body, Instant now);
    }

    /** What a command does with its request; see {@link Command#prepare}. */
    interface Preparation {
        Prepared prepare(HttpServerExchange exchange, JsonNode body, Instant now);
    }

    /** A signed command whose prepared body needs no look at the state. */
    private static Command simple(Op op, Prep prep) {
        return of(op, true, (exchange, body, now) -> Prepared.of(prep.prepare(body, now)));
    }

    private static Command of(Op op, boolean signed, Preparation preparation) {
        return new Command() {
            @Override
            public Op op() {
                return op;
            }

            @Override
            public boolean signed() {
                return signed;
            }

            @Override
            public Prepared prepare(HttpServerExchange exchange, JsonNode body, Instant now) {
                return preparation.prepare(exchange, body, now);
            }
        };
    }
}
