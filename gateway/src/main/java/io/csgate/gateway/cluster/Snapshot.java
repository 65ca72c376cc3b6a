package io.csgate.gateway.cluster;

import io.csgate.gateway.log.IdWindow;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.ModelBuilder;
import io.csgate.gateway.model.ModelImage;
import io.csgate.gateway.model.Outbox;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One state snapshot: the model, the duplicate-id window, the signed-out admin sessions and the log
 * positions it was taken at (the next offset to apply, per partition). Either taken from a live
 * model to be {@link #encode()}d, or {@link #decode}d to be {@link #restore}d once. The encoding is
 * gzip-compressed JSON written and read as a stream ({@link SnapshotCodec}):
 * {@code {"format":2,"events_topic":…,"positions":{"0":123},"taken_at":…,"by":…,"recent_ids":[…],
 * "recent_id_times":[…],"replay_floor":…,"admin_sessions_revoked":{…},"model":{…}}}; format 1
 * (uncompressed, the model as {@link ChannelstreamModel#export()}) is still read. A snapshot without
 * {@code recent_id_times} and {@code replay_floor} restores every id as unbound, one without
 * {@code admin_sessions_revoked} has no signed-out sessions. A connection of the model may carry
 * {@code resume_from} and {@code resume_to} (a resume no socket has taken yet, docs/design.md §13);
 * still format 2: a connection without them, as in snapshots made before resumes, has none.
 */
public final class Snapshot {

    public static final int FORMAT = 2;

    private final ModelImage image;
    private final ModelBuilder restored;
    private final IdWindow recentIds;
    private final Map<String, Long> revokedSessions;
    private final Map<Integer, Long> positions;
    private final String eventsTopic;
    private final Instant takenAt;
    private final String by;
    private boolean used;

    private Snapshot(ModelImage image, ModelBuilder restored, IdWindow recentIds, Map<Integer, Long> positions,
                     String eventsTopic, Instant takenAt, String by, Map<String, Long> revokedSessions) {
        this.image = image;
        this.restored = restored;
        this.recentIds = recentIds;
        this.positions = positions;
        this.eventsTopic = eventsTopic;
        this.takenAt = takenAt;
        this.by = by;
        this.revokedSessions = Map.copyOf(revokedSessions);
    }

    /** A snapshot to write. */
    public static Snapshot of(ModelImage image, IdWindow recentIds, Map<Integer, Long> positions,
                              String eventsTopic, Instant takenAt, String by, Map<String, Long> revokedSessions) {
        return new Snapshot(Objects.requireNonNull(image, "image"), null, recentIds, positions, eventsTopic,
                takenAt, by, revokedSessions);
    }

    static Snapshot read(ModelBuilder model, IdWindow recentIds, Map<Integer, Long> positions,
                         String eventsTopic, Instant takenAt, String by, Map<String, Long> revokedSessions) {
        return new Snapshot(null, model, recentIds, positions, eventsTopic, takenAt, by, revokedSessions);
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

    public IdWindow recentIds() {
        return recentIds;
    }

    /** Signed-out admin sessions, by session, with their expiry (epoch seconds). */
    public Map<String, Long> revokedSessions() {
        return revokedSessions;
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
