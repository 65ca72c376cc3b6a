package io.csgate.gateway.cluster;

import io.csgate.gateway.replica.ModelEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which gateways are alive, decided by events only (docs/design.md §8). Every gateway
 * produces a heartbeat event each {@code gateway_heartbeat_interval}; this replica remembers the
 * event time of each gateway's last heartbeat. A gateway is silent when its last heartbeat is older
 * than {@code gateway_down_after} measured against this gateway's own latest applied heartbeat: a
 * log-relative clock, so a replica that lags behind never declares others down for its own delay.
 * Owners of connections that never sent a heartbeat (a crashed gateway, a CLI) count from when
 * this replica first saw them.
 *
 * <p>Not thread-safe: the state thread owns it (heartbeats arrive from the applier; checks are
 * submitted to the state thread).
 */
public final class Liveness implements ModelEvents.GatewayEvents {

    private final String self;
    private final Duration downAfter;
    private final Map<String, Instant> lastSeen = new TreeMap<>();
    private Instant selfTime;

    public Liveness(String self, Duration downAfter) {
        this.self = self;
        this.downAfter = downAfter;
    }

    @Override
    public void heartbeat(String gatewayId, Instant time) {
        lastSeen.merge(gatewayId, time, (a, b) -> a.isAfter(b) ? a : b);
        if (gatewayId.equals(self)) {
            selfTime = lastSeen.get(self);
        }
    }

    @Override
    public void down(String gatewayId, Instant time) {
        if (!gatewayId.equals(self)) {
            lastSeen.remove(gatewayId);
        }
    }

    /**
     * The gateways to declare down now: silent ones among those heard of and those owning
     * connections. Empty until this gateway's own heartbeat has come back through the log.
     */
    public List<String> silent(Set<String> connectionOwners) {
        List<String> out = new ArrayList<>();
        if (selfTime == null) {
            return out;
        }
        for (String owner : connectionOwners) {
            lastSeen.putIfAbsent(owner, selfTime);
        }
        Instant limit = selfTime.minus(downAfter);
        for (Map.Entry<String, Instant> e : lastSeen.entrySet()) {
            if (!e.getKey().equals(self) && e.getValue().isBefore(limit)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Gateways heard from within {@code gateway_down_after}, this one included, sorted. */
    public List<String> alive() {
        List<String> out = new ArrayList<>();
        if (selfTime == null) {
            return out;
        }
        Instant limit = selfTime.minus(downAfter);
        lastSeen.forEach((id, t) -> {
            if (!t.isBefore(limit)) {
                out.add(id);
            }
        });
        return out;
    }

    /**
     * The log's time as this replica knows it: the time of this gateway's own latest heartbeat it
     * has applied; null until the first one came back.
     */
    public Instant logTime() {
        return selfTime;
    }

    /** Whether this gateway is the one that does cluster chores (the smallest live id). */
    public boolean isLeader() {
        List<String> alive = alive();
        return !alive.isEmpty() && alive.get(0).equals(self);
    }
}
