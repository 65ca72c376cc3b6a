package io.csgate.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampTest {

    private static long[] scan(String frame) {
        byte[] b = ("xx" + frame + "yy").getBytes(StandardCharsets.UTF_8);
        long[] seq = {Stamp.ABSENT};
        long t = Stamp.read(b, 2, b.length - 4, seq);
        assertThat(t).isEqualTo(Stamp.time(b, 2, b.length - 4));
        assertThat(t == Stamp.ABSENT ? Stamp.ABSENT : seq[0]).isEqualTo(Stamp.seq(b, 2, b.length - 4));
        return new long[] {t, t == Stamp.ABSENT ? Stamp.ABSENT : seq[0]};
    }

    @Test
    void findsTheStampInACompactFrame() {
        String frame = "[{\"channel\":\"c\",\"uuid\":\"u\",\"timestamp\":\"2025-01-01T00:00:00\",\"user\":\"p\","
                + "\"message\":" + Stamp.payload(1_700_000_000_123_456L, 42) + ",\"type\":\"message\"}]";
        assertThat(scan(frame)).containsExactly(1_700_000_000_123_456L, 42);
    }

    @Test
    void findsTheStampInAPrettyPrintedFrameAndNegativeWarmUpSeqs() {
        String frame = "[\n    {\n        \"timestamp\": \"x\",\n        \"message\": {\n            \"t\": 17,\n"
                + "            \"seq\" :  -3\n        }\n    }\n]";
        assertThat(scan(frame)).containsExactly(17, -3);
    }

    @Test
    void nextFindsEveryStampOfAFrameWithSeveralEvents() {
        String frame = "[{\"message\":" + Stamp.payload(100, 7) + ",\"t2\":1},{\"type\":\"presence\"},"
                + "{\"message\":{\"t\":200}},{\"message\":{\"t\":300,\"pad\":\"x\",\"seq\":9}},"
                + "{\"message\":{\"t\":400, \"seq\" : 10,\"pad\":\"x\"}}]";
        byte[] b = frame.getBytes(StandardCharsets.UTF_8);
        long[] out = new long[2];
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (int at = Stamp.next(b, 0, b.length, out); at >= 0; at = Stamp.next(b, at, b.length, out)) {
            seen.add(out[0] + "/" + (out[1] == Stamp.ABSENT ? "-" : Long.toString(out[1])));
        }
        // a seq counts only as the key right after the time, as the bench writes it
        assertThat(seen).containsExactly("100/7", "200/-", "300/-", "400/10");
    }

    @Test
    void absentWhenTheFrameIsNotABenchMessage() {
        assertThat(scan("[{\"type\":\"presence\",\"timestamp\":\"t\",\"user\":\"t\"}]"))
                .containsExactly(Stamp.ABSENT, Stamp.ABSENT);
        assertThat(scan("[]")).containsExactly(Stamp.ABSENT, Stamp.ABSENT);
        assertThat(scan("{\"t\":\"not a number\"}")[0]).isEqualTo(Stamp.ABSENT);
    }
}
