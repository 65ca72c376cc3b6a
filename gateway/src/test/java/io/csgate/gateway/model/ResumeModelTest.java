package io.csgate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.MessageItem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Positions stamped on frames, and what the model decides and keeps for a resume. */
class ResumeModelTest {

    private final RecordingOutbox outbox = new RecordingOutbox();
    private final ChannelstreamModel model = new ChannelstreamModel(outbox);
    private long offset = 100;

    private EventContext at() {
        offset++;
        return new EventContext("e" + offset, Instant.parse("2026-01-01T00:00:00Z"), "gw", LogPosition.of("EPOCHabc", 0, offset));
    }

    private Map<String, Object> connect(String user, String resumeFrom) {
        return model.connect(new ConnectBody(user, null, List.of("room"), null, Map.of(), Map.of(),
                Map.of("room", new io.csgate.common.body.ChannelConfig(false, true, 10, false, false, true)),
                InfoResolution.DEFAULTS, resumeFrom), at());
    }

    @Test
    void positionsParseAndPrintTheSame() {
        assertThat(LogPosition.parse("EPOCHabc:0:17")).contains(LogPosition.of("EPOCHabc", 0, 17));
        assertThat(LogPosition.parse("EPOCHabc:2:17:3").orElseThrow().toString()).isEqualTo("EPOCHabc:2:17:3");
        for (String bad : new String[] {"", "x", "a:b:c", ":0:1", "e:0:1:2:3", "e:-1:1", "e:0:-1", "e:0:1:-1",
                "e:0:99999999999999999999", "e:0:1:", "x".repeat(200) + ":0:1"}) {
            assertThat(LogPosition.parse(bad)).as(bad).isEmpty();
        }
        LogPosition p = LogPosition.parse("e:0:10:3").orElseThrow();
        assertThat(p.covers(9, 7)).isTrue();
        assertThat(p.covers(10, 3)).isTrue();
        assertThat(p.covers(10, 4)).isFalse();
        assertThat(LogPosition.of("e", 0, 10).covers(10, 50)).isTrue();
        assertThat(LogPosition.of("e", 0, 10).covers(11, 0)).isFalse();
    }

    @Test
    void messagesEditsAndDeletesCarryTheirPositionLastAndHistoryKeepsIt() {
        connect("alice", null);
        List<Map<String, Object>> answer = model.messages(List.of(item("a"), item("b")), at());
        assertThat(answer.get(0)).doesNotContainKey("position"); // the REST answer stays the reference's
        List<Map<String, Object>> frames = messages(outbox);
        assertThat(frames).extracting(f -> f.get("position")).containsExactly("EPOCHabc:0:102:0", "EPOCHabc:0:102:1");
        assertThat(List.copyOf(frames.get(0).keySet())).last().isEqualTo("position");
        model.messages(List.of(item("c")), at());
        assertThat(messages(outbox).get(2).get("position")).isEqualTo("EPOCHabc:0:103");
        Map<String, Object> info = model.info(new InfoResolution(true, false, List.of("room"), List.of(), false, false));
        assertThat(info.toString()).contains("position=EPOCHabc:0:102:0", "position=EPOCHabc:0:103");
    }

    @Test
    void aConnectKeepsAResumeOnlyForAPositionOfThisLogBeforeItWithinTheLimit() {
        model.resumeLimit(10);
        connect("bob", null);
        assertThat(connect("alice", "EPOCHabc:0:101").get("resumed")).isEqualTo(true);
        assertThat(connect("alice", "OTHERabc:0:101").get("resumed")).isEqualTo(false);
        assertThat(connect("alice", "EPOCHabc:1:101").get("resumed")).isEqualTo(false);
        assertThat(connect("alice", "EPOCHabc:0:500").get("resumed")).isEqualTo(false);
        assertThat(connect("alice", "nonsense").get("resumed")).isEqualTo(false);
        assertThat(connect("alice", null)).doesNotContainKey("resumed");
        offset += 20;
        assertThat(connect("alice", "EPOCHabc:0:101").get("resumed")).as("beyond the limit").isEqualTo(false);

        long from = offset - 3;
        Map<String, Object> resumed = connect("carol", "EPOCHabc:0:" + from + ":4");
        UUID carol = UUID.fromString((String) resumed.get("conn_id"));
        ResumeRange range = model.pendingResume(carol).orElseThrow();
        assertThat(range.firstOffset()).as("the rest of the record named").isEqualTo(from);
        assertThat(range.endOffset()).isEqualTo(offset);

        // a snapshot keeps it; the socket that takes it clears it everywhere
        ChannelstreamModel restored = ChannelstreamModel.restore(model.export(), new RecordingOutbox());
        assertThat(restored.pendingResume(carol)).contains(range);
        restored.socketAttached(carol, at());
        assertThat(restored.pendingResume(carol)).isEqualTo(Optional.empty());
        assertThat(model.export().toString()).contains("resume_from=EPOCHabc:0:" + from + ":4");
    }

