package io.csgate.gateway.model;

import io.csgate.common.json.EncodedMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A user: state, public keys, connections, and the private frames kept for catch-up.
 *
 * <p>A replica remembers every user for {@code user_expiry} after their last activity, most of them
 * with no connection, so an idle user is kept small: no map, list or buffer of its own until it has
 * something to hold (empty ones are shared constants), its uuid and last activity as primitives, and
 * no cached answers. {@link #state} and {@link #publicKeys} are immutable and replaced, never
 * changed, so answers and snapshots share them as they are.
 */
final class User {

    static final int PRIVATE_FRAMES = 50;
    private static final Map<String, Object> NO_STATE = Map.of();

    final String username;
    private final long uuidMost;
    private final long uuidLeast;
    /** Unmodifiable all the way down (or {@link #NO_STATE}). */
    private Map<String, Object> state = NO_STATE;
    /** Unmodifiable. */
    private List<String> publicKeys = List.of();
    /** Null while the user has none. */
    private ArrayList<Connection> connections;
    /** Null until the first private frame. */
    private FrameBuffer frames;
    private long activeSecond;
    private int activeNano;
    /** Answers' shared values, made on first use; null when stale, and dropped when the user goes idle. */
    private Views views;

    /** What answers share until the state or the public keys change. */
    private static final class Views {
        Map<String, Object> publicState;
        Map<String, Object> entry;
        Map<String, Object> publicEntry;
    }

    User(String username, UUID uuid, Instant lastActive) {
        this.username = username;
        this.uuidMost = uuid.getMostSignificantBits();
        this.uuidLeast = uuid.getLeastSignificantBits();
        touch(lastActive);
    }

    String uuid() {
        return new UUID(uuidMost, uuidLeast).toString();
    }

    Instant lastActive() {
        return Instant.ofEpochSecond(activeSecond, activeNano);
    }

    long activeSecond() {
        return activeSecond;
    }

    int activeNano() {
        return activeNano;
    }

    /**
     * What this user holds beyond its name, uuid and last activity, by name ({@code state},
     * {@code public_keys}, {@code connections}, {@code frames}, {@code views}): a user keeps nothing
     * it does not need, and an idle one no cached answers.
     */
    List<String> held() {
        List<String> out = new ArrayList<>();
        if (state != NO_STATE) {
            out.add("state");
        }
        if (!publicKeys.isEmpty()) {
            out.add("public_keys");
        }
        if (connections != null) {
            out.add("connections");
        }
        if (frames != null) {
            out.add("frames");
        }
        if (views != null) {
            out.add("views");
        }
        return out;
    }

    boolean hasFrames() {
        return frames != null && frames.size() > 0;
    }

    void touch(Instant t) {
        activeSecond = t.getEpochSecond();
        activeNano = t.getNano();
    }

    /** Whether the user has no connection and was last active before {@code t}. */
    boolean idleBefore(Instant t) {
        if (connections != null) {
            return false;
        }
        return activeSecond < t.getEpochSecond() || (activeSecond == t.getEpochSecond() && activeNano < t.getNano());
    }

    /** The state, immutable: shared by answers and snapshots as it is. */
    Map<String, Object> state() {
        return state;
    }

    /** Immutable. */
    List<String> publicKeys() {
        return publicKeys;
    }

    /** Read-only. */
    List<Connection> connections() {
        return connections == null ? List.of() : connections;
    }

    void addConnection(Connection c) {
        if (connections == null) {
            connections = new ArrayList<>(1);
        }
        connections.add(c);
    }

    void removeConnection(Connection c) {
        if (connections != null && connections.remove(c) && connections.isEmpty()) {
            // idle: nothing answers with this user until it connects again
            connections = null;
            views = null;
        }
    }

    /** The private frames, oldest first. */
    Iterable<StoredFrame> frames() {
        return frames == null ? List.of() : frames;
    }

    List<StoredFrame> framesAfter(long seq) {
        return frames == null ? List.of() : frames.after(seq);
    }

    /** Puts back a stored frame as exported, before any event applies. */
    void restoreFrame(StoredFrame f) {
        storeFrame(f);
    }

    private void storeFrame(StoredFrame f) {
        if (frames == null) {
            frames = new FrameBuffer(PRIVATE_FRAMES);
        }
        frames.add(f);
    }

    /** Puts back the state as exported (plain values), before any event applies. */
    void restoreState(LinkedHashMap<String, Object> exported) {
        state = exported.isEmpty() ? NO_STATE : PlainValues.frozen(exported);
        views = null;
    }

    private Views views() {
        if (views == null) {
            views = new Views();
        }
        return views;
    }

    /** State entries whose key is public, in state order. */
    LinkedHashMap<String, Object> publicState() {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (publicKeys.contains(k)) {
                out.put(k, PlainValues.deepCopy(v));
            }
        });
        return out;
    }

    void setPublicKeys(List<String> keys) {
        if (!keys.equals(publicKeys)) {
            publicKeys = List.copyOf(keys);
            views = null;
        }
    }

    /** The state as an immutable value, shared by answers until the state changes. */
    Map<String, Object> stateView() {
        return state;
    }

    /** {@link #publicState()}, immutable, shared by answers until the state or the public keys change. */
    Map<String, Object> publicStateView() {
        if (state.isEmpty() || publicKeys.isEmpty()) {
            return NO_STATE;
        }
        Views v = views();
        if (v.publicState == null) {
            v.publicState = PlainValues.frozen(publicState());
        }
        return v.publicState;
    }

    /**
     * This user in a ChannelsInfo {@code users} list, {@code {"user": name, "state": ...}} with the
     * full or the public state; immutable, shared by answers until the state or public keys change,
     * and encoded to JSON once for all of them.
     */
    Map<String, Object> entry(boolean publicOnly) {
        Views v = views();
        if (publicOnly) {
            if (v.publicEntry == null) {
                v.publicEntry = new EncodedMap(Frames.userEntry(username, publicStateView()));
            }
            return v.publicEntry;
        }
        if (v.entry == null) {
            v.entry = new EncodedMap(Frames.userEntry(username, stateView()));
        }
        return v.entry;
    }

    /**
     * Merges {@code update} into the state. A key changes when the old value differs in Python's
     * {@code !=} sense, so setting an absent key to null changes nothing and creates no key.
     *
     * @return {@code [{"key": k, "value": v}, ...]} in update order
     */
    List<Map<String, Object>> applyState(Map<String, Object> update) {
        List<Map<String, Object>> changed = new ArrayList<>();
        if (update == null || update.isEmpty()) {
            return changed;
        }
        LinkedHashMap<String, Object> next = null;
        for (Map.Entry<String, Object> e : update.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            Map<String, Object> current = next != null ? next : state;
            if (!PlainValues.pyEquals(current.get(k), v)) {
                if (next == null) {
                    // the old values are immutable: a shallow copy shares them
                    next = new LinkedHashMap<>(state);
                }
                next.put(k, PlainValues.frozenValue(v));
                LinkedHashMap<String, Object> change = new LinkedHashMap<>();
                change.put("key", k);
                change.put("value", PlainValues.deepCopy(v));
                changed.add(change);
            }
        }
        if (next != null) {
            state = java.util.Collections.unmodifiableMap(next);
            views = null;
        }
        return changed;
    }

    /**
     * Stores {@code event} (without its delivery keys) as a private frame and sends it to every
     * connection of this user.
     *
     * @return the number of connections it was sent to
     */
    int deliver(Map<String, Object> event, Step step) {
        LinkedHashMap<String, Object> stored = Frames.stripped(event);
        storeFrame(new StoredFrame(step.seq(), stored));
        touch(step.time());
        if (connections != null) {
            List<UUID> ids = new ArrayList<>(connections.size());
            for (Connection c : connections) {
                ids.add(c.id);
            }
            step.outbox().deliver(ids, Frames.forDelivery(stored));
            return connections.size();
        }
        return 0;
    }

    void alterMessage(LinkedHashMap<String, Object> edit, Step step) {
        Map<String, Object> target = frames == null ? null : frames.findMessage((String) edit.get("uuid"));
        if (target != null) {
            Frames.patch(target, edit);
        }
        deliver(Frames.typed(edit, "message:edit"), step);
    }

    void deleteMessage(LinkedHashMap<String, Object> delete, Step step) {
        if (frames != null) {
            frames.removeMessage((String) delete.get("uuid"));
        }
        deliver(Frames.typed(delete, "message:delete"), step);
    }
}
