package io.csgate.common.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every state-changing operation, one per event type. The wire name is what the envelope's
 * {@code op} field carries. The body of an API operation is the JSON a REST caller would send.
 */
public enum Op {
    CONNECT("connect"),
    SUBSCRIBE("subscribe"),
    UNSUBSCRIBE("unsubscribe"),
    DISCONNECT("disconnect"),
    USER_STATE("user_state"),
    CHANNEL_CONFIG("channel_config"),
    /** Body: the JSON array of {@code POST /message}. */
    MESSAGE("message"),
    /** Body: the JSON array of {@code PATCH /message}. */
    MESSAGE_EDIT("message_edit"),
    /** Body: the JSON array of {@code DELETE /message}. */
    MESSAGE_DELETE("message_delete"),
    /** Gateway lifecycle: a socket for {@code conn_id} is attached on the origin gateway. */
    SOCKET_ATTACHED("socket_attached"),
    /** Gateway lifecycle: the origin gateway is alive. */
    GATEWAY_HEARTBEAT("gateway_heartbeat"),
    /** Gateway lifecycle: the gateway named in the body is down; its connections are dropped. */
    GATEWAY_DOWN("gateway_down"),
    /**
     * Housekeeping: the listed users, if still without connections and idle since before
     * {@code idle_before}, are forgotten (the reference's one-day user GC).
     */
    USERS_EXPIRED("users_expired"),
    /**
     * Admin: the admin session named in the body signed out; every gateway refuses its cookie
     * until {@code expires}, when the cookie would have expired anyway.
     */
    ADMIN_SIGNED_OUT("admin_signed_out");

    private static final Map<String, Op> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(Op::wireName, Function.identity()));

    private final String wireName;

    Op(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Op> fromWire(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
