package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.connect;
import static io.csgate.gateway.model.Bodies.connectWithState;
import static io.csgate.gateway.model.Bodies.map;
import static io.csgate.gateway.model.Bodies.msg;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A replica remembers every user for a day, most of them idle: an idle user holds nothing but its
 * name, uuid and last activity unless it has state, public keys or private frames, and no cached
 * answer at all. (What that costs in bytes is measured by {@code bench users}, not here.)
 */
class UserFootprintTest {

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();

    private void leave(Map<String, Object> answer) {
        model.disconnect(UUID.fromString((String) answer.get("conn_id")), events.next());
    }

    @Test
    void anIdleUserWithoutStateHoldsNothing() {
        Map<String, Object> answer = model.connect(connect("plain", "room"), events.next());
        // the answer listed the user in the channel: that entry is cached while it is connected
        assertThat(model.user("plain").held()).containsExactly("connections", "views");
        leave(answer);
        assertThat(model.user("plain").held()).isEmpty();
        assertThat(model.user("plain").connections()).isEmpty();
        assertThat(model.user("plain").state()).isEmpty();
    }

    @Test
    void cachedAnswersGoWhenTheUserGoesIdle() {
        Map<String, Object> answer = model.connect(connectWithState("rich", List.of("status"), map("status", "here"),
                Map.of(), "room"), events.next());
        // a /connect to the same channel lists "rich" with its public state, from the cached entry
        model.connect(connect("other", "room"), events.next());
        model.info(Bodies.info(false, true, List.of("room"), List.of(), true));
        assertThat(model.user("rich").held()).containsExactly("state", "public_keys", "connections", "views");
        leave(answer);
        assertThat(model.user("rich").held()).containsExactly("state", "public_keys");
    }

    @Test
    void privateFramesAreKeptOnlyForUsersThatGotSome() {
        leave(model.connect(connect("pm-target"), events.next()));
        leave(model.connect(connect("bystander"), events.next()));
        model.messages(List.of(msg("system", null, List.of("pm-target"), List.of(), false, "for you")), events.next());
        assertThat(model.user("pm-target").held()).containsExactly("frames");
        assertThat(model.user("bystander").held()).isEmpty();
    }

    @Test
    void stateIsSharedByAnswersUntilItChangesAndIsNeverChangedInPlace() {
        Map<String, Object> first = model.connect(connectWithState("s", List.of(), map("n", 1L), Map.of()),
                events.next());
        Map<?, ?> shared = (Map<?, ?>) first.get("state");
        Map<String, Object> again = model.connect(connect("s"), events.next());
        assertThat(again.get("state")).isSameAs(shared);
        model.userState(Bodies.state("s", map("n", 2L), null), events.next());
        assertThat(shared).isEqualTo(Map.of("n", 1L));
        assertThat(model.user("s").state()).isEqualTo(Map.of("n", 2L));
    }
}
