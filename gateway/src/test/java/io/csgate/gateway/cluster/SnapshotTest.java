package io.csgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.MessageItem;
import io.csgate.common.json.Json;
import io.csgate.gateway.log.IdWindow;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.EventContext;
import io.csgate.gateway.model.Outbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00.000000123Z");
    private static final Outbox NOWHERE = new Outbox() {
        @Override
        public void deliver(List<UUID> connIds, Map<String, Object> event) {}

        @Override
        public void close(UUID connId) {}
    };

    private int n;

    private EventContext next() {
        n++;
        return new EventContext("ev-" + n, T0.plusSeconds(n), "gw-a");
    }

    /**
     * Users of every kind: idle and plain, idle with state and public keys, connected (twice), with
     * private frames; a channel with presence, history and frames; numbers beyond a long.
     */
    private ChannelstreamModel model() {
        ChannelstreamModel m = new ChannelstreamModel(NOWHERE);
        ChannelConfig room = new ChannelConfig(true, true, 5, true, true, true);
        for (int i = 0; i < 50; i++) {
            Map<String, Object> conn = m.connect(new ConnectBody("idle-" + i, null, List.of(), null, Map.of(), Map.of(),
                    Map.of(), null), next());
            m.disconnect(UUID.fromString((String) conn.get("conn_id")), next());
        }
        LinkedHashMap<String, Object> state = new LinkedHashMap<>();
        state.put("status", "away");
        state.put("big", new BigInteger("123456789012345678901234567890"));
        state.put("nested", Map.of("a", List.of(1L, 2L)));
        Map<String, Object> stateful = m.connect(new ConnectBody("stateful", null, List.of("room"), List.of("status"),
                state, Map.of(), Map.of("room", room), null), next());
        m.connect(new ConnectBody("alice", null, List.of("room", "lobby"), null, Map.of(), Map.of(), Map.of(), null),
                next());
        m.connect(new ConnectBody("alice", null, List.of("room"), null, Map.of(), Map.of(), Map.of(), null), next());
        m.messages(List.of(new MessageItem("bob", "room", List.of(), List.of(), false, null, null,
                        Map.of("text", "hello"), Map.of()),
                new MessageItem("bob", null, List.of("stateful", "alice"), List.of(), false, null, null,
                        Map.of("text", "private"), Map.of())), next());
        m.disconnect(UUID.fromString((String) stateful.get("conn_id")), next());
        return m;
    }

    @Test
    void aModelGoesThroughItsSnapshotUnchanged() {
        ChannelstreamModel original = model();
        IdWindow ids = new IdWindow(List.of("a", "b"), Arrays.asList(null, 1_700_000_000_123_456L),
                1_699_999_999_000_000L);
        Snapshot s = Snapshot.of(original.image(), ids, Map.of(0, 42L, 1, 7L), "events",
                Instant.parse("2026-11-29T08:00:00Z"), "gw-1", Map.of("sid-1", 1_800_000_000L));
        byte[] bytes = s.encode();
        assertThat(bytes[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
        Snapshot back = Snapshot.decode(bytes);
        assertThat(back.positions()).isEqualTo(Map.of(0, 42L, 1, 7L));
        assertThat(back.recentIds()).isEqualTo(ids);
        assertThat(back.revokedSessions()).isEqualTo(Map.of("sid-1", 1_800_000_000L));
        assertThat(back.eventsTopic()).isEqualTo("events");
        assertThat(back.by()).isEqualTo("gw-1");
        assertThat(back.takenAt()).isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
        ChannelstreamModel restored = back.restore(NOWHERE);
        assertThat(Json.text(restored.export())).isEqualTo(Json.text(original.export()));
        assertThat(restored.userCount()).isEqualTo(52);
        assertThatThrownBy(() -> back.restore(NOWHERE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theImageIsTheModelWhenItWasTakenNotWhenItIsWritten() {
        ChannelstreamModel m = model();
        String before = Json.text(m.export());
        Snapshot s = Snapshot.of(m.image(), IdWindow.EMPTY, Map.of(0, 1L), "events", T0, "gw-1", Map.of());
        // the model moves on between taking the image and writing it (on another thread in a gateway)
        m.connect(new ConnectBody("idle-3", null, List.of("room"), List.of("status"), Map.of(),
                Map.of("status", "back"), Map.of(), null), next());
        m.messages(List.of(new MessageItem("bob", null, List.of("idle-4"), List.of(), false, null, null,
                Map.of("text", "late"), Map.of())), next());
        assertThat(Json.text(Snapshot.decode(s.encode()).restore(NOWHERE).export())).isEqualTo(before);
    }

    @Test
    void aFormatOneSnapshotOfAnOlderGatewayIsStillRead() throws IOException {
        ChannelstreamModel original = model();
        Map<String, Object> v1 = new LinkedHashMap<>();
        v1.put("format", 1);
        v1.put("events_topic", "events");
        v1.put("positions", Map.of("0", 9));
        v1.put("taken_at", "2026-11-29T08:00:00Z");
        v1.put("by", "gw-old");
        v1.put("recent_ids", List.of("x"));
        v1.put("model", original.export());
        Snapshot plain = Snapshot.decode(Json.bytes(v1));
        assertThat(plain.positions()).isEqualTo(Map.of(0, 9L));
        assertThat(Json.text(plain.restore(NOWHERE).export())).isEqualTo(Json.text(original.export()));
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(Json.bytes(v1));
        }
        assertThat(Json.text(Snapshot.decode(zipped.toByteArray()).restore(NOWHERE).export()))
                .isEqualTo(Json.text(original.export()));
    }

    @Test
    void idleUsersTakeAFewDozenBytesEach() {
        ChannelstreamModel m = new ChannelstreamModel(NOWHERE);
        int users = 20_000;
        for (int i = 0; i < users; i++) {
            Map<String, Object> conn = m.connect(new ConnectBody("user-" + i, null, List.of(), null, Map.of(),
                    Map.of(), Map.of(), null), next());
            m.disconnect(UUID.fromString((String) conn.get("conn_id")), next());
        }
        byte[] bytes = Snapshot.of(m.image(), IdWindow.EMPTY, Map.of(0, 1L), "events", T0, "gw-1", Map.of()).encode();
        // name, uuid and time as text are ~90 bytes a user before compression; the export of format 1
        // was ~200
        assertThat(bytes.length).as("compressed bytes").isLessThan(users * 40);
        assertThat(Snapshot.decode(bytes).restore(NOWHERE).userCount()).isEqualTo(users);
    }

    private static final String EMPTY_MODEL = "{\"format\":1,\"seq\":0,\"total_messages\":0,"
            + "\"total_unique_messages\":0,\"dropped_no_channel\":0}";

    @Test
    void aSnapshotWithoutIdTimesRestoresEveryIdAsUnbound() {
        byte[] old = ("{\"format\":1,\"events_topic\":\"events\",\"positions\":{\"0\":3},\"taken_at\":"
                + "\"2026-11-29T08:00:00Z\",\"by\":\"gw-1\",\"recent_ids\":[\"a\",\"b\"],\"model\":" + EMPTY_MODEL + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Snapshot.decode(old).recentIds()).isEqualTo(new IdWindow(List.of("a", "b"), List.of(), null));
    }

    @Test
    void aSnapshotFromBeforeAdminSignOutsHasNone() {
        String older = "{\"format\":1,\"events_topic\":\"e\",\"positions\":{\"0\":3},\"taken_at\":"
                + "\"2026-11-29T08:00:00Z\",\"by\":\"gw\",\"recent_ids\":[],\"model\":" + EMPTY_MODEL + "}";
        assertThat(Snapshot.decode(older.getBytes(StandardCharsets.UTF_8)).revokedSessions()).isEmpty();
    }

    @Test
    void anotherFormatOrGarbageIsRefused() {
        assertThatThrownBy(() -> Snapshot.decode("{\"format\": 3}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> Snapshot.decode("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Snapshot.decode(("{\"format\": 2, \"taken_at\": \"2026-11-29T08:00:00Z\","
                + " \"model\": {\"format\": 2, \"seq\": 1, \"total_messages\": 0, \"total_unique_messages\": 0,"
                + " \"dropped_no_channel\": 0, \"users\": [[\"u\", 5]]}}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user");
        assertThatThrownBy(() -> Snapshot.decode(new byte[] {0x1f, (byte) 0x8b, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