    @Test
    void theCatchupFilterKeepsTheRulesOfLiveDelivery() {
        connect("alice", null);
        UUID alice = model.connectionsOwnedBy("gw").get(0);
        CatchupFilter filter = model.catchupFilter(alice).orElseThrow();
        EventContext ctx = at();
        List<Map<String, Object>> frames = filter.messages(List.of(
                item("all"),
                new MessageItem("p", "room", List.of(), List.of("alice"), false, null, null, Map.of("text", "excluded"), null),
                new MessageItem("p", "room", List.of("bob"), List.of(), false, null, null, Map.of("text", "pm other"), null),
                new MessageItem("p", null, List.of("alice"), List.of(), false, null, null, Map.of("text", "pm alice"), null),
                new MessageItem("p", "other", List.of(), List.of(), false, null, null, Map.of("text", "elsewhere"), null)),
                ctx, LogPosition.of("EPOCHabc", 0, ctx.position().offset() - 1));
        assertThat(frames).extracting(f -> (Object) ((Map<?, ?>) f.get("message")).get("text")).containsExactly("all", "pm alice");
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.get("catchup")).isEqualTo(true);
            assertThat(f).doesNotContainKeys("pm_users", "exclude_users", "no_history");
        });
        // the same event applied live gives the same frame, but for catchup
        model.messages(List.of(item("all")), ctx);
        Map<String, Object> live = new java.util.LinkedHashMap<>(messages(outbox).get(0));
        live.put("catchup", true);
        assertThat(filter.messages(List.of(item("all")), ctx, null)).containsExactly(live);
        assertThat(filter.messages(List.of(item("x"), item("y")), ctx, LogPosition.parse("EPOCHabc:0:" + ctx.position().offset()
                + ":0").orElseThrow())).extracting(f -> f.get("position")).containsExactly(ctx.position() + ":1");
    }

    @Test
    void aCatchupLeavesOutMessagesFromBeforeTheirChannelExisted() {
        EventContext early = at(); // a message to "late" here was dropped: the channel did not exist
        model.messages(List.of(new MessageItem("p", "late", List.of(), List.of(), false, null, null,
                Map.of("text", "dropped"), null)), early);
        assertThat(model.droppedNoChannel()).isEqualTo(1);
        Map<String, Object> joined = model.connect(new ConnectBody("alice", null, List.of("late"), null, Map.of(),
                Map.of(), Map.of(), InfoResolution.DEFAULTS, null), at());
        CatchupFilter filter = model.catchupFilter(UUID.fromString((String) joined.get("conn_id"))).orElseThrow();
        MessageItem toLate = new MessageItem("p", "late", List.of(), List.of(), false, null, null, Map.of("text", "x"), null);
        assertThat(filter.messages(List.of(toLate), early, null)).isEmpty();
        assertThat(filter.messages(List.of(toLate), at(), null)).hasSize(1);
        ChannelstreamModel restored = ChannelstreamModel.restore(model.export(), new RecordingOutbox());
        CatchupFilter again = restored.catchupFilter(UUID.fromString((String) joined.get("conn_id"))).orElseThrow();
        assertThat(again.messages(List.of(toLate), early, null)).as("kept in snapshots").isEmpty();
    }

    private static List<Map<String, Object>> messages(RecordingOutbox outbox) {
        return outbox.deliveries.stream().map(RecordingOutbox.Delivery::event)
                .filter(e -> "message".equals(e.get("type"))).toList();
    }

    private static MessageItem item(String text) {
        return new MessageItem("p", "room", List.of(), List.of(), false, null, null, Map.of("text", text), null);
    }
}
