package io.csgate.gateway.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One event passing one point of the publish path: the event's id, the point's name, and (from
 * JFR) the time and the thread. Joining a recording's hops by id gives the time between the points
 * of each event, thread hand-offs included. Off (the default in every JFR configuration) a hop
 * costs one {@link #isEnabled()} check; a recording with the repository's {@code bench/hops.jfc}
 * settings ({@code jcmd <pid> JFR.start settings=...}) turns it on.
 *
 * <p>Points, in path order: {@link #HTTP_BODY} (IO thread, request body read), {@link #QUEUED}
 * (IO thread, handed to the publisher), {@link #TAKEN} (picked up to be produced: by
 * {@code csgate-publisher}, or at once on the caller's thread when the publisher is idle),
 * {@link #SENT} (handed to the Kafka producer), {@link #ACKED} (the broker's {@code acks=all}
 * answer, on the producer's network thread), {@link #FETCHED} ({@code csgate-log-reader}: in a
 * fetch answer, before decoding), {@link #APPLYING} (the state thread took its chunk, on
 * {@code csgate-applier} or on the reader),
 * {@link #APPLIED} (applied to the model, frames staged on the IO lanes), {@link #ANSWERING} (the
 * caller's IO thread has the result), {@link #ANSWERED} (the HTTP answer handed to Undertow).
 * Any thread may commit one.
 */
@Name("csgate.Hop")
@Label("Publish path hop")
@Category("csgate")
@Description("An event passing one point of the publish path (REST -> Kafka -> applier -> answer)")
@Enabled(false)
@StackTrace(false)
public final class Hop extends Event {

    public static final String HTTP_BODY = "http_body";
    public static final String QUEUED = "queued";
    public static final String TAKEN = "taken";
    public static final String SENT = "sent";
    public static final String ACKED = "acked";
    public static final String FETCHED = "fetched";
    public static final String APPLYING = "applying";
    public static final String APPLIED = "applied";
    public static final String ANSWERING = "answering";
    public static final String ANSWERED = "answered";

    private static final Hop PROBE = new Hop();

    @Label("Point")
    String point;

    @Label("Event id")
    String eventId;

    /** Whether a recording asks for hops now; callers check it before collecting what a hop needs. */
    public static boolean on() {
        return PROBE.isEnabled();
    }

    /** Records that {@code eventId} passed {@code point} now; nothing when no recording asks for it. */
    public static void at(String point, String eventId) {
        Hop h = new Hop();
        if (h.isEnabled()) {
            h.point = point;
            h.eventId = eventId;
            h.commit();
        }
    }

    /** Records a hop timed earlier, at {@code start} ({@link #begin()} called then). */
    public void commitAt(String point, String eventId) {
        this.point = point;
        this.eventId = eventId;
        commit();
    }
}
