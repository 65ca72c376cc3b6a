package io.csgate.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.event.EventCodec;
import io.csgate.ingest.kafka.Deliveries;
import io.csgate.ingest.kafka.DryRunSink;
import io.csgate.ingest.kafka.EventSink;
import io.csgate.ingest.kafka.Position;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Records what it is sent, counts like a dry run. */
    private static final class RecordingSink implements EventSink {
        final List<byte[]> values = new CopyOnWriteArrayList<>();
        final CountDownLatch first = new CountDownLatch(1);
        private final DryRunSink counts = new DryRunSink();

        @Override
        public CompletableFuture<Position> send(byte[] value, byte[] signature, int messages, long firstLine) {
            values.add(value);
            first.countDown();
            return counts.send(value, signature, messages, firstLine);
        }

        @Override
        public void flush() {
        }

        @Override
        public Deliveries deliveries() {
            return counts.deliveries();
        }

        @Override
        public void close() {
        }
    }

    private static String item(int n) {
        return "{\"channel\":\"c\",\"user\":\"u\",\"message\":{\"n\":" + n + "}}\n";
    }

    @Test
    void linesAreSentAsTheyArriveNotWhenTheBatchFills() throws Exception {
        RecordingSink sink = new RecordingSink();
        boolean[] sentBeforeMoreInput = new boolean[1];
        // A pipe that delivers one line, then more only after the first record has gone out.
        InputStream pipe = new InputStream() {
            private int step;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                byte[] data;
                try {
                    if (step == 0) {
                        data = item(1).getBytes(StandardCharsets.UTF_8);
                    } else if (step == 1) {
                        sentBeforeMoreInput[0] = sink.first.await(10, TimeUnit.SECONDS);
                        data = item(2).getBytes(StandardCharsets.UTF_8);
                    } else {
                        return -1;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
                step++;
                System.arraycopy(data, 0, b, off, data.length);
                return data.length;
            }

            @Override
            public int available() {
                return 0;
            }
        };
        Streamer.Result r = new Streamer(sink, null, pool, 2, new Streamer.Options(100, 0, 100),
                Progress.none(new PrintWriter(new StringWriter())), Clock.systemUTC(), System::nanoTime).run(pipe, -1);
        assertThat(sentBeforeMoreInput[0]).as("the first line went out before the input blocked").isTrue();
        assertThat(sink.values).hasSize(2);
        assertThat(EventCodec.decode(sink.values.get(0)).body()).hasSize(1);
        assertThat(r.counts().valid()).isEqualTo(2);
        assertThat(r.lines()).isEqualTo(2);
    }

    @Test
    void manyChunksInFlightStillReachTheSinkInInputOrder() throws Exception {
        RecordingSink sink = new RecordingSink();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            in.append(item(i));
        }
        new Streamer(sink, null, pool, 2, new Streamer.Options(7, 0, 100),
                Progress.none(new PrintWriter(new StringWriter())), Clock.systemUTC(), System::nanoTime)
                .run(new java.io.ByteArrayInputStream(in.toString().getBytes(StandardCharsets.UTF_8)), -1);
        int expected = 0;
        for (byte[] v : sink.values) {
            for (var item : EventCodec.decode(v).body()) {
                assertThat(item.get("message").get("n").asInt()).isEqualTo(expected++);
            }
        }
        assertThat(expected).isEqualTo(20_000);
    }
}
