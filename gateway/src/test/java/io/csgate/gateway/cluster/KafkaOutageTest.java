package io.csgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.log.EmbeddedKafka;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops mid-stream and comes back: state-changing calls answer 503 within a bound
 * while it is away, the gateway recovers by itself, and every message acknowledged with 200 is in
 * the log afterwards (a gateway built from the log alone has all of them). Uses its own broker.
 */
class KafkaOutageTest {

    private static final int TIMEOUT_SECONDS = 3;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void noAcknowledgedMessageIsLostAcrossABrokerRestart(@TempDir Path dir) throws Exception {
        int port = freePort();
        int controller = freePort();
        EmbeddedKafka broker = EmbeddedKafka.start(dir, port, controller);
        String bootstrap = broker.bootstrapServers();
        Map<String, String> cfg = Map.of("kafka_bootstrap_servers", bootstrap, "publish_timeout",
                Integer.toString(TIMEOUT_SECONDS), "kafka_snapshot_topic", "outage-snapshots");
        Set<Integer> acked = new HashSet<>();
        try (TestGateway g = TestGateway.start("outage", cfg)) {
            ApiClient api = g.client();
            api.post("/channel_config", Map.of("room", Map.of("store_history", true, "history_size", 100000)));
            int seq = 0;
            for (; seq < 50; seq++) {
                if (publish(api, seq) == 200) {
                    acked.add(seq);
                }
            }
            broker.close();
            long t0 = System.nanoTime();
            int status = publish(api, seq++);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(status).isEqualTo(503);
            assertThat(seconds).isLessThan(TIMEOUT_SECONDS + 5.0);
            for (int i = 0; i < 3; i++, seq++) {
                if (publish(api, seq) == 200) {
                    acked.add(seq);
                }
            }

            broker = EmbeddedKafka.start(dir, port, controller);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> g.gateway().readiness().ready());
            int accepted = 0;
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (accepted < 50 && System.nanoTime() < until) {
                if (publish(api, seq) == 200) {
                    acked.add(seq);
                    accepted++;
                }
                seq++;
            }
            assertThat(accepted).as("the gateway recovered and accepts messages again").isEqualTo(50);
        }
        try (TestGateway fresh = TestGateway.start("outage", cfg)) {
            JsonNode history = fresh.client().post("/info", Map.of("info", Map.of("channels", List.of("room"))))
                    .json().get("channels").get("room").get("history");
            Set<Integer> stored = new HashSet<>();
            history.forEach(h -> stored.add(h.get("message").get("seq").asInt()));
            assertThat(stored).containsAll(acked);
        } finally {
            broker.close();
        }
    }

    private static int publish(ApiClient api, int seq) {
        return api.post("/message", List.of(Map.of("channel", "room", "user", "producer",
                "message", Map.of("seq", seq)))).status();
    }
}
