package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.channels;
import static io.csgate.gateway.model.Bodies.connect;
import static io.csgate.gateway.model.Bodies.map;
import static io.csgate.gateway.model.Bodies.msg;
import static io.csgate.gateway.model.Bodies.state;
import static io.csgate.gateway.model.Bodies.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.ChannelConfigBody;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.MessageItem;
import io.csgate.common.body.SubscribeBody;
import io.csgate.common.body.ValidationException;
import io.csgate.common.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    static final UUID C1 = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final UUID C2 = UUID.fromString("00000000-0000-0000-0000-000000000002");
    static final UUID C3 = UUID.fromString("00000000-0000-0000-0000-000000000003");
    static final UUID C4 = UUID.fromString("00000000-0000-0000-0000-000000000004");
    static final UUID M1 = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID PM = UUID.fromString("00000000-0000-0000-0000-0000000000b2");

    /** Thirty mixed operations, two of which fail validation. */
    static List<BiConsumer<ChannelstreamModel, EventContext>> script() {
        List<BiConsumer<ChannelstreamModel, EventContext>> ops = new ArrayList<>();
        ops.add((m, c) -> m.channelConfig(new ChannelConfigBody(Map.of("room",
                new ChannelConfig(true, true, 5, true, true, true))), c));
        ops.add((m, c) -> m.connect(new ConnectBody("alice", C1, List.of("room", "lobby"), List.of("status"),
                map("status", "online", "n", 1L, "big", new BigInteger("123456789012345678901234567890")), Map.of(),
                Map.of("lobby", Bodies.PRESENCE_LISTS), null), c));
        ops.add((m, c) -> m.connect(new ConnectBody("bob", C2, List.of("room"), List.of("status"),
                map("status", "away", "f", 0.5, "d", new BigDecimal("0.1000000000000000000001")), Map.of(), Map.of(),
                null), c));
        ops.add((m, c) -> m.connect(connect("carol", "lobby"), c));
        ops.add((m, c) -> m.messages(List.of(
                new MessageItem("bob", "room", List.of(), List.of(), false, M1, null, text("hello"),
                        map("extra", List.of(1L, map("x", true)))),
                msg("system", "room", List.of("alice"), List.of(), true, "pm in room"),
                msg("system", null, List.of("bob"), List.of(), false, "global"),
                msg("system", null, List.of(), List.of(), false, "dropped"),
                msg("system", "nowhere", "lost")), c));
        ops.add((m, c) -> m.socketAttached(C1, c));
        ops.add((m, c) -> m.userState(state("bob", map("status", "busy"), null), c));
        ops.add((m, c) -> m.subscribe(new SubscribeBody(C2, List.of("room2", "lobby"),
                Map.of("room2", Bodies.STATE), null), c));
        ops.add((m, c) -> m.editMessages(List.of(Bodies.edit(M1, "room", List.of(), "hello (edited)")), c));
        ops.add((m, c) -> m.unsubscribe(channels(C2, "room2", "nonexistent"), c));
        ops.add((m, c) -> expectFailure(() -> m.subscribe(channels(C4, "room"), c)));
        ops.add((m, c) -> m.connect(Bodies.connect("bob", C3, List.of("room", "lobby"), Map.of()), c));
        ops.add((m, c) -> m.messages(List.of(msg("x", "lobby", List.of(), List.of("carol"), false, "no carol")), c));
        ops.add((m, c) -> m.deleteMessages(List.of(Bodies.delete(M1, "room", List.of())), c));
        ops.add((m, c) -> expectFailure(() -> m.userState(state("ghost", map("a", 1L), null), c)));
        ops.add((m, c) -> m.connect(Bodies.connect("alice", C1, List.of("room"), Map.of()), c));
        ops.add((m, c) -> m.messages(List.of(new MessageItem("sys", null, List.of("alice", "carol"), List.of(), false,
                PM, "2020-01-01T00:00:00+00:00", text("psst"), Map.of())), c));
        ops.add((m, c) -> m.editMessages(List.of(Bodies.edit(PM, null, List.of("alice"), "psst!")), c));
        ops.add((m, c) -> m.channelConfig(new ChannelConfigBody(Map.of("lobby", Bodies.HISTORY)), c));
        ops.add((m, c) -> m.disconnect(C2, c));
        ops.add((m, c) -> m.messages(List.of(msg("a", "room", "1"), msg("b", "room", "2"), msg("c", "room", "3")), c));
        ops.add((m, c) -> m.socketAttached(C3, c));
        ops.add((m, c) -> m.gatewayDown("gw-b", c));
        ops.add((m, c) -> m.connect(Bodies.connect("dave", C4, List.of("room", "room2"), Map.of()), c));
        ops.add((m, c) -> m.userState(state("alice", map("secret", "s", "n", 1.0), null), c));
        ops.add((m, c) -> m.messages(List.of(msg("dave", "room", "hi all")), c));
        ops.add((m, c) -> m.deleteMessages(List.of(Bodies.delete(PM, null, List.of("carol"))), c));
        ops.add((m, c) -> m.disconnect(UUID.fromString("00000000-0000-0000-0000-00000000dead"), c));
        ops.add((m, c) -> m.connect(connect("alice", "lobby", "room2"), c));
        ops.add((m, c) -> m.messages(List.of(msg("z", "lobby", "last"), msg("z", "room2", "end")), c));
        return ops;
    }

    static void expectFailure(Runnable r) {
        try {
            r.run();
            throw new AssertionError("expected a validation error");
        } catch (ValidationException expected) {
            // part of the script: a failing event still counts
        }
    }

    /** Event i of the script: ids and times depend only on i; lifecycle events come from gw-b. */
    static EventContext ctx(int i) {
        return new EventContext("event-" + i, Events.BASE.plusMillis(1500L * i), i % 7 == 5 ? "gw-b" : "gw-a");
    }

    static void run(ChannelstreamModel model, int from, int to) {
        List<BiConsumer<ChannelstreamModel, EventContext>> ops = script();
        for (int i = from; i < to; i++) {
            ops.get(i).accept(model, ctx(i));
        }
    }

    @Test
    void twoReplicasFedTheSameEventsEndEqual() {
        RecordingOutbox outA = new RecordingOutbox();
        RecordingOutbox outB = new RecordingOutbox();
        ChannelstreamModel a = new ChannelstreamModel(outA);
        ChannelstreamModel b = new ChannelstreamModel(outB);

        run(a, 0, 30);
        run(b, 0, 30);

        assertThat(a.seq()).isEqualTo(30);
        assertThat(a.export()).isEqualTo(b.export());
        assertThat(Json.text(a.export())).isEqualTo(Json.text(b.export()));
        assertThat(outA.log).isEqualTo(outB.log).hasSizeGreaterThan(20);
        assertThat(Json.text(a.adminInfo())).isEqualTo(Json.text(b.adminInfo()));
        assertThat(a.droppedNoChannel()).isEqualTo(1);
    }

    @Test
    void anExtraEventMakesADifference() {
        ChannelstreamModel a = new ChannelstreamModel(new RecordingOutbox());
        ChannelstreamModel b = new ChannelstreamModel(new RecordingOutbox());
        run(a, 0, 30);
        run(b, 0, 30);

        b.userState(state("alice", map("status", "other"), null), ctx(30));

        assertThat(Json.text(a.export())).isNotEqualTo(Json.text(b.export()));
    }

    @Test
    void aRestoredCopyFedTheSameLaterEventsStaysEqual() {
        RecordingOutbox outA = new RecordingOutbox();
        ChannelstreamModel a = new ChannelstreamModel(outA);
        run(a, 0, 15);
        RecordingOutbox outB = new RecordingOutbox();
        ChannelstreamModel b = ChannelstreamModel.restore(a.export(), outB);
        assertThat(Json.text(b.export())).isEqualTo(Json.text(a.export()));
        outA.log.clear();

        run(a, 15, 30);
        run(b, 15, 30);

        assertThat(Json.text(b.export())).isEqualTo(Json.text(a.export()));
        assertThat(outB.log).isEqualTo(outA.log);
        for (UUID id : List.of(C4)) {
            assertThat(b.catchup(id, 0)).isEqualTo(a.catchup(id, 0));
        }
    }

    @Test
    void exportSurvivesAJsonRoundTrip() throws Exception {
        ChannelstreamModel a = new ChannelstreamModel(new RecordingOutbox());
        run(a, 0, 30);

        Map<String, Object> throughJson = Json.readMap(Json.bytes(a.export()));
        ChannelstreamModel b = ChannelstreamModel.restore(throughJson, new RecordingOutbox());

        assertThat(b.export()).isEqualTo(a.export());
        assertThat(Json.text(b.info(InfoResolution.DEFAULTS))).isEqualTo(Json.text(a.info(InfoResolution.DEFAULTS)));
        assertThat(b.connectionOwner(C4)).isEqualTo(a.connectionOwner(C4));
        assertThat(b.connectionSeq(C4)).isEqualTo(a.connectionSeq(C4)).isPositive();
    }

    @Test
    void restoreKeepsHistoryAndFramesSharedSoEditsPatchBoth() {
        RecordingOutbox out = new RecordingOutbox();
        ChannelstreamModel a = new ChannelstreamModel(out);
        Events events = new Events();
        UUID alice = ConnectTest.connId(a.connect(Bodies.connect("alice", null, List.of("room"),
                Map.of("room", Bodies.HISTORY)), events.next()));
        a.messages(List.of(Bodies.msgWithUuid("x", "room", M1, "before")), events.next());

        ChannelstreamModel b = ChannelstreamModel.restore(a.export(), out);
        b.editMessages(List.of(Bodies.edit(M1, "room", List.of(), "after")), events.next());

        assertThat(b.catchup(alice, 1).get(0).get("message")).isEqualTo(text("after"));
        assertThat(Json.text(b.info(InfoResolution.DEFAULTS))).contains("\"message\":{\"text\":\"after\"}");
        assertThat(b.export().toString()).contains("history=0");
    }
}
