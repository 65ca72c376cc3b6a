package io.csgate.gateway.cluster;

import io.csgate.common.event.Op;
import io.csgate.gateway.replica.EventEmitter;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.model.ChannelstreamModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference's idle-user GC, as an event (setting {@code gc_users_after}). The cluster's leader
 * lists the users with no connection whose last activity is older than {@code gc_users_after} before
 * the log's time, and produces {@code users_expired} events naming them with that limit; every
 * replica, this one included, then forgets those that are still idle and still older than the
 * limit when it applies the event. So the decision is one replica's, but what each replica does
 * depends only on the event and its own (equal) state: all of them end alike.
 *
 * <p>"The log's time" is the time of this gateway's own latest heartbeat as applied from the log
 * ({@link Liveness#logTime()}), never the clock at the moment of the decision: a replica that lags
 * behind the log decides on what it has applied. Scheduled every {@link #period} on
 * {@code csgate-timers}, which only hands the round to the state thread: the look at the model and
 * the queueing of the events happen there.
 */
public final class UserExpiry implements Runnable {

    /** Users named by one {@code users_expired} event. */
    public static final int MAX_PER_EVENT = 1000;
    private static final Duration MOST_EVERY = Duration.ofMinutes(1);
    private static final Duration LEAST_EVERY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(UserExpiry.class);

    private final Liveness liveness;
    private final StateThread state;
    private final ChannelstreamModel model;
    private final EventEmitter emitter;
    private final Duration after;
    /** Set while the last round's events are being produced, so a slow round is not doubled. */
    private final AtomicBoolean producing = new AtomicBoolean();

    private record Round(Instant idleBefore, List<String> users) {}

    public UserExpiry(Liveness liveness, StateThread state, ChannelstreamModel model, EventEmitter emitter,
                      Duration gcUsersAfter) {
        this.liveness = liveness;
        this.state = state;
        this.model = model;
        this.emitter = emitter;
        this.after = gcUsersAfter;
    }

    /** How often to look: every minute, or a quarter of {@code gcUsersAfter} when that is shorter (at least 1 s). */
    public static Duration period(Duration gcUsersAfter) {
        Duration quarter = gcUsersAfter.dividedBy(4);
        return quarter.compareTo(MOST_EVERY) > 0 ? MOST_EVERY
                : quarter.compareTo(LEAST_EVERY) < 0 ? LEAST_EVERY : quarter;
    }

    @Override
    public void run() {
        if (producing.get()) {
            return;
        }
        state.call(() -> {
            produce(round());
            return null;
        }).exceptionally(e -> { // on the state thread: a log line
            log.warn("user expiry failed: {}", e.toString());
            return null;
        });
    }

    /** On the state thread. */
    private Round round() {
        Instant now = liveness.isLeader() ? liveness.logTime() : null;
        if (now == null) {
            return null;
        }
        Instant before = now.minus(after);
        List<String> idle = model.idleUsers(before);
        return idle.isEmpty() ? null : new Round(before, idle);
    }

    /** State thread: queues the round's events; the flag is cleared once the log has them. */
    private void produce(Round round) {
        if (round == null || !producing.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < round.users().size(); i += MAX_PER_EVENT) {
            List<String> chunk = List.copyOf(round.users().subList(i, Math.min(round.users().size(), i + MAX_PER_EVENT)));
            sent.add(emitter.emit(Op.USERS_EXPIRED, Map.of("users", chunk, "idle_before",
                    round.idleBefore().toString())));
        }
        log.info("forgetting {} users idle since before {} (gc_users_after {} s)", round.users().size(),
                round.idleBefore(), after.toSeconds());
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((ok, e) -> {
            producing.set(false);
            if (e != null) {
                log.warn("could not produce users_expired: {}", e.toString());
            }
        });
    }
}
