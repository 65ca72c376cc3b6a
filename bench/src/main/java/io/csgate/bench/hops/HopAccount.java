package io.csgate.bench.hops;

import io.csgate.bench.latency.LatencyRecorder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Joins the hops of each event by id and histograms the time between pairs of points, in
 * microseconds. The points and their names are the gateway's ({@code io.csgate.gateway.trace.Hop});
 * a segment counts only events that passed both of its points (a heartbeat has no REST body, a
 * record produced by another process no producer points). Not thread-safe.
 */
public final class HopAccount {

    /** A segment of the path: from one point to another, and what happens in between. */
    public record Segment(String from, String to, String what) {
        String key() {
            return from + "->" + to;
        }
    }

    /** The segments reported, in path order. */
    public static final List<Segment> SEGMENTS = List.of(
            new Segment("http_body", "queued", "IO thread: parse, validate, build the event"),
            new Segment("queued", "taken", "hand-off IO thread -> csgate-publisher"),
            new Segment("taken", "sent", "encode, sign, producer.send"),
            new Segment("sent", "acked", "produce round trip (acks=all), to the callback"),
            new Segment("sent", "fetched", "sent -> in the reader's fetch answer"),
            new Segment("fetched", "applying", "decode + hand-off reader -> csgate-applier"),
            new Segment("applying", "applied", "apply (frames staged)"),
            new Segment("applied", "answering", "hand-off csgate-applier -> IO thread (answer)"),
            new Segment("answering", "answered", "answer written to Undertow"),
            new Segment("http_body", "answered", "whole REST round trip in the gateway"));

    private final Map<String, Map<String, Long>> byId = new HashMap<>();
    private final Histogram stagedFor = LatencyRecorder.newHistogram();
    private final Histogram drainTook = LatencyRecorder.newHistogram();

    /** One hop: {@code eventId} passed {@code point} at {@code nanos} (any epoch, the same for all). */
    public void hop(String point, String eventId, long nanos) {
        byId.computeIfAbsent(eventId, k -> new HashMap<>()).putIfAbsent(point, nanos);
    }

    /** One lane drain: the first frame waited {@code stagedForNanos}, the writes took {@code tookNanos}. */
    public void drain(long stagedForNanos, long tookNanos) {
        stagedFor.recordValue(micros(stagedForNanos));
        drainTook.recordValue(micros(tookNanos));
    }

    /** Events seen. */
    public int events() {
        return byId.size();
    }

    /** A histogram (µs) per segment that has samples, keyed "from->to", in path order. */
    public Map<Segment, Histogram> segments() {
        Map<Segment, Histogram> out = new LinkedHashMap<>();
        for (Segment s : SEGMENTS) {
            Histogram h = LatencyRecorder.newHistogram();
            for (Map<String, Long> points : byId.values()) {
                Long a = points.get(s.from());
                Long b = points.get(s.to());
                if (a != null && b != null) {
                    h.recordValue(micros(b - a));
                }
            }
            if (h.getTotalCount() > 0) {
                out.put(s, h);
            }
        }
        return out;
    }

    /** How long the first staged frame of a lane waited for its IO thread (µs). */
    public Histogram laneWake() {
        return stagedFor;
    }

    /** How long a lane's drain (hand-over and socket writes) took (µs). */
    public Histogram laneDrain() {
        return drainTook;
    }

    private static long micros(long nanos) {
        return Math.min(Math.max(nanos, 0) / 1000, LatencyRecorder.HIGHEST_MICROS);
    }
}
