package io.csgate.bench.hops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.bench.BenchRun;
import java.nio.file.Path;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.Timespan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HopsCommandTest {

    /** The gateway's event, as the recording names it (the bench does not depend on the gateway). */
    @Name("csgate.Hop")
    static final class Hop extends Event {
        String point;
        String eventId;
    }

    @Name("csgate.LaneDrain")
    static final class LaneDrain extends Event {
        @Timespan(Timespan.NANOSECONDS)
        long stagedFor;
        int frames;
    }

    @Test
    void readsTheHopsOfARecording(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hops.jfr");
        try (Recording r = new Recording()) {
            r.enable(Hop.class);
            r.enable(LaneDrain.class);
            r.start();
            for (String id : new String[] {"e1", "e2"}) {
                for (String point : new String[] {"http_body", "queued", "taken", "sent", "acked", "fetched",
                        "applying", "applied", "answering", "answered"}) {
                    Hop h = new Hop();
                    h.point = point;
                    h.eventId = id;
                    h.commit();
                }
            }
            LaneDrain d = new LaneDrain();
            d.begin();
            d.stagedFor = 5_000_000;
            d.frames = 3;
            d.commit();
            r.stop();
            r.dump(file);
        }

        BenchRun run = BenchRun.of("hops", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode results = run.json().get("results");
        assertThat(run.json().get("params").get("events").asInt()).isEqualTo(2);
        assertThat(results.get("queued_to_taken").get("count").asInt()).isEqualTo(2);
        assertThat(results.get("http_body_to_answered").get("count").asInt()).isEqualTo(2);
        assertThat(results.get("http_body_to_answered").get("p50_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(results.get("lane_wake").get("p50_ms").asDouble()).isCloseTo(5.0, within(0.01));
    }

    @Test
    void anUnreadableFileExitsOne(@TempDir Path dir) {
        BenchRun run = BenchRun.of("hops", dir.resolve("missing.jfr").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot read");
    }
}
