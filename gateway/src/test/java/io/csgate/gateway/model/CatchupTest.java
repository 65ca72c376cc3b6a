package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.connect;
import static io.csgate.gateway.model.Bodies.msg;
import static io.csgate.gateway.model.Bodies.text;
import static io.csgate.gateway.model.ConnectTest.connId;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CatchupTest {

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();

    @Test
    void aMessageBetweenConnectAndAttachIsReplayedAsCatchup() {
        UUID alice = connId(model.connect(connect("alice", "room"), events.next()));
        UUID hello = UUID.fromString("1a35e062-4c07-4846-9d7b-3a30c51f1ec0");
        model.messages(List.of(Bodies.msgWithUuid("system", "room", hello, "before-ws")), events.next());
        model.socketAttached(alice, events.next("gw-b"));

        assertThat(model.catchup(alice, model.connectionSeq(alice))).extracting(Json::text).containsExactly(
                "{\"channel\":\"room\",\"uuid\":\"" + hello + "\",\"timestamp\":\"2026-11-29T07:00:02.000001\","
                        + "\"user\":\"system\",\"message\":{\"text\":\"before-ws\"},\"edited\":null,\"catchup\":true,"
                        + "\"type\":\"message\"}");
    }

    @Test
    void nothingAtOrBeforeThePositionIsReplayed() {
        UUID alice = connId(model.connect(connect("alice", "room"), events.next()));
        model.messages(List.of(msg("x", "room", "one")), events.next());
        model.messages(List.of(msg("x", "room", "two")), events.next());

        assertThat(model.catchup(alice, 2)).extracting(f -> f.get("message")).containsExactly(text("two"));
        assertThat(model.catchup(alice, 3)).isEmpty();
    }

    @Test
    void privateMessagesInAChannelReplayOnlyForTheirRecipients() {
        UUID alice = connId(model.connect(connect("alice", "room"), events.next()));
        UUID bob = connId(model.connect(connect("bob", "room"), events.next()));
        model.messages(List.of(msg("x", "room", List.of("alice"), List.of(), false, "for alice"),
                msg("x", "room", List.of(), List.of("alice"), false, "not for alice")), events.next());

        assertThat(model.catchup(alice, 2)).extracting(f -> f.get("message")).containsExactly(text("for alice"));
        assertThat(model.catchup(bob, 2)).extracting(f -> f.get("message")).containsExactly(text("not for alice"));
    }

    @Test
    void channelFramesComeByChannelNameThenPrivateFrames() {
        UUID alice = connId(model.connect(connect("alice", "zeta", "alpha"), events.next()));
        model.messages(List.of(msg("x", null, List.of("alice"), List.of(), false, "pm"),
                msg("x", "zeta", "z"), msg("x", "alpha", "a")), events.next());

        List<Map<String, Object>> frames = model.catchup(alice, 1);

        assertThat(frames).extracting(f -> f.get("message")).containsExactly(text("a"), text("z"), text("pm"));
        assertThat(frames).allSatisfy(f -> assertThat(f).containsEntry("catchup", true)
                .doesNotContainKeys("pm_users", "exclude_users", "no_history"));
    }

    @Test
    void channelsWithoutStoreFramesReplayNothing() {
        UUID alice = connId(model.connect(Bodies.connect("alice", null, List.of("room"),
                Map.of("room", Bodies.NO_FRAMES)), events.next()));
        model.messages(List.of(msg("x", "room", "m")), events.next());

        assertThat(model.catchup(alice, 1)).isEmpty();
    }

    @Test
    void storedFramesAreBounded() {
        UUID alice = connId(model.connect(connect("alice", "room"), events.next()));
        for (int i = 0; i < 120; i++) {
            model.messages(List.of(msg("x", "room", "c" + i), msg("x", null, List.of("alice"), List.of(), false,
                    "p" + i)), events.next());
        }

        List<Map<String, Object>> frames = model.catchup(alice, 0);

        assertThat(frames).hasSize(Channel.STORED_FRAMES + User.PRIVATE_FRAMES);
        assertThat(frames.get(0).get("message")).isEqualTo(text("c20"));
        assertThat(frames.get(Channel.STORED_FRAMES).get("message")).isEqualTo(text("p70"));
    }

    @Test
    void replayedCopiesAreIndependentOfTheStore() {
        UUID alice = connId(model.connect(connect("alice", "room"), events.next()));
        model.messages(List.of(msg("x", "room", "m")), events.next());
        model.catchup(alice, 1).get(0).put("message", "mutated");

        assertThat(model.catchup(alice, 1).get(0).get("message")).isEqualTo(text("m"));
        assertThat(model.catchup(UUID.randomUUID(), 0)).isEmpty();
    }

    @Test
    void theSubjectOfAPresenceEventDoesNotGetItBack() {
        ChannelConfig presence = Bodies.PRESENCE;
        UUID alice = connId(model.connect(Bodies.connect("alice", null, List.of("room"), Map.of("room", presence)),
                events.next()));
        UUID bob1 = connId(model.connect(connect("bob", "room"), events.next()));
        UUID bob2 = connId(model.connect(connect("bob", "room"), events.next()));

        assertThat(model.catchup(bob2, 0)).extracting(f -> f.get("user")).doesNotContain("bob");
        assertThat(model.catchup(alice, 0)).extracting(f -> f.get("user")).containsExactly("bob");
        assertThat(model.catchup(bob1, model.connectionSeq(bob1))).isEmpty();
    }
}
