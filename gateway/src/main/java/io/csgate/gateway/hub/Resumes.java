package io.csgate.gateway.hub;

import io.csgate.common.body.Bodies;
import io.csgate.common.body.MessageDeleteItem;
import io.csgate.common.body.MessageEditItem;
import io.csgate.common.body.MessageItem;
import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.Op;
import io.csgate.gateway.metrics.Meters;
import io.csgate.gateway.model.CatchupFilter;
import io.csgate.gateway.model.EventContext;
import io.csgate.gateway.model.LogPosition;
import io.csgate.gateway.model.ResumeRange;
import io.csgate.gateway.replica.LogRanges;
import io.csgate.gateway.replica.StateThread;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catch-ups from a log position (docs/design.md §13): a socket or long poll that resumes is
 * represented in the hub by a {@link CatchingUp} stand-in that holds its live frames, while a
 * {@link LogRanges} reader thread reads the range, turns each message, edit and delete into the
 * frames this connection would have received ({@link CatchupFilter}: the model's rules) and sends
 * them in batches, waiting while the client has more than {@code roomAt} bytes to take. Then, on
 * the state thread, the held frames follow and the real session takes the stand-in's place, so the
 * client gets the range, then what it would have got anyway, in log order, each once.
 *
 * <p>Threads: {@link #start} and the hand-over run on the state thread; reading and sending run
 * on the reader's threads ({@link LogRanges}: a small pool, so few catch-ups run at once).
 */
public final class Resumes {

    private static final Logger log = LoggerFactory.getLogger(Resumes.class);
    /** Events per frame a catch-up sends. */
    static final int BATCH_EVENTS = 200;
    /** Bytes of catch-up one long poll takes; the client asks again from the last position it got. */
    static final long POLL_BYTES = 256 * 1024;

    private final LogRanges ranges;
    private final StateThread state;
    private final Hub hub;
    private final long roomAt;
    private final long maxHeldBytes;
    private final MeterRegistry registry;
    private final Counter events;

    /**
     * @param roomAt bytes a client may still have to take when the next batch is sent
     * @param maxHeldBytes live frames held for one catch-up beyond which the client is a slow consumer
     */
    public Resumes(LogRanges ranges, StateThread state, Hub hub, long roomAt, long maxHeldBytes, MeterRegistry registry) {
        this.ranges = ranges;
        this.state = state;
        this.hub = hub;
        this.roomAt = roomAt;
        this.maxHeldBytes = maxHeldBytes;
        this.registry = registry;
        this.events = registry.counter(Meters.CATCHUP_EVENTS);
    }

    /** The log's epoch, or null when positions are off. */
    public String epoch() {
        return ranges.epoch();
    }

    /** Counts a resume that was refused. */
    public void refused() {
        outcome("refused");
    }

    /** The first offset the log still holds in that partition. */
    public java.util.concurrent.CompletableFuture<Long> logStart(int partition) {
        return ranges.logStart(partition);
    }

    /**
     * On the state thread, instead of registering {@code session}: registers its stand-in, which
     * holds {@code first} and then the live frames, and starts reading {@code range}.
     *
     * @param poll true for a long poll: at most {@link #POLL_BYTES} of catch-up, the rest on the next poll
     * @param caughtUp run on the state thread once the real session is in place
     */
    void start(UUID connId, Session session, ResumeRange range, CatchupFilter filter, List<Frame> first, boolean poll,
               Runnable caughtUp) {
        CatchingUp standIn = new CatchingUp(session, first, maxHeldBytes);
        hub.register(connId, standIn);
        Run run = new Run(session, standIn, filter, range.from(), poll);
        ranges.read(range, run).whenComplete((outcome, error) -> {
            if (error == null) {
                run.flush();
            }
            state.call(() -> {
                finish(connId, standIn, run, outcome, error, caughtUp);
                return null;
            });
        });
    }

    private void finish(UUID connId, CatchingUp standIn, Run run, LogRanges.Outcome outcome, Throwable error,
                        Runnable caughtUp) {
        Session target = standIn.target();
        if (error != null) {
            log.warn("catch-up of {} failed, closing its socket so that it resumes again: {}", connId, error.toString());
            outcome("failed");
            standIn.drop();
            hub.unregister(connId, target);
            target.close(CloseCodes.GATEWAY_UNAVAILABLE, "catch-up failed");
            return;
        }
        if (standIn.overflowed()) {
            outcome("cut");
            standIn.drop();
            hub.unregister(connId, target);
            target.close(CloseCodes.SLOW_CONSUMER, "slow consumer: live events held during catch-up passed max_queued_bytes");
            return;
        }
        if (outcome == LogRanges.Outcome.STOPPED) {
            outcome("cut");
            standIn.drop(); // what was held comes after what was not read: the next resume reads it again
        } else {
            outcome(outcome == LogRanges.Outcome.GONE ? "gone" : "delivered");
            standIn.handOver();
        }
        if (hub.replace(connId, standIn)) {
            caughtUp.run();
        }
        log.debug("catch-up of {}: {}, {} events", connId, outcome, run.sent);
    }

    private void outcome(String outcome) {
        registry.counter(Meters.RESUMES, "outcome", outcome).increment();
    }

    /** One catch-up on its reader thread. */
    private final class Run implements LogRanges.Visitor {
        private final Session target;
        private final CatchingUp standIn;
        private final CatchupFilter filter;
        private final LogPosition seen;
        private final boolean poll;
        private final List<Map<String, Object>> batch = new ArrayList<>();
        private long sentBytes;
        private long sent;

        Run(Session target, CatchingUp standIn, CatchupFilter filter, LogPosition seen, boolean poll) {
            this.target = target;
            this.seen = seen;
            this.standIn = standIn;
            this.filter = filter;
            this.poll = poll;
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean visit(Envelope event, LogPosition position) {
            if (!standIn.isOpen() || standIn.overflowed()) {
                return false;
            }
            Op op = event.op();
            if (op != Op.MESSAGE && op != Op.MESSAGE_EDIT && op != Op.MESSAGE_DELETE) {
                return true;
            }
            Object valid;
            try {
                valid = Bodies.validate(op, event.body());
            } catch (ValidationException e) {
                return true; // the applier rejected it too
            }
            EventContext ctx = new EventContext(event.id(), event.time(), event.origin(), position);
            List<Map<String, Object>> frames = switch (op) {
                case MESSAGE -> filter.messages((List<MessageItem>) valid, ctx, seen);
                case MESSAGE_EDIT -> filter.edits((List<MessageEditItem>) valid, ctx, seen);
                default -> filter.deletes((List<MessageDeleteItem>) valid, ctx, seen);
            };
            for (Map<String, Object> f : frames) {
                batch.add(f);
                if (batch.size() >= BATCH_EVENTS) {
                    flush();
                }
            }
            return !(poll && sentBytes >= POLL_BYTES);
        }

        /** Sends what is batched, once the client has room; on the reader thread. */
        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            Frame frame = Frame.ofAll(batch);
            while (target.isOpen() && target.backlogBytes() > roomAt) {
                LockSupport.parkNanos(1_000_000L);
            }
            if (target.send(frame)) {
                events.increment(batch.size());
                sent += batch.size();
                sentBytes += frame.utf8().length;
            }
            batch.clear();
        }
    }
}
