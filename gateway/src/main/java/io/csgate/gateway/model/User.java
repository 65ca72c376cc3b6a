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
 * <p>{@link #state} and {@link #publicKeys} change only through {@link #applyState} and
 * {@link #setPublicKeys}, which drop the cached immutable views that answers share.
 */
final class User {

    static final int PRIVATE_FRAMES = 50;

    final String username;
    final String uuid;
    final LinkedHashMap<String, Object> state = new LinkedHashMap<>();
    /** Read-only outside {@link #setPublicKeys}. */
    List<String> publicKeys = new ArrayList<>();
    final List<Connection> connections = new ArrayList<>();
    final FrameBuffer frames = new FrameBuffer(PRIVATE_FRAMES);
    Instant lastActive;
    /** Immutable views for answers, made on first use after a change; null when stale. */
    private Map<String, Object> stateView;
    private Map<String, Object> publicStateView;
    private Map<String, Object> entry;
    private Map<String, Object> publicEntry;

    User(String username, String uuid, Instant lastActive) {
        this.username = username;
        this.uuid = uuid;
        this.lastActive = lastActive;
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
            publicKeys = new ArrayList<>(keys);
            publicStateView = null;
            publicEntry = null;
        }
    }

    /** The state as an immutable deep copy, shared by answers until the state changes. */
    Map<String, Object> stateView() {
        if (stateView == null) {
            stateView = PlainValues.frozenCopy(state);
        }
        return stateView;
    }

    /** {@link #publicState()}, immutable, shared by answers until the state or the public keys change. */
    Map<String, Object> publicStateView() {
        if (publicStateView == null) {
            publicStateView = PlainValues.frozen(publicState());
        }
        return publicStateView;
    }

    /**
     * This user in a ChannelsInfo {@code users} list, {@code {"user": name, "state": ...}} with the
     * full or the public state; immutable, shared by answers until the state or public keys change,
     * and encoded to JSON once for all of them.
     */
    Map<String, Object> entry(boolean publicOnly) {
        if (publicOnly) {
            if (publicEntry == null) {
                publicEntry = new EncodedMap(Frames.userEntry(username, publicStateView()));
            }
            return publicEntry;
        }
        if (entry == null) {
            entry = new EncodedMap(Frames.userEntry(username, stateView()));
        }
        return entry;
    }

    /**
     * Merges {@code update} into the state. A key changes when the old value differs in Python's
     * {@code !=} sense, so setting an absent key to null changes nothing and creates no key.
     *
     * @return {@code [{"key": k, "value": v}, ...]} in update order
     */
    List<Map<String, Object>> applyState(Map<String, Object> update) {
        List<Map<String, Object>> changed = new ArrayList<>();
        if (update == null) {
            return changed;
        }
        update.forEach((k, v) -> {
            if (!PlainValues.pyEquals(state.get(k), v)) {
                state.put(k, PlainValues.deepCopy(v));
                LinkedHashMap<String, Object> change = new LinkedHashMap<>();
                change.put("key", k);
                change.put("value", PlainValues.deepCopy(v));
                changed.add(change);
            }
        });
        if (!changed.isEmpty()) {
            stateView = null;
            publicStateView = null;
            entry = null;
            publicEntry = null;
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
        frames.add(new StoredFrame(step.seq(), stored));
        lastActive = step.time();
        if (!connections.isEmpty()) {
            List<UUID> ids = new ArrayList<>(connections.size());
            for (Connection c : connections) {
                ids.add(c.id);
            }
            step.outbox().deliver(ids, Frames.forDelivery(stored));
        }
        return connections.size();
    }

    void alterMessage(LinkedHashMap<String, Object> edit, Step step) {
        Map<String, Object> target = frames.findMessage((String) edit.get("uuid"));
        if (target != null) {
            Frames.patch(target, edit);
        }
        deliver(Frames.typed(edit, "message:edit"), step);
    }

    void deleteMessage(LinkedHashMap<String, Object> delete, Step step) {
        frames.removeMessage((String) delete.get("uuid"));
        deliver(Frames.typed(delete, "message:delete"), step);
    }
}
