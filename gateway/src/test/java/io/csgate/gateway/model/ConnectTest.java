package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.connect;
import static io.csgate.gateway.model.Bodies.connectWithState;
import static io.csgate.gateway.model.Bodies.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConnectTest {

    static final UUID ALICE = UUID.fromString("12345678-1234-5678-1234-567812345678");

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();

    @Test
    void connectAnswersLikeTheReference() {
        ConnectBody body = new ConnectBody("alice", ALICE, List.of("room"), List.of("status"),
                map("status", "online", "secret_note", "x"), Map.of(),
                Map.of("room", new ChannelConfig(true, true, 5, true, true, true)), null);

        Map<String, Object> answer = model.connect(body, events.next());

        assertThat(Json.text(answer)).isEqualTo("{\"conn_id\":\"12345678-1234-5678-1234-567812345678\","
                + "\"state\":{\"status\":\"online\",\"secret_note\":\"x\"},\"username\":\"alice\","
                + "\"public_state\":{\"status\":\"online\"},\"channels\":[\"room\"],\"channels_info\":{\"channels\":{"
                + "\"room\":{\"uuid\":\"" + Events.uuid("ev-1", "channel/room") + "\",\"name\":\"room\","
                + "\"long_name\":null,\"settings\":{\"notify_presence\":true,\"store_history\":true,"
                + "\"history_size\":5,\"broadcast_presence_with_user_lists\":true,\"notify_state\":true,"
                + "\"store_frames\":true},\"history\":[],\"last_active\":\"2026-11-29T07:00:01.000001\","
                + "\"total_connections\":1,\"total_users\":1,\"users\":[\"alice\"]}},"
                + "\"users\":[{\"user\":\"alice\",\"state\":{\"status\":\"online\",\"secret_note\":\"x\"}}]}}");
        assertThat(model.seq()).isEqualTo(1);
        assertThat(model.connectionSeq(ALICE)).isEqualTo(1);
        assertThat(model.connectionOwner(ALICE)).contains("gw-a");
    }

    @Test
    void minimalConnectDerivesTheConnIdAndUsesDefaultSettings() {
        Map<String, Object> answer = model.connect(connect("poller", "lp"), events.next());

        String connId = Events.uuid("ev-1", "conn_id");
        assertThat(Json.text(answer)).isEqualTo("{\"conn_id\":\"" + connId + "\",\"state\":{},\"username\":\"poller\","
                + "\"public_state\":{},\"channels\":[\"lp\"],\"channels_info\":{\"channels\":{\"lp\":{"
                + "\"uuid\":\"" + Events.uuid("ev-1", "channel/lp") + "\",\"name\":\"lp\",\"long_name\":null,"
                + "\"settings\":{\"notify_presence\":false,\"store_history\":false,\"history_size\":10,"
                + "\"broadcast_presence_with_user_lists\":false,\"notify_state\":false,\"store_frames\":true},"
                + "\"history\":[],\"last_active\":\"2026-11-29T07:00:01.000001\",\"total_connections\":1,"
                + "\"total_users\":1,\"users\":[\"poller\"]}},\"users\":[{\"user\":\"poller\",\"state\":{}}]}}");
        assertThat(model.hasConnection(UUID.fromString(connId))).isTrue();
        assertThat(model.hasUser("poller")).isTrue();
    }

    @Test
    void freshStateOnlyForNewUsersWhileUserStateMergesEveryTime() {
        model.connect(connectWithState("k", null, map("a", 1L), map()), events.next());
        Map<String, Object> second = model.connect(
                connectWithState("k", null, map("a", 2L, "b", 3L), map("c", "x")), events.next());

        assertThat(second.get("state")).isEqualTo(map("a", 1L, "c", "x"));
    }

    @Test
    void omittedPublicKeysAreKeptAndAnExplicitListReplacesThem() {
        model.connect(connectWithState("k", List.of("a"), map("a", 1L, "b", 2L), map()), events.next());

        Map<String, Object> omitted = model.connect(connectWithState("k", null, map(), map()), events.next());
        assertThat(omitted.get("public_state")).isEqualTo(map("a", 1L));

        Map<String, Object> replaced = model.connect(connectWithState("k", List.of("b"), map(), map()), events.next());
        assertThat(replaced.get("public_state")).isEqualTo(map("b", 2L));

        Map<String, Object> cleared = model.connect(connectWithState("k", List.of(), map(), map()), events.next());
        assertThat(cleared.get("public_state")).isEqualTo(map());
    }

    @Test
    void channelsAreJoinedSortedAndInfoFollowsTheResolution() {
        ConnectBody body = new ConnectBody("u", null, List.of("b", "a"), null, Map.of(), Map.of(), Map.of(),
                Bodies.info(true, false, null, List.of("b"), false));

        Map<String, Object> answer = model.connect(body, events.next());

        assertThat(answer.get("channels")).isEqualTo(List.of("a", "b"));
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) answer.get("channels_info");
        assertThat(ConnectTest.names(info)).containsExactly("a");
        assertThat(info.get("users")).isEqualTo(List.of());
        Map<?, ?> a = (Map<?, ?>) ((Map<?, ?>) info.get("channels")).get("a");
        assertThat(a.get("users")).isEqualTo(List.of());
        assertThat(a.get("total_users")).isEqualTo(1);
    }

    @Test
    void channelConfigsApplyOnlyToChannelsCreatedByTheCall() {
        model.connect(connect("a", "room"), events.next());
        model.connect(Bodies.connect("b", null, List.of("room", "new"),
                Map.of("room", Bodies.HISTORY, "new", Bodies.HISTORY)), events.next());

        Map<String, Object> info = model.info(Bodies.info(false, false, null, List.of(), false));
        assertThat(settings(info, "room").get("store_history")).isEqualTo(false);
        assertThat(settings(info, "new").get("store_history")).isEqualTo(true);
    }

    @Test
    void reusingALiveConnIdReplacesTheConnectionWithoutPresenceChurn() {
        model.connect(Bodies.connect("alice", ALICE, List.of("room"), Map.of("room", Bodies.PRESENCE)), events.next());
        UUID bob = connId(model.connect(connect("bob", "room"), events.next()));
        outbox.clear();

        model.connect(Bodies.connect("alice", ALICE, List.of("room"), Map.of()), events.next());

        assertThat(outbox.closed).containsExactly(ALICE);
        assertThat(outbox.ofType("presence")).isEmpty();
        assertThat(channel(model.info(Bodies.info(false, true, null, List.of(), false)), "room")
                .get("total_connections")).isEqualTo(2);
        assertThat(model.connectionSeq(ALICE)).isEqualTo(3);
        assertThat(users(model.adminInfo())).extracting(u -> u.get("connections"))
                .containsExactly(List.of(ALICE.toString()), List.of(bob.toString()));

        model.connect(Bodies.connect("alice", ALICE, List.of(), Map.of()), events.next());
        assertThat(outbox.ofType("presence")).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(bob);
            assertThat(d.event().get("message")).isEqualTo(map("action", "parted"));
        });
    }

    @Test
    void reusingALiveConnIdForAnotherUserPartsTheOldUserAndJoinsTheNewOne() {
        model.connect(Bodies.connect("alice", ALICE, List.of("room"), Map.of("room", Bodies.PRESENCE)), events.next());
        UUID bob = connId(model.connect(connect("bob", "room"), events.next()));
        outbox.clear();

        model.connect(Bodies.connect("carol", ALICE, List.of("room"), Map.of()), events.next());

        assertThat(outbox.ofType("presence")).extracting(d -> d.event().get("user") + " " + d.event().get("message"))
                .containsExactly("alice {action=parted}", "carol {action=joined}");
        assertThat(outbox.ofType("presence").get(0).connIds()).containsExactly(bob);
        assertThat(outbox.ofType("presence").get(1).connIds()).containsExactly(bob);
        assertThat(channel(model.info(Bodies.info(false, true, null, List.of(), false)), "room").get("users"))
                .isEqualTo(List.of("bob", "carol"));
        assertThat(model.adminInfo().get("unique_user_count")).isEqualTo(2);
    }

    static UUID connId(Map<String, Object> connectAnswer) {
        return UUID.fromString((String) connectAnswer.get("conn_id"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> channel(Map<String, Object> info, String name) {
        return (Map<String, Object>) ((Map<String, Object>) info.get("channels")).get(name);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> history(Map<String, Object> info, String name) {
        return (List<Map<String, Object>>) channel(info, name).get("history");
    }

    @SuppressWarnings("unchecked")
    static List<String> names(Map<String, Object> info) {
        return List.copyOf(((Map<String, Object>) info.get("channels")).keySet());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> settings(Map<String, Object> info, String name) {
        return (Map<String, Object>) channel(info, name).get("settings");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> users(Map<String, Object> info) {
        return (List<Map<String, Object>>) info.get("users");
    }
}
