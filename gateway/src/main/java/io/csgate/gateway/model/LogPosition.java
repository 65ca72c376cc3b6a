package io.csgate.gateway.model;

import java.util.Optional;

/**
 * A place in the event log, as clients see it in a frame's {@code position}:
 * {@code <epoch>:<partition>:<offset>} for a record that carries one item, and
 * {@code <epoch>:<partition>:<offset>:<index>} for item {@code index} of a record that carries
 * several (a {@code POST /message} with many messages is one record). The epoch names the topic's
 * incarnation (a short form of its Kafka topic id), so a position from a topic that was deleted
 * and created again is recognised as foreign. Clients treat the text as opaque.
 *
 * @param index the item within the record; -1 when the record carries one item (the whole record)
 */
public record LogPosition(String epoch, int partition, long offset, int index) {

    /** Longest text {@link #parse} looks at; anything longer is not a position. */
    public static final int MAX_TEXT = 128;

    public LogPosition {
        if (epoch == null || epoch.isEmpty() || epoch.indexOf(':') >= 0 || partition < 0 || offset < 0 || index < -1) {
            throw new IllegalArgumentException("not a log position: " + epoch + ":" + partition + ":" + offset + ":" + index);
        }
    }

    /** The record as a whole. */
    public static LogPosition of(String epoch, int partition, long offset) {
        return new LogPosition(epoch, partition, offset, -1);
    }

    /** Item {@code index} of {@code count} items of this record: the record itself when it has one. */
    public LogPosition item(int index, int count) {
        return count <= 1 ? new LogPosition(epoch, partition, offset, -1) : new LogPosition(epoch, partition, offset, index);
    }

    /** Whether the client that saw this position has seen item {@code itemIndex} of the record at {@code at}. */
    public boolean covers(long at, int itemIndex) {
        return at < offset || (at == offset && (index < 0 || itemIndex <= index));
    }

    /** Parses what a client sent; empty for anything that is not a position (never throws). */
    public static Optional<LogPosition> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            return Optional.empty();
        }
        String[] parts = text.split(":", -1);
        if (parts.length < 3 || parts.length > 4 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            int partition = Integer.parseInt(parts[1]);
            long offset = Long.parseLong(parts[2]);
            int index = parts.length == 4 ? Integer.parseInt(parts[3]) : -1;
            if (partition < 0 || offset < 0 || index < (parts.length == 4 ? 0 : -1)) {
                return Optional.empty();
            }
            return Optional.of(new LogPosition(parts[0], partition, offset, index));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return epoch + ":" + partition + ":" + offset + (index < 0 ? "" : ":" + index);
    }
}
