package io.csgate.gateway.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Validly signed records that no gateway should keep: 700 KB event ids (hundreds of them once ran
 * every gateway out of memory, again on each restart), empty ids, ids and bodies holding text that
 * cannot be encoded. Each is skipped and counted; the gateway stays ready and delivers the next
 * genuine message; a new gateway replaying the same log becomes ready and holds the same history.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class HostileRecordsTest {

    static final RecordSigner SIGNER = new RecordSigner(TestGateway.SECRET);
    static final int HUGE = 24;

    @Test
    void hugeEmptyAndUnencodableIdsAndBodiesAreSkippedAndAReplayIsFine() throws Exception {
        String topic = "producers-hostile-" + UUID.randomUUID();
        try (TestGateway gateway = TestGateway.start(topic, Map.of());
             RawRecords raw = new RawRecords(topic);
             Room room = Room.open(gateway)) {
            double decode = Metrics.rejected(gateway, "decode");
            double invalid = Metrics.rejected(gateway, "invalid");
            raw.send(RawRecords.message(room.channel, "before"), SIGNER);
            String hugeId = "x".repeat(700 * 1024);
            for (int i = 0; i < HUGE; i++) {
                raw.send(RawRecords.message(hugeId + i, Instant.now(), room.channel, "huge id " + i), SIGNER);
            }
            raw.send(RawRecords.message("", Instant.now(), room.channel, "empty id"), SIGNER);
            raw.send(RawRecords.message("bad\\ud800", Instant.now(), room.channel, "unencodable id"), SIGNER);
            raw.send(RawRecords.message(room.channel, "unencodable text \\udc00"), SIGNER);
            raw.send(RawRecords.message(room.channel, "after"), SIGNER);

            assertThat(room.next().get("message").get("text").asText()).isEqualTo("before");
            assertThat(room.next().get("message").get("text").asText()).isEqualTo("after");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(Metrics.rejected(gateway, "decode")).isEqualTo(decode + HUGE + 2);
                assertThat(Metrics.rejected(gateway, "invalid")).isEqualTo(invalid + 1);
            });
            assertThat(gateway.gateway().readiness().ready()).isTrue();
            assertThat(gateway.client().call("GET", "/readyz", null, false).status()).isEqualTo(200);

            // a gateway started on the same data replays every record, skips the same ones
            try (TestGateway replica = TestGateway.start(topic, Map.of())) {
                assertThat(RawRecords.history(replica, room.channel)).containsExactly("before", "after");
                assertThat(Metrics.rejected(replica, "decode")).isEqualTo(HUGE + 2);
                assertThat(Metrics.rejected(replica, "invalid")).isEqualTo(1);
            }
        }
    }
}
