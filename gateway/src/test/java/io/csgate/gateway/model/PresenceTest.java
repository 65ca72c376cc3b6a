package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.channels;
import static io.csgate.gateway.model.Bodies.map;
import static io.csgate.gateway.model.ConnectTest.connId;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PresenceTest {

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();

    UUID join(String user, String status, ChannelConfig config) {
        return connId(model.connect(new io.csgate.common.body.ConnectBody(user, null, List.of("room"),
                List.of("status"), map("status", status, "secret", "s"), Map.of(), Map.of("room", config), null),
                events.next()));
    }

    @Test
    void joinedCarriesTheUserListWithTheJoinerAndSkipsTheJoiner() {
        UUID alice = join("alice", "online", Bodies.PRESENCE_LISTS);
        UUID bob = join("bob", "away", Bodies.PRESENCE_LISTS);

        assertThat(outbox.ofType("presence")).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(alice).doesNotContain(bob);
            assertThat(d.json()).isEqualTo("{\"uuid\":\"" + Events.uuid("ev-2", "presence/room/bob") + "\","
                    + "\"type\":\"presence\",\"user\":\"bob\",\"users\":[{\"user\":\"alice\",\"state\":{\"status\":"
                    + "\"online\"}},{\"user\":\"bob\",\"state\":{\"status\":\"away\"}}],"
                    + "\"timestamp\":\"2026-11-29T07:00:02.000001\",\"channel\":\"room\","
                    + "\"message\":{\"action\":\"joined\"},\"state\":{\"status\":\"away\"},\"catchup\":false}");
        });
    }

    @Test
    void partedListsTheOthersAndHasNullState() {
        UUID alice = join("alice", "online", Bodies.PRESENCE_LISTS);
        UUID bob = join("bob", "away", Bodies.PRESENCE_LISTS);
        outbox.clear();

        model.unsubscribe(channels(bob, "room"), events.next());

        assertThat(outbox.ofType("presence")).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(alice);
            assertThat(d.json()).isEqualTo("{\"uuid\":\"" + Events.uuid("ev-3", "presence/room/bob") + "\","
                    + "\"type\":\"presence\",\"user\":\"bob\",\"users\":[{\"user\":\"alice\",\"state\":{\"status\":"
                    + "\"online\"}}],\"timestamp\":\"2026-11-29T07:00:03.000001\",\"channel\":\"room\","
                    + "\"message\":{\"action\":\"parted\"},\"state\":null,\"catchup\":false}");
        });
    }

    @Test
    void withoutUserListsTheListIsEmpty() {
        join("alice", "online", Bodies.PRESENCE);
        join("bob", "away", Bodies.PRESENCE);

        assertThat(outbox.ofType("presence")).singleElement()
                .satisfies(d -> assertThat(d.event().get("users")).isEqualTo(List.of()));
    }

    @Test
    void onlyTheFirstConnectionJoinsAndOnlyTheLastParts() {
        join("alice", "online", Bodies.PRESENCE);
        UUID bob1 = join("bob", "away", Bodies.PRESENCE);
        UUID bob2 = join("bob", "away", Bodies.PRESENCE);
        assertThat(outbox.ofType("presence")).hasSize(1);

        model.unsubscribe(channels(bob1, "room"), events.next());
        assertThat(outbox.ofType("presence")).hasSize(1);
        model.disconnect(bob2, events.next());
        assertThat(outbox.ofType("presence")).hasSize(2);
        assertThat(outbox.ofType("presence").get(1).event().get("message")).isEqualTo(map("action", "parted"));
    }

    @Test
    void channelsWithoutNotifyPresenceAreSilent() {
        join("alice", "online", ChannelConfig.DEFAULTS);
        UUID bob = join("bob", "away", ChannelConfig.DEFAULTS);
        model.disconnect(bob, events.next());

        assertThat(outbox.ofType("presence")).isEmpty();
    }

    @Test
    void unsubscribingFromAChannelTheUserIsNotInAnnouncesNothing() {
        join("alice", "online", Bodies.PRESENCE);
        UUID bob = connId(model.connect(Bodies.connect("bob", "elsewhere"), events.next()));

        Map<String, Object> answer = model.unsubscribe(channels(bob, "room"), events.next());

        assertThat(answer.get("unsubscribed_from")).isEqualTo(List.of());
        assertThat(outbox.ofType("presence")).isEmpty();
    }

    @Test
    void presenceIsStoredAsAFrameButNeverInHistory() {
        ChannelConfig config = new ChannelConfig(true, true, 10, false, false, true);
        UUID alice = join("alice", "online", config);
        join("bob", "away", config);

        assertThat(model.catchup(alice, model.connectionSeq(alice))).singleElement()
                .satisfies(f -> assertThat(Json.text(f)).contains("\"type\":\"presence\"").endsWith("\"catchup\":true}"));
        assertThat(ConnectTest.channel(model.info(io.csgate.common.body.InfoResolution.DEFAULTS), "room")
                .get("history")).isEqualTo(List.of());
    }
}
