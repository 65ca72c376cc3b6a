package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import io.csgate.common.sign.RecordVerifier;
import io.csgate.common.sign.SigningKey;
import io.csgate.gateway.replica.Unavailable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.csgate.gateway.metrics.Meters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records on a LogAppendTime topic are held to their append time: a copy of a genuine record
 * appended later has no effect, whether its id is still remembered or not, while replaying the
 * same log applies every genuine record again. Records from before the cut-over (CreateTime) are
 * applied as before. The records are real Kafka records, built as the consumer hands them over.
 */
class ApplierTimeWindowTest {

    static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final RecordSigner SIGNER = new RecordSigner("secret");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> applied = Collections.synchronizedList(new ArrayList<>());
    private final List<ApplierRig> appliers = new ArrayList<>();
    private long offset;

    @AfterEach
    void close() {
        appliers.forEach(ApplierRig::close);
    }

    private ApplierRig applier(int recentIds, List<SigningKey> keys) {
        ApplierRig a = new ApplierRig(new RecordDecoder(new RecordVerifier(keys), WINDOW), event -> {
            applied.add(event.id() + "@" + event.time());
            return null;
        }, registry, recentIds);
        appliers.add(a);
        return a;
    }

    private ApplierRig applier(int recentIds) {
        return applier(recentIds, List.of(SigningKey.shared("secret")));
    }

    static byte[] value(String id, Instant time) {
        return EventCodec.encode(new Envelope(Envelope.VERSION, id, Op.GATEWAY_HEARTBEAT, time, "gw-a",
                JsonNodeFactory.instance.objectNode()));
    }

