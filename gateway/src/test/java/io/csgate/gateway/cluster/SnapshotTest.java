package io.csgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.json.Json;
import java.nio.charset.StandardCharsets;
import io.csgate.gateway.log.IdWindow;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    @Test
    void encodeDecodeRoundTrips() {
        Snapshot s = new Snapshot(Map.of("format", 1, "seq", 5),
                new IdWindow(List.of("a", "b"), Arrays.asList(null, 1_700_000_000_123_456L), 1_699_999_999_000_000L),
                Map.of(0, 42L, 1, 7L), "events", Instant.parse("2026-11-29T08:00:00Z"), "gw-1",
                Map.of("sid-1", 1_800_000_000L));
        Snapshot back = Snapshot.decode(s.encode());
        assertThat(back.revokedSessions()).isEqualTo(Map.of("sid-1", 1_800_000_000L));
        assertThat(back.positions()).isEqualTo(Map.of(0, 42L, 1, 7L));
        assertThat(back.recentIds()).isEqualTo(s.recentIds());
        assertThat(Json.text(back.model())).isEqualTo(Json.text(s.model()));
        assertThat(back.eventsTopic()).isEqualTo("events");
        assertThat(back.by()).isEqualTo("gw-1");
    }

    @Test
    void aSnapshotWithoutIdTimesRestoresEveryIdAsUnbound() {
        byte[] old = ("{\"format\":1,\"events_topic\":\"events\",\"positions\":{\"0\":3},\"taken_at\":"
                + "\"2026-11-29T08:00:00Z\",\"by\":\"gw-1\",\"recent_ids\":[\"a\",\"b\"],\"model\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Snapshot.decode(old).recentIds()).isEqualTo(new IdWindow(List.of("a", "b"), List.of(), null));
    }

    @Test
    void aSnapshotFromBeforeAdminSignOutsHasNone() {
        String older = "{\"format\":1,\"events_topic\":\"e\",\"positions\":{\"0\":3},\"taken_at\":"
                + "\"2026-11-29T08:00:00Z\",\"by\":\"gw\",\"recent_ids\":[],\"model\":{}}";
        assertThat(Snapshot.decode(older.getBytes(StandardCharsets.UTF_8)).revokedSessions()).isEmpty();
    }

    @Test
    void anotherFormatOrGarbageIsRefused() {
        assertThatThrownBy(() -> Snapshot.decode("{\"format\": 2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> Snapshot.decode("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
