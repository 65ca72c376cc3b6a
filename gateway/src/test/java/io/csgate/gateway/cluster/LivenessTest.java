package io.csgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Liveness on the log's clock: pure logic, no Kafka. */
class LivenessTest {

    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    @Test
    void nothingIsDeclaredBeforeOurOwnHeartbeatComesBack() {
        Liveness l = new Liveness("me", Duration.ofSeconds(20));
        l.heartbeat("other", T0);
        assertThat(l.silent(Set.of("ghost"))).isEmpty();
        assertThat(l.alive()).isEmpty();
    }

    @Test
    void aGatewaySilentLongerThanTheBoundIsDeclaredAndALiveOneIsNot() {
        Liveness l = new Liveness("me", Duration.ofSeconds(20));
        l.heartbeat("a", T0);
        l.heartbeat("b", T0);
        l.heartbeat("me", T0.plusSeconds(5));
        assertThat(l.silent(Set.of())).isEmpty();
        l.heartbeat("b", T0.plusSeconds(20));
        l.heartbeat("me", T0.plusSeconds(21));
        assertThat(l.silent(Set.of())).containsExactly("a");
        assertThat(l.alive()).containsExactly("b", "me");
        l.down("a", T0.plusSeconds(22));
        assertThat(l.silent(Set.of())).isEmpty();
    }

    @Test
    void ownersThatNeverBeatCountFromWhenFirstSeen() {
        Liveness l = new Liveness("me", Duration.ofSeconds(10));
        l.heartbeat("me", T0);
        assertThat(l.silent(Set.of("crashed"))).isEmpty();
        l.heartbeat("me", T0.plusSeconds(11));
        assertThat(l.silent(Set.of("crashed"))).containsExactly("crashed");
    }

    @Test
    void aLaggingReplicaJudgesByItsOwnAppliedHeartbeatNotTheWallClock() {
        Liveness l = new Liveness("me", Duration.ofSeconds(10));
        l.heartbeat("me", T0);
        l.heartbeat("a", T0);
        // however late this replica applies, "a" is not silent until our own later heartbeat shows it
        assertThat(l.silent(Set.of())).isEmpty();
    }

    @Test
    void theLeaderIsTheSmallestLiveId() {
        Liveness me = new Liveness("gw-b", Duration.ofSeconds(10));
        me.heartbeat("gw-a", T0);
        me.heartbeat("gw-b", T0.plusSeconds(1));
        assertThat(me.isLeader()).isFalse();
        me.heartbeat("gw-b", T0.plusSeconds(12));
        assertThat(me.isLeader()).isTrue();
        assertThat(me.silent(Set.of())).containsExactly("gw-a");
    }

    @Test
    void weNeverDeclareOurselvesAndForgetNothingOfOurselvesOnDown() {
        Liveness l = new Liveness("me", Duration.ofSeconds(10));
        l.heartbeat("me", T0);
        l.down("me", T0);
        l.heartbeat("me", T0.plusSeconds(30));
        assertThat(l.silent(Set.of("me"))).isEmpty();
        assertThat(l.alive()).containsExactly("me");
    }
}
