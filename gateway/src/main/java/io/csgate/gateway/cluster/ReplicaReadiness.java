package io.csgate.gateway.cluster;

import io.csgate.gateway.http.Readiness;
import io.csgate.gateway.log.AppliedPositions;
import io.csgate.gateway.log.ClusterCheck;
import io.csgate.gateway.log.LogReader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness rule: a gateway should receive traffic once every part is up, its replica has
 * applied the log up to where it ended at start, and its reader has heard from Kafka within
 * {@link #KAFKA_CONTACT}; not once it is stopping. Before that, {@code /readyz} reports why (the
 * cluster check's problem and attempts). Read by HTTP worker threads; the starting thread reports
 * progress ({@link #checking}, {@link #started}) and {@link #stopping}. Thread-safe.
 */
public final class ReplicaReadiness implements Readiness {

    private static final Logger log = LoggerFactory.getLogger(ReplicaReadiness.class);
    private static final Duration KAFKA_CONTACT = Duration.ofSeconds(10);

    private final String gatewayId;
    private final long createdAt = System.nanoTime();
    private volatile ClusterCheck clusterCheck;
    private volatile Running running;
    private volatile boolean stopping;
    private volatile boolean caughtUpLogged;

    /** What a started gateway reports from. */
    private record Running(LogReader reader, AppliedPositions positions, Map<Integer, Long> restoredFrom,
                           IntSupplier sessions) {
    }

    public ReplicaReadiness(String gatewayId) {
        this.gatewayId = gatewayId;
    }

    /** Kafka is being awaited by {@code check}; its problem is reported until {@link #started}. */
    public void checking(ClusterCheck check) {
        this.clusterCheck = check;
    }

    /** Every part is up; readiness now follows the log. */
    public void started(LogReader reader, AppliedPositions positions, Map<Integer, Long> restoredFrom,
                        IntSupplier sessions) {
        this.running = new Running(reader, positions, restoredFrom, sessions);
    }

    /** The gateway is closing: not ready from now on. */
    public void stopping() {
        this.stopping = true;
    }

    @Override
    public boolean ready() {
        Running r = running;
        return r != null && !stopping && caughtUp(r) && kafkaContact(r);
    }

    private boolean caughtUp(Running r) {
        if (!r.reader.caughtUpAtStart()) {
            return false;
        }
        Map<Integer, Long> applied = r.positions.positions();
        for (Map.Entry<Integer, Long> end : r.reader.endAtStart().entrySet()) {
            if (end.getValue() > 0 && applied.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                return false;
            }
        }
        if (!caughtUpLogged) {
            caughtUpLogged = true;
            log.info("caught up with the log: {} records replayed after the start position, {} ms after start",
                    r.positions.count(), (System.nanoTime() - createdAt) / 1_000_000);
        }
        return true;
    }

    private static boolean kafkaContact(Running r) {
        return r.reader.lastContact().isAfter(Instant.now().minus(KAFKA_CONTACT));
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("gateway_id", gatewayId);
        Running r = running;
        if (r == null) {
            d.put("starting", true);
            d.put("kafka_reachable", false);
            ClusterCheck check = clusterCheck; // null while the embedded broker starts
            if (check != null) {
                check.problem().ifPresent(p -> d.put("kafka_error", p));
                d.put("kafka_attempts", check.attempts());
            }
            return d;
        }
        d.put("caught_up", caughtUp(r));
        d.put("kafka_reachable", kafkaContact(r));
        r.reader.problem().ifPresent(p -> d.put("kafka_error", p));
        d.put("applied", r.positions.positions());
        d.put("started_from_snapshot", r.restoredFrom);
        d.put("sessions", r.sessions.getAsInt());
        return d;
    }
}
