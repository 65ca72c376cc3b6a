package io.csgate.gateway.cluster;

import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.ModelBuilder;
import io.csgate.gateway.model.ModelImage;
import io.csgate.gateway.model.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One state snapshot: the model, the duplicate-id window and the log positions it was taken at (the
 * next offset to apply, per partition). Either taken from a live model to be {@link #encode()}d, or
 * {@link #decode}d to be {@link #restore}d once. The encoding is gzip-compressed JSON written and
 * read as a stream ({@link SnapshotCodec}):
 * {@code {"format":2,"events_topic":…,"positions":{"0":123},"taken_at":…,"by":…,"recent_ids":[…],"model":{…}}};
 * format 1 (uncompressed, the model as {@link ChannelstreamModel#export()}) is still read.
 */
public final class Snapshot {

    public static final int FORMAT = 2;

    private final ModelImage image;
    private final ModelBuilder restored;
    private final List<String> recentIds;
    private final Map<Integer, Long> positions;
    private final String eventsTopic;
    private final Instant takenAt;
    private final String by;
    private boolean used;

    private Snapshot(ModelImage image, ModelBuilder restored, List<String> recentIds, Map<Integer, Long> positions,
                     String eventsTopic, Instant takenAt, String by) {
        this.image = image;
        this.restored = restored;
        this.recentIds = recentIds;
        this.positions = positions;
        this.eventsTopic = eventsTopic;
        this.takenAt = takenAt;
        this.by = by;
    }

    /** A snapshot to write. */
    public static Snapshot of(ModelImage image, List<String> recentIds, Map<Integer, Long> positions,
                              String eventsTopic, Instant takenAt, String by) {
        return new Snapshot(Objects.requireNonNull(image, "image"), null, recentIds, positions, eventsTopic,
                takenAt, by);
    }

    static Snapshot read(ModelBuilder model, List<String> recentIds, Map<Integer, Long> positions,
                         String eventsTopic, Instant takenAt, String by) {
        return new Snapshot(null, model, recentIds, positions, eventsTopic, takenAt, by);
    }

    public byte[] encode() {
        if (image == null) {
            throw new IllegalStateException("a decoded snapshot is restored, not written again");
        }
        return SnapshotCodec.encode(this);
    }

    /** Decodes a snapshot; throws IllegalArgumentException naming what is wrong. */
    public static Snapshot decode(byte[] bytes) {
        return SnapshotCodec.decode(bytes);
    }

    /** The model of a decoded snapshot; once only. */
    public synchronized ChannelstreamModel restore(Outbox outbox) {
        if (restored == null || used) {
            throw new IllegalStateException("only a decoded snapshot is restored, and only once");
        }
        used = true;
        return restored.build(outbox);
    }

    ModelImage image() {
        return image;
    }

    /** Users in the model of a snapshot to write; -1 for a decoded one. */
    public int users() {
        return image == null ? -1 : image.userCount();
    }

    public List<String> recentIds() {
        return recentIds;
    }

    public Map<Integer, Long> positions() {
        return positions;
    }

    public String eventsTopic() {
        return eventsTopic;
    }

    public Instant takenAt() {
        return takenAt;
    }

    public String by() {
        return by;
    }
}
