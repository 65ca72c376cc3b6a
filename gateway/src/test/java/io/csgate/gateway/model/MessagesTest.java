package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.connect;
import static io.csgate.gateway.model.Bodies.map;
import static io.csgate.gateway.model.Bodies.msg;
import static io.csgate.gateway.model.Bodies.text;
import static io.csgate.gateway.model.ConnectTest.channel;
import static io.csgate.gateway.model.ConnectTest.connId;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.MessageItem;
import io.csgate.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessagesTest {

    static final UUID HELLO = UUID.fromString("06ca3c52-3f2d-4048-ad21-db295c3437ec");

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();
    UUID alice;
    UUID bob;

    void aliceAndBobIn(ChannelConfig config) {
        alice = connId(model.connect(Bodies.connect("alice", null, List.of("room"), Map.of("room", config)),
                events.next()));
        bob = connId(model.connect(connect("bob", "room"), events.next()));
        outbox.clear();
    }

    @Test
    void answerKeepsItemsWithAChannelOrRecipientsInTheReferenceKeyOrder() {
        aliceAndBobIn(Bodies.HISTORY);
        List<MessageItem> items = List.of(
                new MessageItem("bob", "room", List.of(), List.of(), false, HELLO, null, text("hello"),
                        map("extra_key", 1L)),
                msg("system", "room", List.of("alice"), List.of(), true, "pm in channel"),
                msg("system", null, List.of("bob"), List.of(), false, "global pm"),
                msg("system", null, List.of(), List.of(), false, "dropped"));

        List<Map<String, Object>> answer = model.messages(items, events.next());

        String ts = "2026-11-29T07:00:03.000001";
        assertThat(answer).extracting(Json::text).containsExactly(
                "{\"pm_users\":[],\"exclude_users\":[],\"channel\":\"room\",\"no_history\":false,\"uuid\":\"" + HELLO
                        + "\",\"timestamp\":\"" + ts + "\",\"user\":\"bob\",\"message\":{\"text\":\"hello\"},"
                        + "\"extra_key\":1,\"edited\":null}",
                "{\"pm_users\":[\"alice\"],\"exclude_users\":[],\"channel\":\"room\",\"no_history\":true,\"uuid\":\""
                        + Events.uuid("ev-3", "message/1") + "\",\"timestamp\":\"" + ts + "\",\"user\":\"system\","
                        + "\"message\":{\"text\":\"pm in channel\"},\"edited\":null}",
                "{\"pm_users\":[\"bob\"],\"exclude_users\":[],\"channel\":null,\"no_history\":false,\"uuid\":\""
                        + Events.uuid("ev-3", "message/2") + "\",\"timestamp\":\"" + ts + "\",\"user\":\"system\","
                        + "\"message\":{\"text\":\"global pm\"},\"edited\":null}");
    }

    @Test
    void framesDropDeliveryKeysAndReachOnlyTheirRecipients() {
        aliceAndBobIn(Bodies.HISTORY);
        model.messages(List.of(
                new MessageItem("bob", "room", List.of(), List.of(), false, HELLO, null, text("hello"),
                        map("extra_key", 1L)),
                msg("system", "room", List.of("alice"), List.of(), true, "pm in channel"),
                msg("system", null, List.of("bob"), List.of(), false, "global pm")), events.next());

        assertThat(outbox.deliveries).hasSize(3);
        assertThat(outbox.deliveries.get(0).connIds()).containsExactly(alice, bob);
        assertThat(outbox.deliveries.get(0).json()).isEqualTo("{\"channel\":\"room\",\"uuid\":\"" + HELLO
                + "\",\"timestamp\":\"2026-11-29T07:00:03.000001\",\"user\":\"bob\",\"message\":{\"text\":\"hello\"},"
                + "\"extra_key\":1,\"edited\":null,\"catchup\":false,\"type\":\"message\"}");
        assertThat(outbox.deliveries.get(1).connIds()).containsExactly(alice);
        assertThat(outbox.deliveries.get(2).connIds()).containsExactly(bob);
        assertThat(outbox.deliveries.get(2).json()).startsWith("{\"channel\":null,\"uuid\":")
                .endsWith("\"edited\":null,\"catchup\":false,\"type\":\"message\"}");
    }

    @Test
    void messagesToAMissingChannelAreDroppedAndCounted() {
        aliceAndBobIn(ChannelConfig.DEFAULTS);

        List<Map<String, Object>> answer = model.messages(List.of(msg("x", "nowhere", "lost")), events.next());

        assertThat(answer).hasSize(1);
        assertThat(outbox.deliveries).isEmpty();
        assertThat(model.droppedNoChannel()).isEqualTo(1);
        assertThat(model.adminInfo().get("total_unique_messages")).isEqualTo(1L);
        assertThat(model.adminInfo().get("total_channels")).isEqualTo(1);
    }

    @Test
    void excludedUsersGetNothing() {
        aliceAndBobIn(ChannelConfig.DEFAULTS);

        model.messages(List.of(msg("x", "room", List.of(), List.of("bob"), false, "not for bob")), events.next());

        assertThat(outbox.deliveries).singleElement().satisfies(d -> assertThat(d.connIds()).containsExactly(alice));
    }

    @Test
    void globalPrivateMessagesReachEveryConnectionOfEachListedUser() {
        aliceAndBobIn(ChannelConfig.DEFAULTS);
        UUID bob2 = connId(model.connect(connect("bob"), events.next()));
        outbox.clear();

        model.messages(List.of(msg("x", null, List.of("bob", "ghost"), List.of("bob"), false, "psst")),
                events.next());

        assertThat(outbox.deliveries).singleElement()
                .satisfies(d -> assertThat(d.connIds()).containsExactly(bob, bob2));
        assertThat(model.adminInfo().get("total_messages")).isEqualTo(2L);
    }

    @Test
    void historyKeepsTheLastHistorySizeMessagesWithoutDeliveryKeys() {
        aliceAndBobIn(new ChannelConfig(false, true, 2, false, false, true));
        for (int i = 1; i <= 3; i++) {
            model.messages(List.of(msg("x", "room", "m" + i)), events.next());
        }
        model.messages(List.of(msg("x", "room", List.of(), List.of(), true, "no history")), events.next());
        model.messages(List.of(msg("x", "room", List.of("alice"), List.of(), false, "private")), events.next());

        List<Map<String, Object>> history = ConnectTest.history(model.info(InfoResolution.DEFAULTS), "room");

        assertThat(history).extracting(e -> e.get("message")).containsExactly(text("m2"), text("m3"));
        assertThat(Json.text(history.get(1))).isEqualTo("{\"channel\":\"room\",\"uuid\":\""
                + Events.uuid("ev-5", "message/0") + "\",\"timestamp\":\"2026-11-29T07:00:05.000001\","
                + "\"user\":\"x\",\"message\":{\"text\":\"m3\"},\"edited\":null,\"catchup\":false,\"type\":\"message\"}");
    }

    @Test
    void historySizeZeroKeepsEverythingLikeTheReference() {
        aliceAndBobIn(new ChannelConfig(false, true, 0, false, false, true));
        for (int i = 1; i <= 12; i++) {
            model.messages(List.of(msg("x", "room", "m" + i)), events.next());
        }

        assertThat((List<?>) channel(model.info(InfoResolution.DEFAULTS), "room").get("history")).hasSize(12);
    }

    @Test
    void channelsWithoutStoreHistoryKeepNone() {
        aliceAndBobIn(ChannelConfig.DEFAULTS);
        model.messages(List.of(msg("x", "room", "m")), events.next());

        assertThat(channel(model.info(InfoResolution.DEFAULTS), "room").get("history")).isEqualTo(List.of());
    }

    @Test
    void aClientTimestampIsAnsweredAsGivenAndFramedWithZ() {
        aliceAndBobIn(ChannelConfig.DEFAULTS);
        MessageItem item = new MessageItem("x", "room", List.of(), List.of(), false, null,
                "2020-01-01T10:00:00+00:00", text("t"), Map.of());

        List<Map<String, Object>> answer = model.messages(List.of(item), events.next());

        assertThat(answer.get(0).get("timestamp")).isEqualTo("2020-01-01T10:00:00+00:00");
        assertThat(outbox.deliveries.get(0).event().get("timestamp")).isEqualTo("2020-01-01T10:00:00Z");
    }

    @Test
    void countersCountDeliveriesAndPublishedItems() {
        aliceAndBobIn(ChannelConfig.DEFAULTS);
        model.messages(List.of(msg("x", "room", "to both"), msg("x", "room", List.of("bob"), List.of(), false, "bob"),
                msg("x", null, List.of("alice"), List.of(), false, "pm"), msg("x", "gone", "dropped"),
                msg("x", null, List.of(), List.of(), false, "not kept")), events.next());

        Map<String, Object> admin = model.adminInfo();
        assertThat(admin.get("total_messages")).isEqualTo(4L);
        assertThat(admin.get("total_unique_messages")).isEqualTo(4L);
        assertThat(channel(model.info(InfoResolution.DEFAULTS), "room").get("last_active"))
                .isEqualTo("2026-11-29T07:00:03.000001");
    }

    @Test
    void eachEventIsDeliveredOnceAsAFreshMap() {
        aliceAndBobIn(Bodies.HISTORY);
        model.messages(List.of(Bodies.msgWithUuid("x", "room", HELLO, "before")), events.next());
        Map<String, Object> delivered = outbox.deliveries.get(0).event();

        model.editMessages(List.of(Bodies.edit(HELLO, "room", List.of(), "after")), events.next());

        assertThat(outbox.deliveries.get(0).connIds()).containsExactly(alice, bob);
        assertThat(Json.text(delivered)).isEqualTo(outbox.deliveries.get(0).json());
        assertThat(delivered.get("message")).isEqualTo(text("before"));
    }
}
