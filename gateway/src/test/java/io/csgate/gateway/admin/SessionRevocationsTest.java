package io.csgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed-out admin sessions: kept until their cookie expires, bounded, carried by snapshots. */
class SessionRevocationsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aSignedOutSessionIsRefusedUntilItsCookieWouldExpire() {
        SessionRevocations r = new SessionRevocations(Clock.fixed(T0, ZoneOffset.UTC));
        r.signedOut("s1", T0.plusSeconds(3600));
        assertThat(r.isRevoked("s1")).isTrue();
        assertThat(r.isRevoked("s2")).isFalse();

        // later sign-outs prune what has expired (an hour of slack for clock skew)
        SessionRevocations later = new SessionRevocations(Clock.fixed(T0.plusSeconds(3600 + 3601), ZoneOffset.UTC));
        later.restore(r.export());
        assertThat(later.isRevoked("s1")).isTrue();
        later.signedOut("s2", T0.plusSeconds(86_400));
        assertThat(later.isRevoked("s1")).isFalse();
        assertThat(later.export()).isEqualTo(Map.of("s2", T0.plusSeconds(86_400).getEpochSecond()));
    }

    @Test
    void atMostMaxAreKeptTheOnesExpiringFirstGo() {
        SessionRevocations r = new SessionRevocations(Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 0; i < SessionRevocations.MAX; i++) {
            r.signedOut("s" + i, T0.plusSeconds(10_000 + i));
        }
        r.signedOut("newest", T0.plusSeconds(1_000_000));
        assertThat(r.size()).isEqualTo(SessionRevocations.MAX);
        assertThat(r.isRevoked("s0")).isFalse();
        assertThat(r.isRevoked("s1")).isTrue();
        assertThat(r.isRevoked("newest")).isTrue();
    }
}
