package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.channels;
import static io.csgate.gateway.model.Bodies.connect;
import static io.csgate.gateway.model.Bodies.map;
import static io.csgate.gateway.model.ConnectTest.channel;
import static io.csgate.gateway.model.ConnectTest.connId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.SubscribeBody;
import io.csgate.common.body.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();

    @Test
    void subscribeAnswersAllChannelsAndTheNewlyJoinedOnesSorted() {
        UUID bob = connId(model.connect(connect("bob", "room"), events.next()));

        Map<String, Object> answer = model.subscribe(new SubscribeBody(bob, List.of("room3", "room", "room2"),
                Map.of("room2", Bodies.PRESENCE, "room", Bodies.HISTORY), null), events.next());

        assertThat(answer.keySet()).containsExactly("channels", "channels_info", "subscribed_to");
        assertThat(answer.get("channels")).isEqualTo(List.of("room", "room2", "room3"));
        assertThat(answer.get("subscribed_to")).isEqualTo(List.of("room2", "room3"));
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) answer.get("channels_info");
        assertThat(ConnectTest.names(info)).containsExactly("room", "room2", "room3");
        assertThat(ConnectTest.settings(info, "room2").get("notify_presence")).isEqualTo(true);
        assertThat(ConnectTest.settings(info, "room").get("store_history")).isEqualTo(false);
        assertThat(channel(info, "room2").get("last_active")).isEqualTo("2026-11-29T07:00:02.000001");
        assertThat(info.get("users")).isEqualTo(List.of(map("user", "bob", "state", map())));
    }

    @Test
    void unsubscribeIgnoresUnknownChannelsAndListsWhatWasLeft() {
        UUID bob = connId(model.connect(connect("bob", "room", "room2"), events.next()));

        Map<String, Object> answer = model.unsubscribe(channels(bob, "room2", "nonexistent"), events.next());

        assertThat(answer.keySet()).containsExactly("channels", "channels_info", "unsubscribed_from");
        assertThat(answer.get("channels")).isEqualTo(List.of("room"));
        assertThat(answer.get("unsubscribed_from")).isEqualTo(List.of("room2"));
        Map<String, Object> all = model.info(InfoResolution.DEFAULTS);
        assertThat(ConnectTest.names(all)).containsExactly("room", "room2");
        assertThat(channel(all, "room2").get("total_connections")).isEqualTo(0);
    }

    @Test
    void unknownConnectionIsAValidationErrorThatStillCountsAsAnEvent() {
        UUID ghost = UUID.fromString("99999999-1234-5678-1234-567812345678");

        assertThatThrownBy(() -> model.subscribe(channels(ghost, "a"), events.next()))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).isEqualTo(Map.of("conn_id", List.of("Unknown connection"))));
        assertThatThrownBy(() -> model.unsubscribe(channels(ghost, "a"), events.next()))
                .isInstanceOf(ValidationException.class);
        assertThat(model.seq()).isEqualTo(2);
        assertThat(model.info(InfoResolution.DEFAULTS).get("channels")).isEqualTo(Map.of());
    }

    @Test
    void disconnectRemovesTheConnectionPartsAndClosesTheSocket() {
        UUID alice = connId(model.connect(Bodies.connect("alice", null, List.of("room"),
                Map.of("room", Bodies.PRESENCE)), events.next()));
        UUID bob = connId(model.connect(connect("bob", "room"), events.next()));

        assertThat(model.disconnect(bob, events.next())).isTrue();

        assertThat(outbox.ofType("presence")).last().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(alice);
            assertThat(d.event().get("message")).isEqualTo(map("action", "parted"));
        });
        assertThat(outbox.closed).containsExactly(bob);
        assertThat(model.hasConnection(bob)).isFalse();
        assertThat(model.hasUser("bob")).isTrue();
        assertThat(model.connectionSeq(bob)).isEqualTo(-1);
        assertThat(channel(model.info(InfoResolution.DEFAULTS), "room").get("users")).isEqualTo(List.of("alice"));
        assertThat(model.adminInfo().get("remembered_user_count")).isEqualTo(2);
        assertThat(model.adminInfo().get("unique_user_count")).isEqualTo(1);

        assertThat(model.disconnect(bob, events.next())).isFalse();
        assertThat(outbox.closed).containsExactly(bob);
        assertThat(model.seq()).isEqualTo(4);
    }

    @Test
    void socketAttachedMovesOwnership() {
        UUID alice = connId(model.connect(connect("alice", "room"), events.next()));
        assertThat(model.connectionOwner(alice)).contains("gw-a");

        model.socketAttached(alice, events.next("gw-b"));

        assertThat(model.connectionOwner(alice)).contains("gw-b");
        assertThat(model.connectionsOwnedBy("gw-b")).containsExactly(alice);
        assertThat(model.connectionsOwnedBy("gw-a")).isEmpty();
        model.socketAttached(UUID.randomUUID(), events.next("gw-b"));
        assertThat(model.seq()).isEqualTo(3);
    }

    @Test
    void gatewayDownDropsEveryConnectionItOwnedAndPartsOncePerUser() {
        UUID alice = connId(model.connect(Bodies.connect("alice", null, List.of("room"),
                Map.of("room", Bodies.PRESENCE)), events.next()));
        UUID bob1 = connId(model.connect(connect("bob", "room"), events.next("gw-b")));
        UUID bob2 = connId(model.connect(connect("bob", "room", "other"), events.next()));
        model.socketAttached(bob2, events.next("gw-b"));
        outbox.clear();

        List<UUID> dropped = model.gatewayDown("gw-b", events.next("gw-a"));

        assertThat(dropped).containsExactly(bob1, bob2);
        assertThat(outbox.closed).containsExactly(bob1, bob2);
        assertThat(outbox.ofType("presence")).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(alice);
            assertThat(d.event().get("user")).isEqualTo("bob");
        });
        assertThat(model.hasConnection(alice)).isTrue();
        assertThat(model.connectionsOwnedBy("gw-b")).isEmpty();
        assertThat(channel(model.info(InfoResolution.DEFAULTS), "other").get("total_users")).isEqualTo(0);
        assertThat(model.gatewayDown("gw-b", events.next())).isEmpty();
    }

    @Test
    void theUsersOfADownGatewayPartInOneDeliveryPerChannelWithEveryEventStored() {
        List<UUID> stay = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stay.add(connId(model.connect(Bodies.connect("stay-" + i, null, List.of("room"),
                    Map.of("room", Bodies.PRESENCE)), events.next("gw-a"))));
        }
        for (int i = 0; i < 50; i++) {
            model.connect(connect("gone-" + i, "room"), events.next("gw-b"));
        }
        long before = model.seq();
        outbox.clear();

        model.gatewayDown("gw-b", events.next("gw-a"));

        // 50 parted events, in join order, reach the three who stay in one go rather than 50
        assertThat(outbox.batches).containsExactly(50);
        List<Map<String, Object>> got = outbox.to(stay.get(1));
        assertThat(got).hasSize(50);
        assertThat(got.get(0)).containsEntry("user", "gone-0").containsEntry("type", "presence");
        assertThat(got.get(49)).containsEntry("user", "gone-49");
        assertThat(got).allSatisfy(e -> assertThat(e.get("message")).isEqualTo(Map.of("action", "parted")));
        // each is stored as a frame of its own: a socket attaching later catches up event by event
        assertThat(model.catchup(stay.get(0), before)).hasSize(50);
        assertThat(channel(model.info(InfoResolution.DEFAULTS), "room").get("total_users")).isEqualTo(3);
    }
}
