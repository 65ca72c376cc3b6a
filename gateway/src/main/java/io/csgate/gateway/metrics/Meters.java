package io.csgate.gateway.metrics;

import io.csgate.common.event.Op;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every meter name of the gateway, with one prefix. Tags never carry channel, user or connection
 * ids (cardinality); only small closed sets such as {@code op}, {@code reason} or {@code status}.
 *
 * <p>Each name has a help text in {@link #HELP} (the {@code # HELP} line of {@code /metrics}), and
 * each counter whose tag values form a known set lists them in {@link #KNOWN_SERIES}: those series
 * exist at zero from start, so an alert on a reason that has not happened yet has a series to
 * watch. A new meter or tag value is added here too; {@code MetricsEndpointTest} checks both.
 */
public final class Meters {

    public static final String PREFIX = "csgate.";

    /** Counter, tag {@code op}: events applied by this replica. */
    public static final String EVENTS_APPLIED = PREFIX + "events.applied";
    /** Counter, tag {@code reason} ({@link #REJECT_REASONS}): records skipped. */
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
    /** Counter, tag {@code reason} ({@link #CLOSE_REASONS}): sockets this gateway closed. */
    public static final String SESSIONS_CLOSED = PREFIX + "sessions.closed";
    /** Counter: messages to channels that do not exist (docs/protocol.md §14 #5). */
    public static final String MESSAGES_DROPPED = PREFIX + "messages.dropped.no_channel";
    /** Gauge, tag {@code listener} (http, management): open client connections. */
    public static final String HTTP_CONNECTIONS = PREFIX + "http.connections";
    /** Counter, tag {@code listener}: connections closed at accept because max_connections were open. */
    public static final String HTTP_CONNECTIONS_REFUSED = PREFIX + "http.connections.refused";
    /** Counter, tag {@code reason} ({@link #REFUSE_REASONS}): requests refused before a handler saw them. */
    public static final String HTTP_REQUESTS_REFUSED = PREFIX + "http.requests.refused";
    /** Counter: requests answered 500 because of an unexpected exception (each logged with its id). */
    public static final String HTTP_ERRORS = PREFIX + "http.errors";
    /**
     * Gauge: bytes of events waiting for this gateway's websockets (what their
     * {@code max_queued_bytes} budgets count; frames shared by several sockets are counted once
     * per socket).
     */
    public static final String WEBSOCKET_QUEUED_BYTES = PREFIX + "websocket.queued.bytes";
    /**
     * Counter, seconds: time the log reader waited because websockets that keep up were far behind
     * (a burst waiting in Kafka instead of in memory).
     */
    public static final String LOG_HELD_BACK = PREFIX + "log.held.back";
    /** Gauge: users this replica remembers, idle ones included (until {@code gc_users_after}). */
    public static final String USERS = PREFIX + "users";
    /** Counter, tag {@code outcome} ({@link #RESUME_OUTCOMES}): catch-ups from a log position. */
    public static final String RESUMES = PREFIX + "resumes";
    /** Counter: events sent to clients by catch-ups from a log position. */
    public static final String CATCHUP_EVENTS = PREFIX + "catchup.events";

    /** Values of the {@code reason} tag of {@link #RECORDS_REJECTED}, as the applier counts them. */
    public static final List<String> REJECT_REASONS =
            List.of("unsigned", "signature", "decode", "invalid", "duplicate", "error",
                    "unknown_key", "revoked_key", "untimed", "out_of_window");
    /** Values of the {@code reason} tag of {@link #SESSIONS_CLOSED}. */
    public static final List<String> CLOSE_REASONS =
            List.of("slow", "normal", "shutdown", "bad_conn_id", "gateway_unavailable", "other");
    /** Values of the {@code reason} tag of {@link #HTTP_REQUESTS_REFUSED}. */
    public static final List<String> REFUSE_REASONS =
            List.of("body_too_large", "body_timeout", "bodies_busy", "sign_in_rate");
    /** Values of the {@code outcome} tag of {@link #EVENTS_PUBLISHED}. */
    public static final List<String> PUBLISH_OUTCOMES = List.of("ok", "error");
    /**
     * How a catch-up from a log position ended: refused (/connect answered resumed false),
     * delivered, gone (the log no longer held its start), cut (the client went, or a long poll
     * filled), failed (Kafka failed or too many waited: the socket is closed, 4002).
     */
    public static final List<String> RESUME_OUTCOMES = List.of("refused", "delivered", "gone", "cut", "failed");

    /** The {@code # HELP} text of every meter, by name. */
    static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(EVENTS_APPLIED, "Events this replica applied to its model, by operation."),
            Map.entry(RECORDS_REJECTED, "Records of the event topic this replica skipped, by reason:"
                    + " unsigned or bad signature, undecodable, invalid body, duplicate event id, an"
                    + " error while applying, a key name no gateway knows (unknown_key), a key retired"
                    + " before the record was appended (revoked_key), no envelope time on a log-append-time"
                    + " topic (untimed), or an envelope time too far from the append time or not after the"
                    + " replay floor, e.g. a copy of an old record produced again (out_of_window)."),
            Map.entry(EVENTS_PUBLISHED, "Events this gateway produced to the event topic, by operation"
                    + " and outcome (ok: acknowledged by Kafka)."),
            Map.entry(PUBLISH_WAIT, "Time a state-changing REST call waited from producing its event"
                    + " until this replica had applied it, by operation."),
            Map.entry(LOG_LAG, "Records between this replica's position and the end of the event topic."),
            Map.entry(SESSIONS, "Websockets and long polls attached to this gateway."),
            Map.entry(FRAMES_SENT, "Frames queued to this gateway's websockets and long polls."),
            Map.entry(SESSIONS_CLOSED, "Websockets this gateway closed, by reason (slow: more than"
                    + " max_queued_bytes waiting, or events waiting and none taken for slow_consumer_after;"
                    + " normal: 1000 for /disconnect, connection GC, a replaced or unknown connection;"
                    + " shutdown: 1001; bad_conn_id: 1008; gateway_unavailable: 4002, Kafka lost or this"
                    + " gateway declared down; other: any other code)."),
            Map.entry(MESSAGES_DROPPED, "Messages for channels that do not exist, dropped as"
                    + " Channelstream does."),
            Map.entry(HTTP_CONNECTIONS, "Open client connections, by listener (http: the public port,"
                    + " management: management_port)."),
            Map.entry(HTTP_CONNECTIONS_REFUSED, "Connections closed as soon as they were accepted because"
                    + " max_connections were open, by listener."),
            Map.entry(HTTP_REQUESTS_REFUSED, "Requests refused before a handler saw them, by reason"
                    + " (body_too_large: 413; body_timeout: the body did not arrive within body_timeout;"
                    + " bodies_busy: 503, bodies in flight hold their share of the heap; sign_in_rate: 429"
                    + " from the admin sign-in limit)."),
            Map.entry(HTTP_ERRORS, "Requests answered 500 because of an unexpected exception; each is"
                    + " logged with the id its answer carries."),
            Map.entry(WEBSOCKET_QUEUED_BYTES, "Bytes of events waiting for this gateway's websockets, as their"
                    + " max_queued_bytes budgets count them (an event shared by sockets counts once per socket)."),
            Map.entry(LOG_HELD_BACK, "Seconds the log reader waited because websockets that keep up were far"
                    + " behind (a burst waiting in Kafka instead of in memory)."),
            Map.entry(USERS, "Users this replica remembers, those without a connection included, until"
                    + " gc_users_after after their last activity."),
            Map.entry(RESUMES, "Catch-ups from a log position (resume_from), by outcome: refused (resumed false),"
                    + " delivered, gone (the log no longer held the start), cut (client gone or long poll full),"
                    + " failed (Kafka failed or too many waited)."),
            Map.entry(CATCHUP_EVENTS, "Messages, edits and deletes sent to clients by catch-ups from a log"
                    + " position."));

    /** Counter series that exist at zero from start: meter name, then every known tag combination. */
    static final Map<String, List<Tags>> KNOWN_SERIES = knownSeries();

    private Meters() {}

    /** The help text of {@code name}, or null when it is not one of these meters. */
    public static String help(String name) {
        return HELP.get(name);
    }

    private static Map<String, List<Tags>> knownSeries() {
        List<String> ops = Arrays.stream(Op.values()).map(Op::wireName).toList();
        Map<String, List<Tags>> out = new LinkedHashMap<>();
        out.put(EVENTS_APPLIED, ops.stream().map(op -> Tags.of("op", op)).toList());
        List<Tags> published = new ArrayList<>();
        ops.forEach(op -> PUBLISH_OUTCOMES.forEach(o -> published.add(Tags.of("op", op, "outcome", o))));
        out.put(EVENTS_PUBLISHED, List.copyOf(published));
        out.put(RECORDS_REJECTED, REJECT_REASONS.stream().map(r -> Tags.of("reason", r)).toList());
        out.put(SESSIONS_CLOSED, CLOSE_REASONS.stream().map(r -> Tags.of("reason", r)).toList());
        out.put(HTTP_REQUESTS_REFUSED, REFUSE_REASONS.stream().map(r -> Tags.of("reason", r)).toList());
        out.put(RESUMES, RESUME_OUTCOMES.stream().map(r -> Tags.of("outcome", r)).toList());
        return out;
    }
}
