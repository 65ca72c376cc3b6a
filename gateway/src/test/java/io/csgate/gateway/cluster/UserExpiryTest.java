package io.csgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.Bodies;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.UsersExpiredBody;
import io.csgate.common.event.Op;
import io.csgate.common.json.Json;
import io.csgate.gateway.replica.EventEmitter;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.EventContext;
import io.csgate.gateway.model.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code gc_users_after} on the log's clock: the leader decides by the time of its own latest
 * applied heartbeat, never by the wall clock, and two replicas that apply the resulting events end
 * with the same users. Heartbeats here are dated 2030, years away from the clock the test runs by.
 */
class UserExpiryTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Outbox NOWHERE = new Outbox() {
        @Override
        public void deliver(List<UUID> connIds, Map<String, Object> event) {}

        @Override
        public void close(UUID connId) {}
    };
    private static final StateThread NOW = new StateThread() {
        @Override
        public <T> CompletableFuture<T> call(Supplier<T> work) {
            return CompletableFuture.completedFuture(work.get());
        }
    };

    private final List<Map<String, Object>> emitted = new ArrayList<>();
    private final EventEmitter emitter = (op, body) -> {
        assertThat(op).isEqualTo(Op.USERS_EXPIRED);
        emitted.add(body);
        return CompletableFuture.completedFuture(null);
    };
    private int n;

    /** The same events, at the same log times, to every replica. */
    private void apply(List<ChannelstreamModel> replicas, Consumer<ChannelstreamModel> event) {
        replicas.forEach(event);
    }

    private EventContext at(Instant t) {
        n++;
        return new EventContext("ev-" + n, t, "gw-a");
    }

    private void visit(List<ChannelstreamModel> replicas, String user, Instant at, boolean stay) {
        EventContext connect = at(at);
        EventContext leave = at(at);
        UUID conn = UUID.nameUUIDFromBytes(user.getBytes());
        apply(replicas, m -> m.connect(new ConnectBody(user, conn, List.of("room"), null, Map.of(), Map.of(), Map.of(),
                null), connect));
        if (!stay) {
            apply(replicas, m -> m.disconnect(conn, leave));
        }
    }

    @Test
    void theLeaderForgetsUsersIdleLongerThanTheSettingBeforeItsLogTimeAndEveryReplicaAgrees() {
        ChannelstreamModel a = new ChannelstreamModel(NOWHERE);
        ChannelstreamModel b = new ChannelstreamModel(NOWHERE);
        List<ChannelstreamModel> both = List.of(a, b);
        visit(both, "old", T0, false);
        visit(both, "older-but-connected", T0.minusSeconds(60), true);
        visit(both, "recent", T0.plus(HOUR).plusSeconds(30), false);
        Liveness liveness = new Liveness("gw-a", Duration.ofSeconds(20));
        UserExpiry expiry = new UserExpiry(liveness, NOW, a, emitter, HOUR);

        expiry.run();
        assertThat(emitted).as("nothing before our heartbeat came back through the log").isEmpty();

        Instant logTime = T0.plus(HOUR).plusSeconds(45);
        liveness.heartbeat("gw-a", logTime);
        expiry.run();

        assertThat(emitted).hasSize(1);
        assertThat(emitted.get(0)).containsEntry("idle_before", logTime.minus(HOUR).toString());
        assertThat(emitted.get(0).get("users")).isEqualTo(List.of("old"));
        // every replica applies the event as it came through the log
        UsersExpiredBody body = (UsersExpiredBody) Bodies.validate(Op.USERS_EXPIRED, Json.tree(emitted.get(0)));
        EventContext ctx = at(logTime);
        apply(both, m -> m.expireUsers(body, ctx));
        for (ChannelstreamModel m : both) {
            assertThat(m.hasUser("old")).isFalse();
            assertThat(m.hasUser("older-but-connected")).isTrue();
            assertThat(m.hasUser("recent")).isTrue();
        }
        assertThat(Json.text(a.export())).isEqualTo(Json.text(b.export()));
    }

    @Test
    void aUserBackBeforeTheEventIsAppliedStaysOnEveryReplica() {
        ChannelstreamModel a = new ChannelstreamModel(NOWHERE);
        ChannelstreamModel b = new ChannelstreamModel(NOWHERE);
        List<ChannelstreamModel> both = List.of(a, b);
        visit(both, "back", T0, false);
        Liveness liveness = new Liveness("gw-a", Duration.ofSeconds(20));
        liveness.heartbeat("gw-a", T0.plus(HOUR).plusSeconds(1));
        new UserExpiry(liveness, NOW, a, emitter, HOUR).run();
        assertThat(emitted).hasSize(1);
        // the user comes back between the leader's decision and the event's turn in the log
        visit(both, "back", T0.plus(HOUR).plusSeconds(2), false);
        UsersExpiredBody body = (UsersExpiredBody) Bodies.validate(Op.USERS_EXPIRED, Json.tree(emitted.get(0)));
        EventContext ctx = at(T0.plus(HOUR).plusSeconds(3));
        apply(both, m -> assertThat(m.expireUsers(body, ctx)).isEmpty());
        assertThat(a.hasUser("back")).isTrue();
        assertThat(Json.text(a.export())).isEqualTo(Json.text(b.export()));
    }

    @Test
    void onlyTheLeaderDecidesAndLargeRoundsAreSplit() {
        ChannelstreamModel m = new ChannelstreamModel(NOWHERE);
        for (int i = 0; i < 2500; i++) {
            visit(List.of(m), "u" + i, T0, false);
        }
        Liveness follower = new Liveness("gw-b", Duration.ofSeconds(20));
        follower.heartbeat("gw-a", T0.plus(HOUR).plusSeconds(10));
        follower.heartbeat("gw-b", T0.plus(HOUR).plusSeconds(10));
        new UserExpiry(follower, NOW, m, emitter, HOUR).run();
        assertThat(emitted).as("gw-a leads, gw-b does not decide").isEmpty();

        Liveness leader = new Liveness("gw-a", Duration.ofSeconds(20));
        leader.heartbeat("gw-a", T0.plus(HOUR).plusSeconds(10));
        new UserExpiry(leader, NOW, m, emitter, HOUR).run();
        assertThat(emitted).hasSize(3);
        assertThat(emitted.stream().mapToInt(e -> ((List<?>) e.get("users")).size()))
                .containsExactly(UserExpiry.MAX_PER_EVENT, UserExpiry.MAX_PER_EVENT, 500);
    }

    @Test
    void itLooksEveryMinuteOrSoonerForShortSettings() {
        assertThat(UserExpiry.period(Duration.ofDays(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(UserExpiry.period(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(5));
        assertThat(UserExpiry.period(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
    }
}
