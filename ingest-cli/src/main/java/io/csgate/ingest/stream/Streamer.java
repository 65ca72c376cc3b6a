package io.csgate.ingest.stream;

import io.csgate.common.sign.RecordSigner;
import io.csgate.ingest.input.Chunk;
import io.csgate.ingest.input.ChunkEncoder;
import io.csgate.ingest.input.LineParser;
import io.csgate.ingest.input.LineReader;
import io.csgate.ingest.input.Outcome;
import io.csgate.ingest.kafka.Deliveries;
import io.csgate.ingest.kafka.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs one {@code send}. The calling thread reads lines into {@link Chunk}s; a pool of encoder
 * threads parses, validates, batches and signs each chunk ({@link ChunkEncoder}); the calling
 * thread takes the results back in input order, reports invalid lines, paces, and hands the
 * records to the sink, which counts acknowledgements on the producer's thread. Nothing waits
 * per record; the one wait for acknowledgements is {@link EventSink#flush()} at the end.
 *
 * <p>Order: chunks are sent in input order and a record never spans chunks, so records reach
 * the log in input order, and the items of a record keep their order. At most
 * {@code 2 * threads + 2} chunks are in flight (bounded memory). When the input goes quiet
 * (nothing more to read without blocking), everything read so far is encoded and sent before
 * the read blocks. At the first failed delivery (and, with {@link Options#stopAtInvalid}, at the
 * first invalid line) sending stops; {@link Result#firstUnsentLine()} says from where input was
 * not sent.
 *
 * <p>Threads: the encoder pool is the caller's; this class never touches it after {@link #run}
 * returns. Not reusable.
 */
public final class Streamer {

    /** Lines per chunk when the batch is small: enough work to be worth a hand-over. */
    static final int MIN_CHUNK_LINES = 256;
    static final int MAX_CHUNK_BYTES = 1024 * 1024;
    /** Progress is looked at every 256 lines (a mask). */
    private static final long PROGRESS_EVERY_LINES = 255;

    /**
     * @param batch message items per record, at least 1
     * @param rate messages per second, 0 for unlimited
     * @param showInvalid invalid lines reported one by one (then only counted); 0 for all
     * @param stopAtInvalid stop at the first invalid line (reported; the lines before it are sent)
     *     instead of skipping invalid lines
     */
    public record Options(int batch, double rate, int showInvalid, boolean stopAtInvalid) {

        /** Invalid lines are skipped. */
        public Options(int batch, double rate, int showInvalid) {
            this(batch, rate, showInvalid, false);
        }
    }

    /**
     * How a send went.
     *
     * @param lines input lines read
     * @param firstUnsentLine after a delivery failure or at an invalid line that stopped sending, the
     *     first input line not sent (0: all sent)
     * @param stoppedAtInvalid whether sending stopped at an invalid line ({@link Options#stopAtInvalid})
     */
    public record Result(Counts counts, long lines, long firstUnsentLine, Deliveries deliveries,
                         boolean stoppedAtInvalid) {}

    private final EventSink sink;
    private final ChunkEncoder encoder;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final int chunkLines;
    private final Options options;
    private final Progress progress;
    private final LongSupplier nanoTime;
    private final Pacer pacer;
    private final ArrayDeque<CompletableFuture<List<Outcome>>> inFlight = new ArrayDeque<>();
    private Chunk chunk;
    private long valid;
    private long invalid;
    private long firstUnsent;
    private boolean stoppedAtInvalid;

    /**
     * @param signer signs every record; null for a dry run
     * @param pool runs the encoding; {@code threads} is its size
     * @param clock gives the envelopes' {@code time}
     */
    public Streamer(EventSink sink, RecordSigner signer, ExecutorService pool, int threads, Options options,
                    Progress progress, Clock clock, LongSupplier nanoTime) {
        this.sink = sink;
        this.pool = pool;
        this.maxInFlight = 2 * Math.max(1, threads) + 2;
        int batch = Pacer.batchFor(options.rate(), options.batch());
        this.encoder = new ChunkEncoder(batch, signer, clock);
        this.chunkLines = options.rate() > 0 ? batch : batch * ((MIN_CHUNK_LINES + batch - 1) / batch);
        this.options = options;
        this.progress = progress;
        this.nanoTime = nanoTime;
        this.pacer = new Pacer(options.rate(), nanoTime);
        this.chunk = newChunk();
    }

    /** Sends everything {@code in} holds; {@code totalBytes} is its size, or -1 when unknown. */
    public Result run(InputStream in, long totalBytes) throws IOException {
        long started = nanoTime.getAsLong();
        LineReader reader = new LineReader(in, this::sendAllRead, LineParser.MAX_LINE_BYTES);
        while (firstUnsent == 0 && reader.next()) {
            chunk.add(reader.buffer(), reader.start(), reader.length(), reader.number(), reader.truncated());
            if (chunk.full()) {
                submit();
            }
            if ((reader.number() & PROGRESS_EVERY_LINES) == 0 || !pacer.unlimited()) {
                progress.update(counts(reader.bytesRead(), totalBytes, started));
            }
        }
        sendAllRead();
        sink.flush();
        Counts end = counts(reader.bytesRead(), totalBytes, started);
        progress.finish(end);
        if (options.showInvalid() > 0 && invalid > options.showInvalid()) {
            progress.println((invalid - options.showInvalid()) + " more invalid lines not shown (--show-invalid)");
        }
        return new Result(end, reader.number(), firstUnsent, sink.deliveries(), stoppedAtInvalid);
    }

    private Chunk newChunk() {
        return new Chunk(chunkLines, MAX_CHUNK_BYTES);
    }

    private void submit() {
        if (chunk.isEmpty()) {
            return;
        }
        Chunk full = chunk;
        chunk = newChunk();
        inFlight.add(CompletableFuture.supplyAsync(() -> encoder.encode(full), pool));
        while (inFlight.size() >= maxInFlight || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
            sendNext();
        }
    }

    /** Before the input blocks, and at the end: encode and send everything read so far. */
    private void sendAllRead() {
        if (firstUnsent == 0) {
            submit();
        }
        while (!inFlight.isEmpty()) {
            sendNext();
        }
    }

    private void sendNext() {
        List<Outcome> outcomes;
        try {
            outcomes = inFlight.poll().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (firstUnsent != 0) {
            return;
        }
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Invalid bad) {
                reportInvalid(bad);
                if (options.stopAtInvalid()) {
                    // the encoder ends a record before every invalid line: all before it is sent
                    stoppedAtInvalid = true;
                    firstUnsent = bad.line();
                    return;
                }
            } else if (o instanceof Outcome.Record r) {
                if (sink.deliveries().anyFailed()) {
                    firstUnsent = r.firstLine();
                    return;
                }
                pace(r.messages());
                valid += r.messages();
                sink.send(r.value(), r.signature(), r.messages(), r.firstLine());
            }
        }
    }

    private void pace(int messages) {
        long wait = pacer.delayNanos(messages);
        long until = nanoTime.getAsLong() + wait;
        for (long left = wait; left > 0 && !Thread.currentThread().isInterrupted();
                left = until - nanoTime.getAsLong()) {
            LockSupport.parkNanos(left);
        }
    }

    private void reportInvalid(Outcome.Invalid bad) {
        invalid++;
        if (options.showInvalid() <= 0 || invalid <= options.showInvalid()) {
            progress.println("line " + bad.line() + ": " + bad.error());
        }
    }

    private Counts counts(long bytesRead, long totalBytes, long started) {
        Deliveries d = sink.deliveries();
        return new Counts(bytesRead, totalBytes, valid, invalid, d.messagesAcked(), d.messagesFailed(),
                nanoTime.getAsLong() - started);
    }
}
