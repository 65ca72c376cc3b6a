package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.connect;
import static io.csgate.gateway.model.Bodies.connectWithState;
import static io.csgate.gateway.model.Bodies.info;
import static io.csgate.gateway.model.Bodies.map;
import static io.csgate.gateway.model.Bodies.msg;
import static io.csgate.gateway.model.ConnectTest.channel;
import static io.csgate.gateway.model.ConnectTest.connId;
import static io.csgate.gateway.model.ConnectTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.ChannelConfigBody;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChannelConfigInfoTest {

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();

    Map<String, Object> configure(String name, ChannelConfig config) {
        LinkedHashMap<String, ChannelConfig> body = new LinkedHashMap<>();
        body.put(name, config);
        return model.channelConfig(new ChannelConfigBody(body), events.next());
    }

    @Test
    void channelConfigCreatesAndAnswersLikeTheReference() {
        Map<String, Object> answer = configure("cfgchan", new ChannelConfig(true, false, 3, false, false, true));

        assertThat(Json.text(answer)).isEqualTo("{\"channels\":{\"cfgchan\":{\"uuid\":\""
                + Events.uuid("ev-1", "channel/cfgchan") + "\",\"name\":\"cfgchan\",\"long_name\":null,"
                + "\"settings\":{\"notify_presence\":true,\"store_history\":false,\"history_size\":3,"
                + "\"broadcast_presence_with_user_lists\":false,\"notify_state\":false,\"store_frames\":true},"
                + "\"history\":[],\"last_active\":\"2026-11-29T07:00:01.000001\",\"total_connections\":0,"
                + "\"total_users\":0,\"users\":[]}},\"users\":[]}");
    }

    @Test
    void reconfiguringSetsTheWholeConfig() {
        configure("c", new ChannelConfig(true, false, 3, true, true, false));

        Map<String, Object> answer = configure("c", new ChannelConfig(false, true, 10, false, false, true));

        assertThat(settings(answer, "c")).isEqualTo(map("notify_presence", false, "store_history", true,
                "history_size", 10, "broadcast_presence_with_user_lists", false, "notify_state", false,
                "store_frames", true));
        assertThat(channel(answer, "c").get("uuid")).isEqualTo(Events.uuid("ev-1", "channel/c"));
    }

    @Test
    void channelConfigHidesHistoryAndNamesButCountsUsers() {
        model.connect(connect("alice", "room"), events.next());
        model.connect(connect("bob", "room"), events.next());
        configure("room", Bodies.HISTORY);
        model.messages(List.of(msg("x", "room", "m")), events.next());

        Map<String, Object> answer = configure("room", Bodies.HISTORY);

        assertThat(channel(answer, "room")).containsEntry("history", List.of()).containsEntry("users", List.of())
                .containsEntry("total_users", 2).containsEntry("total_connections", 2);
        assertThat(answer.get("users")).isEqualTo(List.of());
    }

    @Test
    void emptyChannelConfigAnswersEmptyInfo() {
        assertThat(model.channelConfig(new ChannelConfigBody(Map.of()), events.next()))
                .isEqualTo(map("channels", map(), "users", List.of()));
    }

    @Test
    void infoSelectsExcludesAndShapes() {
        model.connect(connectWithState("zed", List.of("p"), map("p", 1L, "q", 2L), map(), "b", "c"), events.next());
        model.connect(connectWithState("amy", List.of(), map("q", 3L), map(), "a", "b"), events.next());
        configure("b", Bodies.HISTORY);
        model.messages(List.of(msg("x", "b", "m")), events.next());

        Map<String, Object> all = model.info(InfoResolution.DEFAULTS);
        assertThat(ConnectTest.names(all)).containsExactly("b", "c", "a");
        assertThat(Json.text(all.get("users"))).isEqualTo(
                "[{\"user\":\"amy\",\"state\":{\"q\":3}},{\"user\":\"zed\",\"state\":{\"p\":1,\"q\":2}}]");
        assertThat(channel(all, "b").get("users")).isEqualTo(List.of("amy", "zed"));
        assertThat((List<?>) channel(all, "b").get("history")).hasSize(1);

        Map<String, Object> some = model.info(info(false, true, List.of("c", "nope", "b"), List.of("b"), true));
        assertThat(ConnectTest.names(some)).containsExactly("c");
        assertThat(Json.text(some.get("users"))).isEqualTo("[{\"user\":\"zed\",\"state\":{\"p\":1}}]");

        Map<String, Object> noHistory = model.info(info(false, false, List.of("b"), List.of(), false));
        assertThat(channel(noHistory, "b")).containsEntry("history", List.of()).containsEntry("users", List.of())
                .containsEntry("total_users", 2);
        assertThat(noHistory.get("users")).isEqualTo(List.of());
    }

    @Test
    void adminInfoCountsAndListsActiveUsers() {
        UUID alice = connId(model.connect(connectWithState("alice", List.of("s"), map("s", "on", "x", 1L), map(),
                "room"), events.next()));
        UUID gone = connId(model.connect(connect("gone", "room"), events.next()));
        model.disconnect(gone, events.next());
        model.messages(List.of(msg("x", "room", "m")), events.next());

        Map<String, Object> admin = model.adminInfo();

        assertThat(admin.keySet()).containsExactly("remembered_user_count", "unique_user_count", "total_connections",
                "total_channels", "total_messages", "total_unique_messages", "channels", "users");
        assertThat(admin).containsEntry("remembered_user_count", 2).containsEntry("unique_user_count", 1)
                .containsEntry("total_connections", 1).containsEntry("total_channels", 1)
                .containsEntry("total_messages", 1L).containsEntry("total_unique_messages", 1L);
        assertThat(Json.text(admin.get("users"))).isEqualTo("[{\"state\":{\"s\":\"on\"},\"user\":\"alice\",\"uuid\":\""
                + Events.uuid("ev-1", "user/alice") + "\",\"connections\":[\"" + alice + "\"]}]");
        assertThat(ConnectTest.names(admin)).containsExactly("room");
    }
}
