package io.csgate.gateway.admin;

import io.csgate.gateway.replica.ModelEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin sessions that signed out, each kept until its cookie expires (plus an hour for clock
 * skew between gateways): every replica applies the {@code admin_signed_out} events of the log
 * here, in log order, and snapshots carry the set, so a session signed out through any gateway is
 * refused by all that share the log. At most {@link #MAX} are kept; only holders of the admin
 * password or of the record secret can add one. Written on the applier thread (and at start,
 * before it runs); read from any thread.
 */
public final class SessionRevocations implements ModelEvents.AdminEvents {

    private static final Logger log = LoggerFactory.getLogger(SessionRevocations.class);
    static final int MAX = 100_000;
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofHours(1);

    /** Session id to the epoch second its cookie expires. */
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();
    /** The same entries by expiry, for pruning; applier thread only (and start). */
    private final PriorityQueue<Map.Entry<String, Long>> byExpiry =
            new PriorityQueue<>(Comparator.comparingLong(Map.Entry::getValue));
    private final Clock clock;

    public SessionRevocations(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void signedOut(String session, Instant expires) {
        long cutoff = clock.instant().minus(KEPT_AFTER_EXPIRY).getEpochSecond();
        while (!byExpiry.isEmpty() && byExpiry.peek().getValue() < cutoff) {
            Map.Entry<String, Long> e = byExpiry.poll();
            revoked.remove(e.getKey(), e.getValue());
        }
        add(session, expires.getEpochSecond());
        while (revoked.size() > MAX && !byExpiry.isEmpty()) {
            Map.Entry<String, Long> e = byExpiry.poll();
            if (revoked.remove(e.getKey(), e.getValue())) {
                log.warn("more than {} signed-out admin sessions; forgetting the one expiring first ({})", MAX,
                        Instant.ofEpochSecond(e.getValue()));
            }
        }
    }

    private void add(String session, long expiry) {
        revoked.put(session, expiry);
        byExpiry.add(Map.entry(session, expiry));
    }

    public boolean isRevoked(String session) {
        return revoked.containsKey(session);
    }

    /** For a snapshot: session id to expiry in epoch seconds, sorted (equal sets export equally). */
    public Map<String, Long> export() {
        return new TreeMap<>(revoked);
    }

    /** Restores what a snapshot recorded, before any record is applied. */
    public void restore(Map<String, Long> sessions) {
        sessions.forEach(this::add);
    }

    int size() {
        return revoked.size();
    }
}
