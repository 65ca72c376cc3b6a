package io.csgate.ingest.input;

import io.csgate.common.sign.RecordSigner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Chunk} into {@link Outcome}s: every line parsed and validated
 * ({@link LineParser}), message items batched into {@code message} envelopes of at most
 * {@code batch} items in input order ({@link MessageBatch}), an envelope line as its own record
 * between the batches before and after it, every record signed. Records never span chunks or
 * invalid lines.
 * Stateless: one instance serves any number of threads at once.
 */
public final class ChunkEncoder {

    private final int batch;
    private final RecordSigner signer;
    private final Clock clock;
    private final LineParser parser;

    /** @param signer null for a dry run: records are not signed */
    public ChunkEncoder(int batch, RecordSigner signer, Clock clock) {
        this.batch = batch;
        this.signer = signer;
        this.clock = clock;
        this.parser = new LineParser(clock);
    }

    public List<Outcome> encode(Chunk chunk) {
        List<Outcome> out = new ArrayList<>(chunk.count() / Math.max(1, batch) + 2);
        MessageBatch items = new MessageBatch(batch, clock);
        byte[] data = chunk.data();
        for (int i = 0; i < chunk.count(); i++) {
            int off = chunk.start(i);
            int len = chunk.length(i);
            ParsedLine line = parser.parse(data, off, len, chunk.truncated(i));
            switch (line.kind()) {
                case BLANK -> {
                    // not a message, not an error
                }
                case INVALID -> {
                    // a record never spans an invalid line, so a send that stops there has sent all before it
                    drain(items, out);
                    out.add(new Outcome.Invalid(chunk.number(i), line.error()));
                }
                case MESSAGE -> {
                    if (!items.fits(len)) {
                        drain(items, out);
                    }
                    items.add(data, off, len, chunk.number(i));
                    if (items.full()) {
                        drain(items, out);
                    }
                }
                case ENVELOPE -> {
                    drain(items, out);
                    out.add(record(line.value(), 1, chunk.number(i)));
                }
            }
        }
        drain(items, out);
        return out;
    }

    private void drain(MessageBatch items, List<Outcome> out) {
        if (!items.isEmpty()) {
            int n = items.items();
            long first = items.firstLine();
            out.add(record(items.drain(), n, first));
        }
    }

    private Outcome.Record record(byte[] value, int messages, long firstLine) {
        return new Outcome.Record(value, signer == null ? null : signer.signBytes(value), messages, firstLine);
    }
}
