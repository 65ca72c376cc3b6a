package io.csgate.bench.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.bench.latency.MicroClock;
import io.csgate.bench.latency.Stamp;
import io.csgate.bench.ws.Connections;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the shared receiver makes of frames that carry one event, several, or none. */
class ReceiverTest {

    private static byte[] frame(long... seqs) {
        StringBuilder sb = new StringBuilder("[");
        long now = MicroClock.now();
        for (int i = 0; i < seqs.length; i++) {
            sb.append(i > 0 ? "," : "").append("{\"type\":\"message\",\"message\":").append(Stamp.payload(now, seqs[i]))
                    .append(",\"catchup\":false}");
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyEventOfAFrameCountsAndOrderIsCheckedPerSubscriber() {
        Receiver r = new Receiver(10, 2); // subscribers 10 and 11
        byte[] a = frame(0, 1, 2);
        r.onText(Connections.tagged(10), a, 0, a.length);
        byte[] b = frame(3);
        r.onText(Connections.tagged(10), b, 0, b.length);
        byte[] c = frame(0, 1, 2, 3);
        r.onText(Connections.tagged(11), c, 0, c.length); // its own order, from the start
        assertThat(r.stamped()).isEqualTo(8);
        assertThat(r.measured()).isEqualTo(8);
        assertThat(r.latency().snapshot().getTotalCount()).isEqualTo(8);
        assertThat(r.outOfOrder()).isZero();

        byte[] again = frame(3, 5, 4);
        r.onText(Connections.tagged(10), again, 0, again.length); // 3 repeated, 4 after 5
        assertThat(r.outOfOrder()).isEqualTo(2);
        assertThat(r.stamped()).isEqualTo(11);
    }

    @Test
    void warmUpSeqsCountWithoutLatencyAndHeartbeatsAndOthersApart() {
        Receiver r = new Receiver(0, 1);
        byte[] warm = frame(-1, -2, 2); // messages 0 and 1 in the warm-up, then message 2
        r.onText(Connections.tagged(0), warm, 0, warm.length);
        assertThat(r.stamped()).isEqualTo(3);
        assertThat(r.measured()).isEqualTo(1);
        assertThat(r.outOfOrder()).isZero();
        byte[] hb = "[]".getBytes(StandardCharsets.UTF_8);
        r.onText(Connections.tagged(0), hb, 0, hb.length);
        byte[] other = "[{\"type\":\"presence\"}]".getBytes(StandardCharsets.UTF_8);
        r.onText(Connections.tagged(0), other, 0, other.length);
        assertThat(r.heartbeats()).isEqualTo(1);
        assertThat(r.other()).isEqualTo(1);
    }

    @Test
    void serverClosesAreCountedByCode() {
        Receiver r = new Receiver(0, 3);
        r.onClose(Connections.tagged(0), 4001, "slow consumer");
        r.onClose(Connections.tagged(1), 4001, "slow consumer");
        r.onClose(Connections.tagged(2), 1006, "connection dropped");
        assertThat(r.closeCodes()).isEqualTo(Map.of(1006, 1L, 4001, 2L));
        assertThat(r.closedByServer()).isEqualTo(3);
    }
}