    /** A record as the consumer returns it: {@code appended} is its timestamp, of {@code type}. */
    private ConsumerRecord<byte[], byte[]> record(byte[] value, byte[] signature, Instant appended, TimestampType type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.SIGNATURE_HEADER, signature);
        return new ConsumerRecord<>("events", 0, offset++, appended.toEpochMilli(), type, -1, value.length, null, value,
                headers, Optional.empty());
    }

    private ConsumerRecord<byte[], byte[]> appended(byte[] value, Instant at) {
        return record(value, SIGNER.signBytes(value), at, TimestampType.LOG_APPEND_TIME);
    }

    private List<String> run(ApplierRig a, List<ConsumerRecord<byte[], byte[]>> log) throws Exception {
        applied.clear();
        a.accept(log);
        a.call(() -> null).get(10, TimeUnit.SECONDS);
        return List.copyOf(applied);
    }

    private double rejected(String reason) {
        return registry.counter(Meters.RECORDS_REJECTED, "reason", reason).count();
    }

    @Test
    void aCopyProducedAgainAfterTheWindowHasNoEffect() throws Exception {
        byte[] genuine = value("e1", T0);
        List<ConsumerRecord<byte[], byte[]>> log = List.of(
                appended(genuine, T0.plusMillis(40)),
                appended(value("e2", T0.plusSeconds(1)), T0.plusSeconds(1)),
                // the exact bytes and signature, produced again two minutes later
                appended(genuine, T0.plusSeconds(120)),
                appended(value("e3", T0.plusSeconds(121)), T0.plusSeconds(121)));

        assertThat(run(applier(100), log)).containsExactly("e1@" + T0, "e2@" + T0.plusSeconds(1),
                "e3@" + T0.plusSeconds(121));
        assertThat(rejected("out_of_window")).isEqualTo(1);
    }

    @Test
    void aCopyOfARecordTheIdWindowLetGoOfIsCaughtByTheFloor() throws Exception {
        byte[] genuine = value("e1", T0);
        List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();
        log.add(appended(genuine, T0));
        for (int i = 2; i <= 5; i++) { // a busy log: four more ids, the window keeps three
            log.add(appended(value("e" + i, T0.plusMillis(i)), T0.plusMillis(i)));
        }
        // within the time window, but "e1" is no longer remembered
        log.add(appended(genuine, T0.plusSeconds(10)));

        assertThat(run(applier(3), log)).hasSize(5).doesNotContain("e1@" + T0.plusSeconds(10))
                .containsOnlyOnce("e1@" + T0);
        assertThat(rejected("out_of_window")).isEqualTo(1);
        assertThat(rejected("duplicate")).isZero();
    }

    @Test
    void replayingTheLogLaterAppliesEveryGenuineRecordAgain() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant t = T0.plusSeconds(i * 30L);
            log.add(appended(value("g" + i, t), t.plusMillis(5)));
        }
        log.add(appended(value("g0", T0), T0.plusSeconds(3600))); // a copy, an hour later
        List<String> live = run(applier(3), log);
        // a new replica reads the same records a day later: times are compared with append times
        List<String> replay = run(applier(3), log);
        assertThat(live).hasSize(6);
        assertThat(replay).isEqualTo(live);
    }

    @Test
    void recordsFromBeforeTheCutOverAreAppliedAsBefore() throws Exception {
        byte[] untimed = EventCodec.encode(new Envelope(Envelope.VERSION, "old-untimed", Op.GATEWAY_HEARTBEAT, null,
                "gw-a", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()));
        byte[] oldTime = value("old-timed", T0.minusSeconds(86_400));
        List<ConsumerRecord<byte[], byte[]>> log = List.of(
                record(untimed, SIGNER.signBytes(untimed), T0, TimestampType.CREATE_TIME),
                record(oldTime, SIGNER.signBytes(oldTime), T0, TimestampType.CREATE_TIME),
                // after the switch to LogAppendTime, a record needs its signed time
                appended(untimed, T0.plusSeconds(5)));

        assertThat(run(applier(100), log)).containsExactly("old-untimed@" + T0,
                "old-timed@" + T0.minusSeconds(86_400));
        assertThat(rejected("untimed")).isEqualTo(1);
    }

    @Test
    void aFutureTimeBeyondTheWindowIsRefusedToo() throws Exception {
        assertThat(run(applier(100), List.of(appended(value("f", T0.plusSeconds(61)), T0)))).isEmpty();
        assertThat(rejected("out_of_window")).isEqualTo(1);
    }

    @Test
    void timesAtTheEndsOfTheInstantRangeAreRefusedAndTheNextRecordApplies() throws Exception {
        // a signed producer's envelope time may be any ISO instant: a billion years away must not break the
        // reader (it overflowed the window's arithmetic), and the years 1 and 9999 are merely out of the window
        List<String> got = run(applier(100), List.of(
                appended(value("far", Instant.parse("+1000000000-12-31T23:59:59.999999999Z")), T0),
                appended(value("early", Instant.parse("-1000000000-01-01T00:00:00Z")), T0),
                appended(value("y9999", Instant.parse("9999-12-31T23:59:59.999999999Z")), T0),
                appended(value("y1", Instant.parse("0001-01-01T00:00:00Z")), T0),
                appended(value("next", T0.minusSeconds(60)), T0)));
        assertThat(got).containsExactly("next@" + T0.minusSeconds(60));
        assertThat(rejected("decode")).isEqualTo(2);
        assertThat(rejected("out_of_window")).isEqualTo(2);
    }

    @Test
    void aRecordThatBreaksDecodingIsSkippedAndTheRestOfItsFetchApplies() throws Exception {
        byte[] bad = value("bad", T0);
        ConsumerRecord<byte[], byte[]> breaking = new ConsumerRecord<>("events", 0, offset++, T0.toEpochMilli(),
                TimestampType.LOG_APPEND_TIME, -1, bad.length, null, bad, new RecordHeaders(), Optional.empty()) {
            @Override
            public Headers headers() {
                throw new IllegalStateException("a failure no check foresaw");
            }
        };
        List<String> got = run(applier(100), List.of(appended(value("before", T0), T0), breaking,
                appended(value("after", T0), T0)));
        assertThat(got).containsExactly("before@" + T0, "after@" + T0);
        assertThat(rejected("decode")).isEqualTo(1);
    }

    @Test
    void aRevokedKeyVerifiesOnlyRecordsAppendedBeforeItsRevocation() throws Exception {
        Instant revoked = T0.plusSeconds(10);
        ApplierRig a = applier(100, List.of(SigningKey.shared("secret"), new SigningKey("billing", "b", revoked)));
        RecordSigner billing = new RecordSigner("billing", "b");
        byte[] before = value("before", T0);
        byte[] after = value("after", revoked);
        List<String> got = run(a, List.of(
                record(before, billing.signBytes(before), T0, TimestampType.LOG_APPEND_TIME),
                record(after, billing.signBytes(after), revoked, TimestampType.LOG_APPEND_TIME),
                appended(value("shared", revoked), revoked)));
        assertThat(got).containsExactly("before@" + T0, "shared@" + revoked);
        assertThat(rejected("revoked_key")).isEqualTo(1);
    }

    @Test
    void aCallerWaitingForASkippedRecordIsToldAtOnce() throws Exception {
        ApplierRig a = applier(100);
        CompletableFuture<Throwable> told = new CompletableFuture<>();
        a.expect("late", Runnable::run, (result, error) -> told.complete(error));
        a.accept(List.of(appended(value("late", T0), T0.plusSeconds(600))));
        assertThat(told.get(10, TimeUnit.SECONDS)).isInstanceOf(Unavailable.class)
                .hasMessageContaining("out_of_window");
    }
}
