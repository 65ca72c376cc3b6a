package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.map;
import static io.csgate.gateway.model.Bodies.state;
import static io.csgate.gateway.model.ConnectTest.connId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.ValidationException;
import io.csgate.common.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserStateTest {

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();

    UUID connect(String user, Map<String, Object> fresh, Map<String, ChannelConfig> configs, String... channels) {
        return connId(model.connect(new ConnectBody(user, null, List.of(channels), List.of("status"), fresh,
                Map.of(), configs, null), events.next()));
    }

    @Test
    void answerListsChangesInRequestOrder() {
        connect("bob", map("status", "away"), Map.of());

        Map<String, Object> answer = model.userState(state("bob", map("status", "busy", "hidden", 1L), null),
                events.next());

        assertThat(Json.text(answer)).isEqualTo("{\"user_state\":{\"status\":\"busy\",\"hidden\":1},"
                + "\"changed_state\":[{\"key\":\"status\",\"value\":\"busy\"},{\"key\":\"hidden\",\"value\":1}],"
                + "\"public_keys\":[\"status\"]}");
    }

    @Test
    void nullForAMissingKeyAndEqualValuesAreNoChange() {
        connect("bob", map("n", 1L, "f", true), Map.of());

        Map<String, Object> answer = model.userState(
                state("bob", map("missing", null, "n", 1.0, "f", 1L, "g", new BigDecimal("2.5")), null), events.next());

        assertThat(answer.get("changed_state")).isEqualTo(List.of(map("key", "g", "value", new BigDecimal("2.5"))));
        assertThat(Json.text(answer.get("user_state"))).isEqualTo("{\"n\":1,\"f\":true,\"g\":2.5}");
    }

    @Test
    void unknownUserIsAValidationError() {
        assertThatThrownBy(() -> model.userState(state("ghost", map("a", 1L), null), events.next()))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).isEqualTo(Map.of("user", List.of("Unknown user"))));
        assertThat(model.seq()).isEqualTo(1);
    }

    @Test
    void stateChangeGoesToEveryMemberOfNotifyStateChannelsIncludingTheUser() {
        UUID alice = connect("alice", map(), Map.of("room", Bodies.STATE, "quiet", ChannelConfig.DEFAULTS),
                "room", "quiet");
        UUID bob = connect("bob", map("status", "away"), Map.of(), "room", "quiet");
        UUID carol = connect("carol", map(), Map.of(), "quiet");
        outbox.clear();

        model.userState(state("bob", map("status", "busy", "hidden", 1L), null), events.next());

        assertThat(outbox.deliveries).singleElement().satisfies(d -> {
            assertThat(d.connIds()).containsExactly(alice, bob).doesNotContain(carol);
            assertThat(d.json()).isEqualTo("{\"uuid\":\"" + Events.uuid("ev-4", "user_state_change/room/bob")
                    + "\",\"type\":\"user_state_change\",\"user\":\"bob\",\"timestamp\":\"2026-11-29T07:00:04.000001\","
                    + "\"catchup\":false,\"channel\":\"room\",\"message\":{\"state\":{\"status\":\"busy\"},"
                    + "\"changed\":[{\"key\":\"status\",\"value\":\"busy\"}]}}");
        });
    }

    @Test
    void onlyPrivateChangesStillNotifyWithAnEmptyChangedList() {
        connect("bob", map("status", "away"), Map.of("room", Bodies.STATE), "room");
        outbox.clear();

        model.userState(state("bob", map("secret", "s"), null), events.next());

        assertThat(outbox.deliveries).singleElement().satisfies(d -> assertThat(d.event().get("message"))
                .isEqualTo(map("state", map("status", "away"), "changed", List.of())));
    }

    @Test
    void noChangeNoEvent() {
        connect("bob", map("status", "away"), Map.of("room", Bodies.STATE), "room");
        outbox.clear();

        model.userState(state("bob", map("status", "away"), null), events.next());

        assertThat(outbox.deliveries).isEmpty();
    }

    @Test
    void publicKeysSetInTheSameCallDecideWhatIsPublic() {
        connect("bob", map("status", "away"), Map.of("room", Bodies.STATE), "room");
        outbox.clear();

        Map<String, Object> answer = model.userState(state("bob", map("mood", "ok"), List.of("mood")), events.next());

        assertThat(answer.get("public_keys")).isEqualTo(List.of("mood"));
        assertThat(outbox.deliveries).singleElement().satisfies(d -> assertThat(d.event().get("message"))
                .isEqualTo(map("state", map("mood", "ok"), "changed", List.of(map("key", "mood", "value", "ok")))));
    }

    @Test
    void aUserWithoutConnectionsChangesStateSilently() {
        UUID bob = connect("bob", map(), Map.of("room", Bodies.STATE), "room");
        model.disconnect(bob, events.next());
        outbox.clear();

        Map<String, Object> answer = model.userState(state("bob", map("status", "gone"), null), events.next());

        assertThat(answer.get("user_state")).isEqualTo(map("status", "gone"));
        assertThat(outbox.deliveries).isEmpty();
    }
}
