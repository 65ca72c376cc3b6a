package io.csgate.gateway.hub;

import io.csgate.common.event.Op;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.ResumeRange;
import io.csgate.gateway.replica.EventEmitter;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.replica.Timers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaching and detaching sockets. Both run on the state thread, so the catch-up of a new socket
 * and the live events after it form one exact sequence (by log position, not by clock), whichever
 * gateway answered the {@code /connect}. Attaching to a connection another gateway owns produces
 * {@code socket_attached} (this gateway now owns the connection; one it owns already needs no
 * event); a socket the client closes produces {@code disconnect}.
 *
 * <p>Threads: every look at the model and every event produced happens on the state thread (the
 * emitter only queues); the pauses while a connection is not known yet are on
 * {@code csgate-timers}. The futures returned complete on the state thread: a stage added to them
 * must be short, or name its executor.
 */
public final class Attachments {

    private static final Logger log = LoggerFactory.getLogger(Attachments.class);

    /**
     * Pauses before each new look at whether a connection exists. A client may open its socket
     * on this gateway a moment after another gateway answered its {@code /connect}, before this
     * replica has applied that event; it is given {@link #NEW_CONNECTION_WAIT_MILLIS} in all.
     */
    private static final long[] RECHECK_MILLIS = {10, 20, 40, 80, 150, 300};
    static final long NEW_CONNECTION_WAIT_MILLIS = Arrays.stream(RECHECK_MILLIS).sum();

    private final Hub hub;
    private final StateThread state;
    private final Timers timers;
    private final ChannelstreamModel model;
    private final EventEmitter emitter;
    private final String gatewayId;
    private final Activity activity;
    /** Where each connection's previous long poll ended (model seq); the state thread owns it. */
    private final Map<UUID, Long> pollPositions = new HashMap<>();
    /** Connections whose pending resume a session here has taken (until socket_attached clears it); state thread. */
    private final Set<UUID> resumesTaken = new HashSet<>();
    /** Null: resumes are off (no log positions). */
    private final Resumes resumes;

    public Attachments(Hub hub, StateThread state, Timers timers, ChannelstreamModel model, EventEmitter emitter,
                       String gatewayId, Activity activity) {
        this(hub, state, timers, model, emitter, gatewayId, activity, null);
    }

    public Attachments(Hub hub, StateThread state, Timers timers, ChannelstreamModel model, EventEmitter emitter,
                       String gatewayId, Activity activity, Resumes resumes) {
        this.resumes = resumes;
        this.hub = hub;
        this.state = state;
        this.timers = timers;
        this.model = model;
        this.emitter = emitter;
        this.gatewayId = gatewayId;
        this.activity = activity;
    }

    /**
     * Attaches {@code session} to the connection and sends its catch-up frames, each in its own
     * array. Completes with false when the connection does not exist (the caller closes with 1000).
     */
    public CompletableFuture<Boolean> attach(UUID connId, Session session) {
        return attach(connId, session, null);
    }

    /**
     * {@link #attach(UUID, Session)} for a client that last saw {@code resumeFrom} (a position, or
     * null): when the connection has no resume of its {@code /connect} pending, its socket first
     * gets what came after that position instead of the stored catch-up (docs/design.md §13).
     */
    public CompletableFuture<Boolean> attach(UUID connId, Session session, String resumeFrom) {
        return attempt(last -> attachHere(connId, session, resumeFrom, last));
    }

    /**
     * Attaches one long poll: catch-up is everything since the previous poll of this connection on
     * this gateway ended (or since the connection was created). The first poll here of a connection
     * owned elsewhere produces {@code socket_attached}, so liveness follows the client.
     */
    public CompletableFuture<Boolean> attachPoll(UUID connId, PollResult poll) {
        return attachPoll(connId, poll, null);
    }

    /**
     * {@link #attachPoll(UUID, PollResult)} for a client that last saw {@code resumeFrom} (or
     * null): messages, edits and deletes after it come from the log, the other stored frames since
     * the previous poll from the model. A poll takes a bounded part of a long catch-up; the client
     * asks again from the last position it got.
     */
    public CompletableFuture<Boolean> attachPoll(UUID connId, PollResult poll, String resumeFrom) {
        return attempt(last -> attachPollHere(connId, poll, resumeFrom, last));
    }

    /** One look on the state thread: what it decided, or null to look again (given whether this look is the last). */
    private interface Look {
        Boolean decide(boolean last);
    }

    /** Looks on the state thread until {@code look} decides, pausing between looks on the timer thread. */
    private CompletableFuture<Boolean> attempt(Look look) {
        CompletableFuture<Boolean> decided = new CompletableFuture<>();
        attempt(look, 0, decided);
        return decided;
    }

    private void attempt(Look look, int n, CompletableFuture<Boolean> decided) {
        boolean last = n == RECHECK_MILLIS.length;
        state.call(() -> look.decide(last)).whenComplete((answer, error) -> { // on the state thread
            if (error != null) {
                decided.completeExceptionally(error);
            } else if (answer != null) {
                decided.complete(answer);
            } else {
                timers.after(RECHECK_MILLIS[n], () -> attempt(look, n + 1, decided));
            }
        });
    }

