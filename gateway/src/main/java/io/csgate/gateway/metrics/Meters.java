package io.csgate.gateway.metrics;

/**
 * Every meter name of the gateway, with one prefix. Tags never carry channel, user or connection
 * ids (cardinality); only small closed sets such as {@code op}, {@code reason} or {@code status}.
 */
public final class Meters {

    public static final String PREFIX = "csgate.";

    /** Counter, tag {@code op}: events applied by this replica. */
    public static final String EVENTS_APPLIED = PREFIX + "events.applied";
    /** Counter, tag {@code reason} (signature, decode, invalid, duplicate): records skipped. */
    public static final String RECORDS_REJECTED = PREFIX + "records.rejected";
    /** Counter, tag {@code op}, {@code outcome}: events this gateway produced. */
    public static final String EVENTS_PUBLISHED = PREFIX + "events.published";
    /** Timer: REST produce-to-applied latency (read-your-writes wait). */
    public static final String PUBLISH_WAIT = PREFIX + "publish.wait";
    /** Gauge: records between this replica's position and the log end. */
    public static final String LOG_LAG = PREFIX + "log.lag";
    /** Gauge: local websocket sessions. */
    public static final String SESSIONS = PREFIX + "sessions";
    /** Counter: frames written to local sockets. */
    public static final String FRAMES_SENT = PREFIX + "frames.sent";
    /** Counter, tag {@code reason}: sockets this gateway closed (slow, gc, replaced, ...). */
    public static final String SESSIONS_CLOSED = PREFIX + "sessions.closed";
    /** Counter: messages to channels that do not exist (decisions #5). */
    public static final String MESSAGES_DROPPED = PREFIX + "messages.dropped.no_channel";
    /** Counter, tag {@code status}: HTTP answers by status class. */
    public static final String HTTP_RESPONSES = PREFIX + "http.responses";
    /** Gauge: users this replica remembers, idle ones included (until {@code gc_users_after}). */
    public static final String USERS = PREFIX + "users";

    private Meters() {}
}
