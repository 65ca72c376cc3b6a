package io.csgate.ingest.input;

import io.csgate.common.event.Op;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

/**
 * Message items waiting to go out together in one {@code message} envelope, in input order. The
 * items' JSON is copied as read (already validated), not re-serialized, so the record holds
 * exactly the bytes that were validated:
 * {@code {"v":1,"id":"<random uuid>","op":"message","time":"<now>","origin":"ingest-cli","body":[item,item,...]}}.
 * Not thread-safe.
 */
public final class MessageBatch {

    /** A record's body stops growing here, well under Kafka's default 1 MB record limit. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final int maxItems;
    private final Clock clock;
    private byte[] body = new byte[16 * 1024];
    private int size;
    private int items;
    private long firstLine;

    /** @param maxItems items per record, at least 1 */
    public MessageBatch(int maxItems, Clock clock) {
        this.maxItems = Math.max(1, maxItems);
        this.clock = clock;
    }

    /** Whether an item of {@code len} bytes may join this record (an empty batch takes any item). */
    public boolean fits(int len) {
        return items == 0 || (items < maxItems && size + 1 + len <= MAX_BODY_BYTES);
    }

    /** Adds one item's JSON; check {@link #fits} before and {@link #full()} after. */
    public void add(byte[] buf, int off, int len, long line) {
        if (items == 0) {
            firstLine = line;
        }
        int need = size + len + 1;
        if (need > body.length) {
            body = Arrays.copyOf(body, Math.max(need, body.length * 2));
        }
        if (items > 0) {
            body[size++] = ',';
        }
        System.arraycopy(buf, off, body, size, len);
        size += len;
        items++;
    }

    /** Whether the next item should go in a new record. */
    public boolean full() {
        return items >= maxItems || size >= MAX_BODY_BYTES;
    }

    public boolean isEmpty() {
        return items == 0;
    }

    public int items() {
        return items;
    }

    /** Input line of the first item. */
    public long firstLine() {
        return firstLine;
    }

    /** The envelope of the items added so far; the batch is empty afterwards. */
    public byte[] drain() {
        byte[] head = ("{\"v\":1,\"id\":\"" + UUID.randomUUID() + "\",\"op\":\"" + Op.MESSAGE.wireName()
                + "\",\"time\":\"" + clock.instant().truncatedTo(ChronoUnit.MICROS)
                + "\",\"origin\":\"" + LineParser.ORIGIN + "\",\"body\":[").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + size + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, size);
        out[out.length - 2] = ']';
        out[out.length - 1] = '}';
        size = 0;
        items = 0;
        if (body.length > 4 * MAX_BODY_BYTES) {
            body = new byte[16 * 1024];
        }
        return out;
    }
}