    /** State thread. */
    private Boolean attachHere(UUID connId, Session session, String resumeFrom, boolean last) {
        if (!model.hasConnection(connId)) {
            return last ? false : null;
        }
        if (!session.isOpen()) {
            return false;
        }
        activity.touch(connId);
        List<Frame> stored = frames(model.catchup(connId, model.connectionSeq(connId)), false);
        Optional<ResumeRange> pending = pendingResume(connId);
        if (pending.isPresent()) {
            resumesTaken.add(connId);
            resumes.start(connId, session, pending.get(), model.catchupFilter(connId).orElseThrow(), stored, false,
                    () -> { });
        } else {
            Optional<ResumeRange> again = reattach(resumeFrom);
            if (again.isPresent()) {
                resumes.start(connId, session, again.get(), model.catchupFilter(connId).orElseThrow(), List.of(),
                        false, () -> { });
            } else {
                hub.register(connId, session);
                stored.forEach(session::send);
            }
        }
        claim(connId, pending.isPresent());
        return true;
    }

    /** State thread. */
    private Boolean attachPollHere(UUID connId, PollResult poll, String resumeFrom, boolean last) {
        if (!model.hasConnection(connId)) {
            if (!last) {
                return null;
            }
            pollPositions.remove(connId);
            return false;
        }
        activity.touch(connId);
        Long previous = pollPositions.get(connId);
        long after = previous != null ? previous : model.connectionSeq(connId);
        Optional<ResumeRange> pending = previous == null ? pendingResume(connId) : Optional.empty();
        Optional<ResumeRange> range = pending.isPresent() ? pending : reattach(resumeFrom);
        if (range.isPresent()) {
            pending.ifPresent(p -> resumesTaken.add(connId));
            // with a resume from a position, messages come from the log and only the other frames from the model
            List<Frame> stored = frames(model.catchup(connId, after), pending.isEmpty());
            resumes.start(connId, poll, range.get(), model.catchupFilter(connId).orElseThrow(), stored, true,
                    () -> poll.caughtUp(model::seq));
        } else {
            hub.register(connId, poll);
            for (Map<String, Object> frame : model.catchup(connId, after)) {
                poll.send(Frame.of(frame));
            }
            poll.caughtUp(model::seq);
        }
        claim(connId, pending.isPresent());
        return true;
    }

    /**
     * State thread: a connection another gateway owns is this one's now; one it owns already needs
     * no event, unless the resume of its {@code /connect} was taken here and must be cleared everywhere.
     */
    private void claim(UUID connId, boolean tookResume) {
        if (tookResume || !gatewayId.equals(model.connectionOwner(connId).orElse(null))) {
            emit(Op.SOCKET_ATTACHED, connId);
        }
    }

    /**
     * Ends a long poll on the state thread: unregisters it, remembers the position for the next
     * poll's catch-up, and returns what it collected as one JSON array.
     */
    public CompletableFuture<String> finishPoll(UUID connId, PollResult poll) {
        return state.call(() -> {
            if (hub.unregister(connId, poll)) {
                long resume = poll.resumeAfter();
                pollPositions.put(connId, resume >= 0 ? resume : model.seq());
            }
            activity.touch(connId);
            return poll.finish();
        });
    }

    /** Forgets poll positions of connections that no longer exist; on the state thread. */
    void prune() {
        pollPositions.keySet().removeIf(id -> !model.hasConnection(id));
        resumesTaken.removeIf(id -> model.pendingResume(id).isEmpty());
    }

    /** The resume of the connection's {@code /connect} when no session here has taken it yet; state thread. */
    private Optional<ResumeRange> pendingResume(UUID connId) {
        if (resumes == null || resumesTaken.contains(connId)) {
            return Optional.empty();
        }
        return model.pendingResume(connId);
    }

    /** The range a live connection's client asks for with {@code resume_from}; empty when it cannot be served. */
    private Optional<ResumeRange> reattach(String resumeFrom) {
        if (resumes == null || resumeFrom == null) {
            return Optional.empty();
        }
        Optional<ResumeRange> range = model.resumeRangeFrom(resumeFrom);
        if (range.isEmpty()) {
            resumes.refused();
        }
        return range;
    }

    /** Stored catch-up events as frames; {@code withoutMessages}: only those a log catch-up does not cover. */
    private static List<Frame> frames(List<Map<String, Object>> events, boolean withoutMessages) {
        List<Frame> out = new ArrayList<>(events.size());
        for (Map<String, Object> e : events) {
            if (withoutMessages && String.valueOf(e.get("type")).startsWith("message")) {
                continue;
            }
            out.add(Frame.of(e));
        }
        return out;
    }

    /**
     * A long poll's session: it takes its catch-up whole, then live frames up to a size limit, and
     * can be finished, yielding its collected events.
     */
    public interface PollResult extends Session {
        /**
         * The catch-up has been sent; live frames follow. {@code position} reads the model's
         * position on the state thread, for {@link #resumeAfter}.
         */
        void caughtUp(LongSupplier position);

        /**
         * Where the next poll's catch-up should start: -1 when the poll took every frame sent to
         * it; else the position before the event whose frame it first refused (it was full), so
         * nothing it refused is skipped (frames of that event it took may come again).
         */
        long resumeAfter();

        String finish();
    }

    /**
     * The socket closed (client, network, or us): the connection goes, unless it was replaced. Any
     * thread; the work is done on the state thread.
     */
    public void closed(UUID connId, Session session) {
        state.call(() -> {
            if (hub.unregister(connId, session)) {
                emit(Op.DISCONNECT, connId);
            }
            activity.forget(connId);
            return null;
        });
    }

    /** Queues the event (never blocks); a failure is logged on the thread that learns it. */
    private void emit(Op op, UUID connId) {
        emitter.emit(op, Map.of("conn_id", connId.toString())).exceptionally(e -> {
            log.warn("could not produce {} for {}: {}", op.wireName(), connId, e.toString());
            return null;
        });
    }
}
