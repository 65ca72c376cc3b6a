package io.csgate.gateway.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sign-in attempts per client address: a token bucket of {@link #BURST} attempts that refills one
 * every {@link #REFILL}, so guesses in parallel get a handful through and then 429 (the half-second
 * delay of a wrong password alone does not stop parallel guessing). An attempt takes its token
 * before the password is checked; a right password gives it back. IPv6 addresses count by their
 * /64 prefix, which one client usually has whole. At most {@link #MAX_ADDRESSES} addresses are
 * tracked; when that many are mid-refill, further addresses are refused until some refill
 * (limits hold under a flood from many addresses, at the price of locking sign-in for a minute).
 * Per gateway, not shared: each gateway of a cluster grants its own burst. Thread-safe.
 */
final class SignInLimiter {

    static final int BURST = 10;
    static final Duration REFILL = Duration.ofSeconds(6);
    static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE / 2);

    SignInLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes a token for {@code address}.
     *
     * @return 0 when the attempt may go on, else the seconds until the next token (for Retry-After)
     */
    long acquire(String address) {
        long now = clock.millis();
        String key = key(address);
        Bucket b = buckets.get(key);
        if (b == null) {
            if (buckets.size() >= MAX_ADDRESSES) {
                long last = lastSweep.get();
                // one sweep a second at most: a flood from new addresses must not buy a full scan each
                if (now - last >= 1000 && lastSweep.compareAndSet(last, now)) {
                    buckets.values().removeIf(x -> x.full(now));
                }
                if (buckets.size() >= MAX_ADDRESSES) {
                    return REFILL.toSeconds();
                }
            }
            b = buckets.computeIfAbsent(key, k -> new Bucket(now));
        }
        return b.take(now);
    }

    /** Gives back the token of an attempt that turned out right. */
    void refund(String address) {
        Bucket b = buckets.get(key(address));
        if (b != null) {
            b.give();
        }
    }

    /** IPv4 addresses as they are; IPv6 ones by their first four groups (the /64 prefix). */
    static String key(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        String[] groups = expand(address).split(":");
        return groups.length < 4 ? address : String.join(":", groups[0], groups[1], groups[2], groups[3]) + "::/64";
    }

    /** An IPv6 literal with {@code ::} spelled out, so that equal addresses give equal prefixes. */
    private static String expand(String a) {
        String s = a;
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        int gap = s.indexOf("::");
        if (gap < 0) {
            return s.toLowerCase(Locale.ROOT);
        }
        String head = s.substring(0, gap);
        String tail = s.substring(gap + 2);
        int present = (head.isEmpty() ? 0 : head.split(":").length) + (tail.isEmpty() ? 0 : tail.split(":").length);
        StringBuilder b = new StringBuilder(head);
        for (int i = present; i < 8; i++) {
            b.append(b.length() == 0 ? "" : ":").append('0');
        }
        if (!tail.isEmpty()) {
            b.append(':').append(tail);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static final class Bucket {
        private double tokens = BURST;
        private long at;

        Bucket(long now) {
            this.at = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            long millis = Math.round((1 - tokens) * REFILL.toMillis());
            return Math.max(1, (millis + 999) / 1000);
        }

        synchronized void give() {
            tokens = Math.min(BURST, tokens + 1);
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= BURST;
        }

        private void refill(long now) {
            if (now > at) {
                tokens = Math.min(BURST, tokens + (double) (now - at) / REFILL.toMillis());
                at = now;
            }
        }
    }
}
