package io.csgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-address token bucket of admin sign-ins, on a clock the test moves. */
class SignInLimiterTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final SignInLimiter limiter = new SignInLimiter(clock);

    private void later(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Test
    void aBurstThenOneAttemptPerRefill() {
        for (int i = 0; i < SignInLimiter.BURST; i++) {
            assertThat(limiter.acquire("203.0.113.7")).as("attempt " + i).isZero();
        }
        assertThat(limiter.acquire("203.0.113.7")).isEqualTo(SignInLimiter.REFILL.toSeconds());
        later(SignInLimiter.REFILL.minusSeconds(2));
        assertThat(limiter.acquire("203.0.113.7")).isEqualTo(2);
        later(Duration.ofSeconds(2));
        assertThat(limiter.acquire("203.0.113.7")).isZero();
        assertThat(limiter.acquire("203.0.113.7")).isPositive();
        assertThat(limiter.acquire("198.51.100.1")).as("another address").isZero();
    }

    @Test
    void aRightPasswordGivesItsTokenBack() {
        for (int i = 0; i < SignInLimiter.BURST; i++) {
            assertThat(limiter.acquire("10.0.0.1")).isZero();
            limiter.refund("10.0.0.1");
        }
        assertThat(limiter.acquire("10.0.0.1")).isZero();
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        assertThat(SignInLimiter.key("2001:db8:1:2::1")).isEqualTo(SignInLimiter.key("2001:DB8:1:2:ffff:0:0:9"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(SignInLimiter.key("2001:db8:1:3::1")).isNotEqualTo(SignInLimiter.key("2001:db8:1:2::1"));
        assertThat(SignInLimiter.key("::1")).isEqualTo("0:0:0:0::/64");
        assertThat(SignInLimiter.key("192.0.2.1")).isEqualTo("192.0.2.1");
        for (int i = 0; i < SignInLimiter.BURST; i++) {
            limiter.acquire("2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThat(limiter.acquire("2001:db8:1:2::abcd")).as("same /64, another address").isPositive();
    }

    @Test
    void trackedAddressesAreBoundedAndIdleOnesMakeRoom() {
        for (int i = 0; i < SignInLimiter.MAX_ADDRESSES; i++) {
            assertThat(limiter.acquire("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255))).isZero();
        }
        // all mid-refill: a new address waits rather than growing the table
        assertThat(limiter.acquire("192.0.2.1")).isPositive();
        later(SignInLimiter.REFILL);
        assertThat(limiter.acquire("192.0.2.1")).as("refilled buckets are dropped").isZero();
    }
}
