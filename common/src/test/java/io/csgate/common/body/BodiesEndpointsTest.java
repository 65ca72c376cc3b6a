package io.csgate.common.body;

import static io.csgate.common.body.ErrorAssert.assertErrors;
import static io.csgate.common.body.ErrorAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.event.Op;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One happy path per endpoint (bodies recorded from the reference server), and {@link Bodies#validate}. */
class BodiesEndpointsTest {

    static final String CONN = BodiesTest.CONN;
    static final UUID CONN_ID = BodiesTest.CONN_ID;

    @Test
    void connectAsInA2() {
        ConnectBody b = Bodies.connect(json("{\"username\":\"alice\",\"channels\":[\"room\"],\"conn_id\":\"" + CONN
                + "\",\"fresh_user_state\":{\"status\":\"online\",\"secret_note\":\"x\"},"
                + "\"user_state\":{\"n\":1,\"f\":1.5,\"b\":true,\"z\":null},"
                + "\"state_public_keys\":[\"status\"],\"channel_configs\":{\"room\":{\"notify_presence\":true,"
                + "\"notify_state\":true,\"store_history\":true,\"history_size\":5,"
                + "\"broadcast_presence_with_user_lists\":true}},\"info\":{\"include_users\":false}}"));
        assertThat(b.username()).isEqualTo("alice");
        assertThat(b.connId()).isEqualTo(CONN_ID);
        assertThat(b.channels()).containsExactly("room");
        assertThat(b.statePublicKeys()).containsExactly("status");
        assertThat(b.freshUserState()).containsExactly(Map.entry("status", "online"), Map.entry("secret_note", "x"));
        assertThat(b.userState().keySet()).containsExactly("n", "f", "b", "z");
        assertThat(b.userState()).containsEntry("n", 1L).containsEntry("f", 1.5).containsEntry("b", true)
                .containsEntry("z", null);
        assertThat(b.channelConfigs()).containsExactly(
                Map.entry("room", new ChannelConfig(true, true, 5, true, true, true)));
        assertThat(b.info()).isEqualTo(new InfoResolution(true, false, null, List.of(), false, false));
    }

    @Test
    void subscribeAndUnsubscribeAsInA6() {
        SubscribeBody s = Bodies.subscribe(json("{\"conn_id\":\"" + CONN + "\",\"channels\":[\"room2\"],"
                + "\"channel_configs\":{\"room2\":{\"notify_presence\":true}}}"));
        assertThat(s).isEqualTo(new SubscribeBody(CONN_ID, List.of("room2"),
                Map.of("room2", new ChannelConfig(true, false, 10, false, false, true)), InfoResolution.DEFAULTS));
        SubscribeBody u = Bodies.subscribe(json("{\"conn_id\":\"" + CONN + "\",\"channels\":[\"room2\",\"nonexistent\"],"
                + "\"info\":{\"channels\":[\"a\"],\"exclude_channels\":[\"b\"],\"return_public_state\":true}}"));
        assertThat(u.channels()).containsExactly("room2", "nonexistent");
        assertThat(u.info()).isEqualTo(new InfoResolution(true, true, List.of("a"), List.of("b"), false, true));
    }

    @Test
    void userStateAsInA5KeepsRequestOrder() {
        UserStateBody b = Bodies.userState(json("{\"user\":\"bob\",\"user_state\":{\"status\":\"busy\",\"hidden\":1},"
                + "\"state_public_keys\":[\"status\"]}"));
        assertThat(b.user()).isEqualTo("bob");
        assertThat(b.userState()).containsExactly(Map.entry("status", "busy"), Map.entry("hidden", 1L));
        assertThat(b.statePublicKeys()).containsExactly("status");
    }

    @Test
    void publishAsInA3KeepsEveryItem() {
        List<MessageItem> items = Bodies.messages(json("["
                + "{\"type\":\"message\",\"user\":\"bob\",\"channel\":\"room\",\"message\":{\"text\":\"hello\"},\"extra_key\":1},"
                + "{\"user\":\"system\",\"channel\":\"room\",\"pm_users\":[\"alice\"],\"no_history\":true,"
                + "\"message\":{\"text\":\"pm in channel\"}},"
                + "{\"user\":\"system\",\"pm_users\":[\"bob\"],\"exclude_users\":[\"x\"],\"message\":{\"text\":\"global\"},"
                + "\"uuid\":\"" + CONN + "\",\"timestamp\":\"2026-11-29T07:00:06.166518\"},"
                + "{\"user\":\"nobody\",\"message\":{}}]"));
        assertThat(items).hasSize(4); // dropping items without channel or pm_users is the model's job
        assertThat(items.get(0)).isEqualTo(new MessageItem("bob", "room", List.of(), List.of(), false, null, null,
                Map.of("text", "hello"), Map.of("extra_key", 1L)));
        assertThat(items.get(1).pmUsers()).containsExactly("alice");
        assertThat(items.get(1).noHistory()).isTrue();
        assertThat(items.get(2)).isEqualTo(new MessageItem("system", null, List.of("bob"), List.of("x"), false,
                CONN_ID, "2026-11-29T07:00:06.166518", Map.of("text", "global"), Map.of()));
    }

    @Test
    void editAndDeleteAsInA7() {
        MessageEditItem e = Bodies.edits(json("[{\"uuid\":\"" + CONN + "\",\"channel\":\"room\","
                + "\"message\":{\"text\":\"hello (edited)\"},\"user\":\"bob\",\"timestamp\":\"2024-01-02T03:04:05+01:00\"}]"))
                .get(0);
        assertThat(e).isEqualTo(new MessageEditItem(CONN_ID, "bob", "room", List.of(), List.of(), false,
                "2024-01-02T02:04:05+00:00", true, Map.of("text", "hello (edited)"), null, Map.of()));
        assertThat(Bodies.deletes(json("[{\"uuid\":\"" + CONN + "\",\"channel\":\"room\",\"pm_users\":[\"a\"],"
                + "\"exclude_users\":[\"b\"],\"no_history\":true}]")))
                .containsExactly(new MessageDeleteItem(CONN_ID, "room", List.of("a"), List.of("b"), true));
    }

    @Test
    void channelConfigAsInA8KeepsRequestOrder() {
        ChannelConfigBody b = Bodies.channelConfig(json("{\"cfgchan\":{\"notify_presence\":true,\"history_size\":3},"
                + "\"b\":{},\"a\":{\"store_frames\":false}}"));
        assertThat(b.configs().keySet()).containsExactly("cfgchan", "b", "a");
        assertThat(b.configs().get("cfgchan")).isEqualTo(new ChannelConfig(true, false, 3, false, false, true));
        assertThat(b.configs().get("a").storeFrames()).isFalse();
        assertThat(Bodies.channelConfig(json("{}")).configs()).isEmpty();
    }

    @Test
    void infoSelectsChannels() {
        assertThat(Bodies.info(json("{\"info\":{\"channels\":[\"room\"],\"include_history\":false}}")))
                .isEqualTo(new InfoResolution(false, true, List.of("room"), List.of(), false, false));
        assertErrors(() -> Bodies.info(json("{\"info\": null}")), "{\"info\": [\"Field may not be null.\"]}");
    }

    @Test
    void disconnectReadsOnlyConnIdLikeTheReferenceView() {
        assertThat(Bodies.disconnect(json("{\"conn_id\":\"" + CONN + "\",\"other\":1}")))
                .isEqualTo(new DisconnectBody(CONN_ID));
        assertErrors(() -> Bodies.disconnect(json("{}")), "{\"conn_id\": [\"Field may not be null.\"]}");
        assertErrors(() -> Bodies.disconnect(json("[]")), "{\"_schema\": [\"Invalid input type.\"]}");
    }

    @Test
    void validateAcceptsAValidBodyOfEveryOp() {
        Map<Op, String> bodies = new EnumMap<>(Op.class);
        bodies.put(Op.CONNECT, "{\"username\":\"u\"}");
        bodies.put(Op.SUBSCRIBE, "{\"conn_id\":\"" + CONN + "\",\"channels\":[\"a\"]}");
        bodies.put(Op.UNSUBSCRIBE, "{\"conn_id\":\"" + CONN + "\",\"channels\":[\"a\"],\"channel_configs\":{\"a\":{}}}");
        bodies.put(Op.DISCONNECT, "{\"conn_id\":\"" + CONN + "\"}");
        bodies.put(Op.USER_STATE, "{\"user\":\"u\"}");
        bodies.put(Op.CHANNEL_CONFIG, "{\"a\":{}}");
        bodies.put(Op.MESSAGE, "[{\"user\":\"u\",\"channel\":\"a\"}]");
        bodies.put(Op.MESSAGE_EDIT, "[{\"uuid\":\"" + CONN + "\"}]");
        bodies.put(Op.MESSAGE_DELETE, "[{\"uuid\":\"" + CONN + "\"}]");
        bodies.put(Op.SOCKET_ATTACHED, "{\"conn_id\":\"" + CONN + "\"}");
        bodies.put(Op.GATEWAY_HEARTBEAT, "{}");
        bodies.put(Op.GATEWAY_DOWN, "{\"gateway_id\":\"gw-1\"}");
        bodies.put(Op.USERS_EXPIRED, "{\"users\":[\"u\"],\"idle_before\":\"2026-11-28T08:00:00Z\"}");
        bodies.put(Op.ADMIN_SIGNED_OUT, "{\"session\":\"s1\",\"expires\":\"2026-12-28T08:00:00Z\"}");
        assertThat(bodies.keySet()).containsExactly(Op.values());
        assertThat(Bodies.validate(Op.ADMIN_SIGNED_OUT, json(bodies.get(Op.ADMIN_SIGNED_OUT)))).isEqualTo(
                new AdminSignedOutBody("s1", java.time.Instant.parse("2026-12-28T08:00:00Z")));
        assertErrors(() -> Bodies.validate(Op.ADMIN_SIGNED_OUT, json("{\"session\":\"s1\",\"expires\":\"soon\"}")),
                "{\"expires\": [\"Not a valid datetime.\"]}");
        assertThat(Bodies.validate(Op.USERS_EXPIRED, json(bodies.get(Op.USERS_EXPIRED)))).isEqualTo(
                new UsersExpiredBody(List.of("u"), java.time.Instant.parse("2026-11-28T08:00:00Z")));
        assertErrors(() -> Bodies.validate(Op.USERS_EXPIRED, json("{\"users\":[],\"idle_before\":\"then\"}")),
                "{\"idle_before\": [\"Not a valid datetime.\"]}");

        assertThat(Bodies.validate(Op.CONNECT, json(bodies.get(Op.CONNECT)))).isInstanceOf(ConnectBody.class);
        assertThat(Bodies.validate(Op.UNSUBSCRIBE, json(bodies.get(Op.UNSUBSCRIBE)))).isInstanceOf(SubscribeBody.class);
        assertThat(Bodies.validate(Op.DISCONNECT, json(bodies.get(Op.DISCONNECT)))).isEqualTo(new DisconnectBody(CONN_ID));
        assertThat(Bodies.validate(Op.CHANNEL_CONFIG, json(bodies.get(Op.CHANNEL_CONFIG))))
                .isEqualTo(new ChannelConfigBody(Map.of("a", ChannelConfig.DEFAULTS)));
        assertThat((List<?>) Bodies.validate(Op.MESSAGE, json(bodies.get(Op.MESSAGE)))).hasSize(1);
        assertThat(Bodies.validate(Op.SOCKET_ATTACHED, json(bodies.get(Op.SOCKET_ATTACHED))))
                .isEqualTo(new DisconnectBody(CONN_ID));
        assertThat(Bodies.validate(Op.GATEWAY_HEARTBEAT, json("{}"))).isNull();
        assertThat(Bodies.validate(Op.GATEWAY_DOWN, json(bodies.get(Op.GATEWAY_DOWN)))).isEqualTo("gw-1");
        bodies.forEach((op, body) -> Bodies.validate(op, json(body)));
    }

    @Test
    void validateRejectsBadLifecycleBodies() {
        assertErrors(() -> Bodies.validate(Op.SOCKET_ATTACHED, json("{\"x\":1}")),
                "{\"conn_id\": [\"Missing data for required field.\"], \"x\": [\"Unknown field.\"]}");
        assertErrors(() -> Bodies.validate(Op.GATEWAY_HEARTBEAT, json("{\"x\":1}")), "{\"x\": [\"Unknown field.\"]}");
        assertErrors(() -> Bodies.validate(Op.GATEWAY_HEARTBEAT, null), "{\"_schema\": [\"Invalid input type.\"]}");
        assertErrors(() -> Bodies.validate(Op.GATEWAY_DOWN, json("{\"gateway_id\":\"\"}")),
                "{\"gateway_id\": [\"Length must be between 1 and 64.\"]}");
        assertErrors(() -> Bodies.validate(Op.GATEWAY_DOWN, json("{\"gateway_id\":3}")),
                "{\"gateway_id\": [\"Not a valid string.\"]}");
        assertErrors(() -> Bodies.validate(Op.MESSAGE_DELETE, json("{}")), "{\"_schema\": [\"Invalid input type.\"]}");
    }
}
