package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.connect;
import static io.csgate.gateway.model.Bodies.msg;
import static io.csgate.gateway.model.Bodies.msgWithUuid;
import static io.csgate.gateway.model.Bodies.text;
import static io.csgate.gateway.model.ConnectTest.channel;
import static io.csgate.gateway.model.ConnectTest.connId;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.MessageEditItem;
import io.csgate.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EditDeleteTest {

    static final UUID HELLO = MessagesTest.HELLO;

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();
    UUID alice;
    UUID bob;

    /** alice and bob in room, then bob's "hello" (ev-3). */
    void helloIn(ChannelConfig config) {
        alice = connId(model.connect(Bodies.connect("alice", null, List.of("room"), Map.of("room", config)),
                events.next()));
        bob = connId(model.connect(connect("bob", "room"), events.next()));
        model.messages(List.of(msgWithUuid("bob", "room", HELLO, "hello")), events.next());
        outbox.clear();
    }

    List<Map<String, Object>> history() {
        return ConnectTest.history(model.info(InfoResolution.DEFAULTS), "room");
    }

    @Test
    void editAnswersPatchesHistoryAndBroadcasts() {
        helloIn(Bodies.HISTORY);

        List<Map<String, Object>> answer = model.editMessages(
                List.of(Bodies.edit(HELLO, "room", List.of(), "hello (edited)")), events.next());

        String edited = "2026-11-29T07:00:04.000001";
        assertThat(Json.text(answer.get(0))).isEqualTo("{\"pm_users\":[],\"channel\":\"room\",\"exclude_users\":[],"
                + "\"uuid\":\"" + HELLO + "\",\"edited\":\"" + edited + "\",\"no_history\":false,"
                + "\"message\":{\"text\":\"hello (edited)\"}}");
        assertThat(Json.text(history().get(0))).isEqualTo("{\"channel\":\"room\",\"uuid\":\"" + HELLO
                + "\",\"timestamp\":\"2026-11-29T07:00:03.000001\",\"user\":\"bob\",\"message\":{\"text\":"
                + "\"hello (edited)\"},\"edited\":\"" + edited + "\",\"catchup\":false,\"type\":\"message\"}");
        assertThat(outbox.deliveries).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(alice, bob);
            assertThat(d.json()).isEqualTo("{\"channel\":\"room\",\"uuid\":\"" + HELLO + "\",\"edited\":\"" + edited
                    + "\",\"message\":{\"text\":\"hello (edited)\"},\"type\":\"message:edit\"}");
        });
        assertThat(model.catchup(alice, model.connectionSeq(bob))).extracting(Json::text).containsExactly(
                Json.text(history().get(0)).replace("\"catchup\":false", "\"catchup\":true"),
                "{\"channel\":\"room\",\"uuid\":\"" + HELLO + "\",\"edited\":\"" + edited + "\",\"message\":{\"text\":"
                        + "\"hello (edited)\"},\"type\":\"message:edit\",\"catchup\":true}");
    }

    @Test
    void editPatchesTheStoredFrameWhenThereIsNoHistory() {
        helloIn(ChannelConfig.DEFAULTS);

        model.editMessages(List.of(Bodies.edit(HELLO, "room", List.of(), "changed")), events.next());

        assertThat(model.catchup(alice, 2).get(0).get("message")).isEqualTo(text("changed"));
        assertThat(model.adminInfo().get("total_messages")).isEqualTo(2L);
    }

    @Test
    void editHonoursItsOwnRecipientsAndSuppliedTimes() {
        helloIn(ChannelConfig.DEFAULTS);
        MessageEditItem item = new MessageEditItem(HELLO, "bob", "room", List.of("bob"), List.of(), false,
                "2020-01-01T00:00:00+00:00", true, text("x"), "2021-01-01T00:00:00+00:00", Map.of());

        List<Map<String, Object>> answer = model.editMessages(List.of(item), events.next());

        assertThat(answer.get(0).get("edited")).isEqualTo("2021-01-01T00:00:00+00:00");
        assertThat(answer.get(0).keySet()).containsExactly("pm_users", "channel", "exclude_users", "uuid", "timestamp",
                "user", "edited", "no_history", "message");
        assertThat(outbox.deliveries).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(bob);
            assertThat(d.event().get("edited")).isEqualTo("2021-01-01T00:00:00Z");
            assertThat(d.event().get("timestamp")).isEqualTo("2020-01-01T00:00:00Z");
        });
        assertThat(model.catchup(alice, 2)).extracting(f -> f.get("type")).containsExactly("message");
    }

    @Test
    void editOfAGlobalPrivateMessagePatchesThePrivateFrame() {
        helloIn(ChannelConfig.DEFAULTS);
        model.messages(List.of(new io.csgate.common.body.MessageItem("x", null, List.of("alice"), List.of(), false,
                UUID.fromString("11111111-1234-5678-1234-567812345678"), null, text("secret"), Map.of())),
                events.next());
        outbox.clear();

        model.editMessages(List.of(Bodies.edit(UUID.fromString("11111111-1234-5678-1234-567812345678"), null,
                List.of("alice"), "secret!")), events.next());

        assertThat(outbox.deliveries).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(alice);
            assertThat(d.type()).isEqualTo("message:edit");
            assertThat(d.event()).containsEntry("channel", null);
        });
        assertThat(model.catchup(alice, 3)).extracting(f -> f.get("message"), f -> f.get("type"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(text("secret!"), "message"),
                        org.assertj.core.groups.Tuple.tuple(text("secret!"), "message:edit"));
    }

    @Test
    void editOfAMissingChannelDoesNothing() {
        helloIn(ChannelConfig.DEFAULTS);

        List<Map<String, Object>> answer = model.editMessages(
                List.of(Bodies.edit(HELLO, "nowhere", List.of(), "x")), events.next());

        assertThat(answer).hasSize(1);
        assertThat(outbox.deliveries).isEmpty();
    }

    @Test
    void deleteAnswersRemovesFromHistoryAndFramesAndBroadcasts() {
        helloIn(Bodies.HISTORY);
        model.messages(List.of(msg("bob", "room", "kept")), events.next());
        outbox.clear();

        List<Map<String, Object>> answer = model.deleteMessages(List.of(Bodies.delete(HELLO, "room", List.of())),
                events.next());

        assertThat(Json.text(answer.get(0))).isEqualTo("{\"pm_users\":[],\"exclude_users\":[],\"channel\":\"room\","
                + "\"no_history\":false,\"uuid\":\"" + HELLO + "\"}");
        assertThat(history()).extracting(e -> e.get("message")).containsExactly(text("kept"));
        assertThat(outbox.deliveries).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(alice, bob);
            assertThat(d.json()).isEqualTo("{\"channel\":\"room\",\"uuid\":\"" + HELLO + "\",\"type\":\"message:delete\"}");
        });
        assertThat(model.catchup(alice, 2)).extracting(f -> f.get("type"), f -> f.get("message"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("message", text("kept")),
                        org.assertj.core.groups.Tuple.tuple("message:delete", null));
    }

    @Test
    void deleteOfAGlobalPrivateMessageRemovesThePrivateFrame() {
        helloIn(ChannelConfig.DEFAULTS);
        model.messages(List.of(new io.csgate.common.body.MessageItem("x", null, List.of("alice"), List.of(), false,
                HELLO, null, text("secret"), Map.of())), events.next());
        outbox.clear();

        model.deleteMessages(List.of(Bodies.delete(HELLO, null, List.of("alice"))), events.next());

        assertThat(outbox.deliveries).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(alice);
            assertThat(d.json()).isEqualTo("{\"channel\":null,\"uuid\":\"" + HELLO + "\",\"type\":\"message:delete\"}");
        });
        assertThat(model.catchup(alice, 3)).extracting(f -> f.get("type")).containsExactly("message:delete");
    }
}
