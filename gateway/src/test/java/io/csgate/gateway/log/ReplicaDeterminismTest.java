package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.event.Topics;
import io.csgate.common.json.Json;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.admin.SessionRevocations;
import io.csgate.gateway.cluster.Liveness;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.Outbox;
import io.csgate.gateway.replica.ModelEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md §1, tested directly: two independent replicas (applier + model) fed the
 * same records end in equal state, whatever the batch boundaries, including records from direct
 * producers that leave ids and times to the applier, rejected records and duplicates.
 */
class ReplicaDeterminismTest {

    private static final String SECRET = "determinism";
    private static final RecordSigner SIGNER = new RecordSigner(SECRET);

    record Replica(ApplierRig applier, ChannelstreamModel model) {}

    static Replica replica() {
        Outbox none = new Outbox() {
            @Override
            public void deliver(List<UUID> connIds, Map<String, Object> event) {}

            @Override
            public void close(UUID connId) {}
        };
        ChannelstreamModel model = new ChannelstreamModel(none);
        ApplierRig applier = new ApplierRig(RecordDecoders.sharedSecret(SECRET), new ModelEvents(model,
                new Liveness("replica", Duration.ofSeconds(20)), new SessionRevocations(Clock.systemUTC())),
                new SimpleMeterRegistry());
        return new Replica(applier, model);
    }

    static ConsumerRecord<byte[], byte[]> record(long offset, Op op, Object body, Instant time, boolean signed) {
        return record(offset, Envelope.of(UUID.nameUUIDFromBytes(("e" + offset).getBytes()).toString(), op, time,
                "producer", Json.tree(body)), signed);
    }

    static ConsumerRecord<byte[], byte[]> record(long offset, Envelope e, boolean signed) {
        byte[] value = EventCodec.encode(e);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.SIGNATURE_HEADER, signed ? SIGNER.signBytes(value) : "v1=forged".getBytes());
        return new ConsumerRecord<>("t", 0, offset, 1_700_000_000_000L + offset * 1000, TimestampType.CREATE_TIME,
                0, value.length, null, value, headers, Optional.empty());
    }

    static List<ConsumerRecord<byte[], byte[]>> log() {
        List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-29T07:00:00.123456Z");
        long o = 0;
        String c1 = "11111111-1111-1111-1111-111111111111";
        log.add(record(o++, Op.CONNECT, Map.of("username", "alice", "conn_id", c1, "channels", List.of("room"),
                "fresh_user_state", Map.of("s", 1), "state_public_keys", List.of("s"),
                "channel_configs", Map.of("room", Map.of("notify_presence", true, "store_history", true,
                        "notify_state", true))), t0, true));
        // a direct producer's connect without conn_id: derived from the event id
        log.add(record(o++, Op.CONNECT, Map.of("username", "bob", "channels", List.of("room", "other")), null, true));
        // direct producer messages without uuid and timestamp
        log.add(record(o++, Op.MESSAGE, List.of(Map.of("channel", "room", "user", "w", "message", Map.of("n", 1)),
                Map.of("channel", "room", "user", "w", "pm_users", List.of("bob"), "message", Map.of("n", 2)),
                Map.of("user", "w", "pm_users", List.of("alice"), "message", Map.of("n", 3))), null, true));
        log.add(record(o++, Op.USER_STATE, Map.of("user", "alice", "user_state", Map.of("s", 2, "p", "x")), null, true));
        log.add(record(o++, Op.MESSAGE, List.of(Map.of("channel", "room", "user", "forger", "message", Map.of())),
                null, false)); // bad signature: skipped
        log.add(record(o++, Op.SUBSCRIBE, Map.of("conn_id", c1, "channels", List.of("third")), null, true));
        log.add(record(o++, Op.MESSAGE, List.of(Map.of("user", "x")), null, true)); // invalid: skipped
        Envelope dup = Envelope.of("dup-id", Op.MESSAGE, null, "p", Json.tree(List.of(Map.of("channel", "room",
                "user", "d", "message", Map.of("once", true)))));
        log.add(record(o++, dup, true));
        log.add(record(o++, dup, true)); // duplicate event id: no second effect
        log.add(record(o++, Op.CHANNEL_CONFIG, Map.of("room", Map.of("store_history", true, "history_size", 2)),
                null, true));
        log.add(record(o++, Op.UNSUBSCRIBE, Map.of("conn_id", c1, "channels", List.of("room")), null, true));
        log.add(record(o++, Op.DISCONNECT, Map.of("conn_id", c1), null, true));
        return log;
    }

    static Map<String, Object> apply(Replica r, List<List<ConsumerRecord<byte[], byte[]>>> batches) throws Exception {
        batches.forEach(r.applier()::accept);
        Map<String, Object> state = r.applier().call(r.model()::export).get(10, TimeUnit.SECONDS);
        r.applier().close();
        return state;
    }

    @Test
    void twoReplicasFedTheSameRecordsEndInEqualState() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> log = log();
        Map<String, Object> one = apply(replica(), List.of(log));
        List<List<ConsumerRecord<byte[], byte[]>>> single = new ArrayList<>();
        log.forEach(rec -> single.add(List.of(rec)));
        Map<String, Object> two = apply(replica(), single);
        assertThat(Json.text(two)).isEqualTo(Json.text(one));
    }

    @Test
    void rejectedAndDuplicateRecordsHaveNoEffect() throws Exception {
        Replica r = replica();
        List<ConsumerRecord<byte[], byte[]>> log = log();
        r.applier().accept(log);
        Map<String, Object> info = r.applier().call(() -> r.model().info(null)).get(10, TimeUnit.SECONDS);
        String text = Json.text(info);
        assertThat(text).doesNotContain("forger");
        // "once" is stored exactly once in room's history
        assertThat(text.split("\"once\"", -1)).hasSize(2);
        r.applier().close();
    }
}
