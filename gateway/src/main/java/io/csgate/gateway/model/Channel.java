package io.csgate.gateway.model;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.json.IsoTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A channel: its settings, members (username to that user's connections, in join order), history
 * and stored frames. Channels are never deleted.
 *
 * <p>Members change only through the methods here, which keep what ChannelsInfo asks for on every
 * connect in step with them: the connection count, and the members sorted by name. An answer gets
 * immutable snapshots of the sorted members, so it costs no sorting and can be rendered to JSON
 * off the applier thread.
 */
final class Channel {

    static final int STORED_FRAMES = 100;

    final String name;
    final String uuid;
    /** Creation order; the reference iterates channels in this order. */
    final int ordinal;
    ChannelConfig config;
    Instant lastActive;
    /**
     * Offset of the event that created it, -1 when unknown (no log, or an older snapshot): a
     * catch-up leaves out messages from before it, which were dropped (docs/protocol.md §14 #5).
     */
    long createdOffset = -1;
    private final LinkedHashMap<String, List<Connection>> members = new LinkedHashMap<>();
    /** The keys of {@link #members} in Python's string order, each with its user. */
    private final TreeMap<String, User> sorted = new TreeMap<>(PlainValues.PY_ORDER);
    /** The sum of the sizes of the lists in {@link #members}. */
    private int connectionCount;
    /** Immutable copies of {@link #sorted}, made on first use after a change; null when stale. */
    private List<String> sortedNames;
    private List<User> sortedUsers;
    private String lastActiveText;
    private Instant lastActiveTextOf;
    /** Stored messages, oldest first; an entry is the same object as its frame when both exist. */
    final List<LinkedHashMap<String, Object>> history = new ArrayList<>();
    final FrameBuffer frames = new FrameBuffer(STORED_FRAMES);

    Channel(String name, String uuid, int ordinal, ChannelConfig config, Instant lastActive) {
        this.name = name;
        this.uuid = uuid;
        this.ordinal = ordinal;
        this.config = config;
        this.lastActive = lastActive;
    }

    /**
     * Adds a connection. When it is its user's first connection here and {@code notify_presence}
     * is on, the others get {@code joined} (the joiner already listed), unless {@code announce} is
     * false (a replaced connection whose user never left).
     *
     * @return whether it was not in the channel yet
     */
    boolean addConnection(Connection c, boolean announce, Map<String, User> users, Step step) {
        List<Connection> conns = members.get(c.username);
        if (conns == null) {
            conns = new ArrayList<>();
            putMember(users.get(c.username), conns);
        }
        if (conns.isEmpty() && announce && config.notifyPresence()) {
            sendPresence(c.username, "joined", users, step);
        }
        if (conns.contains(c)) {
            return false;
        }
        conns.add(c);
        connectionCount++;
        c.channels.add(name);
        return true;
    }

    /** Puts back a member as exported, before any event applies ({@link ModelExport}). */
    void restoreMember(User user, List<Connection> conns) {
        if (members.containsKey(user.username)) {
            throw new IllegalArgumentException("channel " + name + " lists member " + user.username + " twice");
        }
        putMember(user, conns);
        connectionCount += conns.size();
    }

    private void putMember(User user, List<Connection> conns) {
        members.put(user.username, conns);
        sorted.put(user.username, user);
        membersChanged();
    }

    private void forgetMember(String username) {
        List<Connection> conns = members.remove(username);
        if (conns != null) {
            connectionCount -= conns.size();
            sorted.remove(username);
            membersChanged();
        }
    }

    private void membersChanged() {
        sortedNames = null;
        sortedUsers = null;
    }

    /**
     * Removes a connection; {@code parted} follows when its user has no connection left here.
     * A user with no connection here is left alone: the reference would announce a {@code parted}
     * for a user who never joined.
     *
     * @return whether the connection was in the channel
     */
    boolean removeConnection(Connection c, Map<String, User> users, Step step) {
        List<Connection> conns = members.get(c.username);
        if (conns == null) {
            return false;
        }
        boolean found = conns.remove(c);
        if (found) {
            connectionCount--;
        }
        c.channels.remove(name);
        afterParted(c.username, users, step);
        return found;
    }

    /** Forgets a user without connections here, announcing {@code parted} when configured. */
    void afterParted(String username, Map<String, User> users, Step step) {
        List<Connection> conns = members.get(username);
        if (conns != null && conns.isEmpty()) {
            forgetMember(username);
            if (config.notifyPresence()) {
                sendPresence(username, "parted", users, step);
            }
        }
    }

    /**
     * {@link #afterParted} for users whose connections were removed together (a gateway declared
     * down): the same state and stored frames, but the members that remain get every {@code parted}
     * in one delivery, so the work is members plus users instead of members times users, and each
     * socket gets one frame instead of one per user.
     */
    void afterPartedAll(List<String> usernames, Map<String, User> users, Step step) {
        if (usernames.size() == 1) {
            afterParted(usernames.get(0), users, step);
            return;
        }
        List<Map<String, Object>> parted = new ArrayList<>();
        for (String username : usernames) {
            List<Connection> conns = members.get(username);
            if (conns != null && conns.isEmpty()) {
                forgetMember(username);
                if (config.notifyPresence()) {
                    LinkedHashMap<String, Object> event = presence(username, "parted", users, step);
                    store(event, List.of(), step);
                    parted.add(Frames.forDelivery(event));
                }
            }
        }
        // each parted user has left, so excluding it from its own event excludes no one still here
        List<UUID> ids = parted.isEmpty() ? List.of() : recipients(List.of(), List.of());
        if (!ids.isEmpty()) {
            step.outbox().deliverAll(ids, parted);
        }
    }

    boolean hasUser(String username) {
        List<Connection> conns = members.get(username);
        return conns != null && !conns.isEmpty();
    }

    /**
     * Removes those of the user's connections that are in {@code gone}, without announcing anything
     * (the caller decides between {@link #afterParted} and keeping the empty membership).
     *
     * @return whether some were removed and the user has no connection left here
     */
    boolean dropConnections(String username, Set<Connection> gone) {
        List<Connection> conns = members.get(username);
        if (conns == null) {
            return false;
        }
        int before = conns.size();
        if (!conns.removeIf(gone::contains)) {
            return false;
        }
        connectionCount -= before - conns.size();
        return conns.isEmpty();
    }

    /** Members in join order; read-only (change them through this class). */
    Map<String, List<Connection>> members() {
        return Collections.unmodifiableMap(members);
    }

    int totalConnections() {
        return connectionCount;
    }

    /** Members, counting a user whose last connection is being replaced (see Membership#connect). */
    int totalUsers() {
        return members.size();
    }

    /** Member names in Python's string order; immutable, shared by every answer until members change. */
    List<String> sortedUserNames() {
        if (sortedNames == null) {
            sortedNames = List.copyOf(sorted.keySet());
        }
        return sortedNames;
    }

    /** The users of {@link #sortedUserNames()}, in the same order; immutable. */
    List<User> sortedUsers() {
        if (sortedUsers == null) {
            sortedUsers = List.copyOf(sorted.values());
        }
        return sortedUsers;
    }

    /** {@link #lastActive} as the reference writes it, formatted once per change. */
    String lastActiveText() {
        if (lastActiveTextOf != lastActive) {
            lastActiveText = IsoTime.format(lastActive);
            lastActiveTextOf = lastActive;
        }
        return lastActiveText;
    }

    private void sendPresence(String username, String action, Map<String, User> users, Step step) {
        publish(presence(username, action, users, step), List.of(), List.of(username), step);
    }

    private LinkedHashMap<String, Object> presence(String username, String action, Map<String, User> users,
                                                   Step step) {
        List<Map<String, Object>> listed = new ArrayList<>();
        if (config.broadcastPresenceWithUserLists()) {
            for (String member : members.keySet()) {
                listed.add(Frames.userEntry(member, users.get(member).publicState()));
            }
        }
        Map<String, Object> state = "joined".equals(action) ? users.get(username).publicState() : null;
        return Frames.presence(step.uuid("presence/" + name + "/" + username), username, listed, step.timestamp(),
                name, action, state);
    }

    void sendUserState(User user, List<Map<String, Object>> changed, Step step) {
        LinkedHashMap<String, Object> publicState = user.publicState();
        List<Map<String, Object>> publicChanged = new ArrayList<>();
        for (Map<String, Object> change : changed) {
            if (publicState.containsKey((String) change.get("key"))) {
                publicChanged.add(PlainValues.copyMap(change));
            }
        }
        publish(Frames.userStateChange(step.uuid("user_state_change/" + name + "/" + user.username),
                user.username, step.timestamp(), name, publicState, publicChanged), List.of(), List.of(), step);
    }

    /**
     * Stores and broadcasts an event to the members, except users in {@code exclude}, and only
     * users in {@code pm} when it is not empty.
     *
     * @return the number of connections it was sent to
     */
    int publish(LinkedHashMap<String, Object> event, List<String> pm, List<String> exclude, Step step) {
        store(event, pm, step);
        List<UUID> ids = recipients(pm, exclude);
        if (!ids.isEmpty()) {
            step.outbox().deliver(ids, Frames.forDelivery(event));
        }
        return ids.size();
    }

    /** Keeps an event as {@link #publish} does: history (messages only) and stored frames. */
    private void store(LinkedHashMap<String, Object> event, List<String> pm, Step step) {
        lastActive = step.time();
        if (!Boolean.TRUE.equals(event.get("no_history"))) {
            addToHistory(event, pm);
        }
        if (config.storeFrames()) {
            frames.add(new StoredFrame(step.seq(), event));
        }
    }

    /** The members' connections, except users in {@code exclude}, and only users in {@code pm} when it is not empty. */
    private List<UUID> recipients(List<String> pm, List<String> exclude) {
        List<UUID> ids = new ArrayList<>(connectionCount);
        members.forEach((username, conns) -> {
            if (!receives(username, pm, exclude)) {
                return;
            }
            for (Connection c : conns) {
                ids.add(c.id);
            }
        });
        return ids;
    }

    /** Whether a member gets an event: not in {@code exclude}, and in {@code pm} when it is not empty. */
    static boolean receives(String username, List<String> pm, List<String> exclude) {
        return !exclude.contains(username) && (pm.isEmpty() || pm.contains(username));
    }

    private void addToHistory(LinkedHashMap<String, Object> event, List<String> pm) {
        // docs/protocol.md §14 #6: a private message in a channel never becomes visible through info calls
        if (!config.storeHistory() || !"message".equals(event.get("type")) || !pm.isEmpty()) {
            return;
        }
        history.add(event);
        // the reference keeps history[-history_size:], which for 0 is the whole list
        int size = config.historySize();
        while (size > 0 && history.size() > size) {
            history.remove(0);
        }
    }

    void alterMessage(LinkedHashMap<String, Object> edit, Step step) {
        String id = (String) edit.get("uuid");
        Map<String, Object> target = null;
        for (Map<String, Object> entry : history) {
            if (id.equals(entry.get("uuid"))) {
                target = entry;
                break;
            }
        }
        if (target == null) {
            target = frames.findMessage(id);
        }
        if (target != null) {
            Frames.patch(target, edit);
        }
        publish(Frames.typed(edit, "message:edit"), strings(edit.get("pm_users")),
                strings(edit.get("exclude_users")), step);
    }

    void deleteMessage(LinkedHashMap<String, Object> delete, Step step) {
        String id = (String) delete.get("uuid");
        for (int i = 0; i < history.size(); i++) {
            if (id.equals(history.get(i).get("uuid"))) {
                history.remove(i);
                break;
            }
        }
        frames.removeMessage(id);
        publish(Frames.typed(delete, "message:delete"), strings(delete.get("pm_users")),
                strings(delete.get("exclude_users")), step);
    }

    LinkedHashMap<String, Object> settings() {
        LinkedHashMap<String, Object> s = new LinkedHashMap<>();
        s.put("notify_presence", config.notifyPresence());
        s.put("store_history", config.storeHistory());
        s.put("history_size", config.historySize());
        s.put("broadcast_presence_with_user_lists", config.broadcastPresenceWithUserLists());
        s.put("notify_state", config.notifyState());
        s.put("store_frames", config.storeFrames());
        return s;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object list) {
        return list == null ? List.of() : (List<String>) list;
    }
}
