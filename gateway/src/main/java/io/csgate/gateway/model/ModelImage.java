package io.csgate.gateway.model;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole model as a snapshot holds it: taken on the thread that owns the model, read later on
 * any thread while the model moves on (the snapshot writer streams it out user by user).
 *
 * <p>Taking it copies what can still change (each user's last activity, connections and private
 * frames; every connection; every channel) and shares what cannot (user names, uuids, states and
 * public keys are immutable), so a model of a million mostly idle users costs about 20 bytes per
 * user here rather than a second copy of the users.
 *
 * <p>The parts, in the order a reader must give them back to a {@link ModelBuilder}: the
 * {@link #head()} (format 2, position and counters), the {@link #connections()} and the
 * {@link #channels()} as in {@link ChannelstreamModel#export()}, and the users in between, each
 * as its name, uuid, last activity and, when it has any of them, a map of its non-empty
 * {@code state}, {@code public_keys}, {@code connections} (ids) and {@code frames}.
 */
public final class ModelImage {

    static final int FORMAT = 2;

    /** Receives the users of an image, in creation order. */
    @FunctionalInterface
    public interface UserSink {
        /**
         * @param more null, or the user's non-empty {@code state}, {@code public_keys},
         *     {@code connections} and {@code frames}; immutable, and not to be changed
         */
        void user(String name, String uuid, String lastActive, Map<String, Object> more) throws IOException;
    }

    private final Map<String, Object> head;
    private final List<Map<String, Object>> connections;
    private final User[] users;
    private final long[] activeSeconds;
    private final int[] activeNanos;
    /** Per user, what it holds beyond its name, uuid and last activity; mostly null. */
    private final Object[] more;
    private final List<Map<String, Object>> channels;

    private ModelImage(ModelState s) {
        head = new LinkedHashMap<>();
        head.put("format", (long) FORMAT);
        head.put("seq", s.seq);
        head.put("total_messages", s.totalMessages);
        head.put("total_unique_messages", s.totalUniqueMessages);
        head.put("dropped_no_channel", s.droppedNoChannel);
        connections = new ArrayList<>(s.connections.size());
        s.connections.values().forEach(c -> connections.add(ModelExport.connection(c)));
        int n = s.users.size();
        users = new User[n];
        activeSeconds = new long[n];
        activeNanos = new int[n];
        more = new Object[n];
        int i = 0;
        for (User u : s.users.values()) {
            users[i] = u;
            activeSeconds[i] = u.activeSecond();
            activeNanos[i] = u.activeNano();
            more[i] = more(u);
            i++;
        }
        channels = new ArrayList<>(s.channels.size());
        s.channels.values().forEach(ch -> channels.add(ModelExport.channel(ch)));
    }

    static ModelImage of(ModelState s) {
        return new ModelImage(s);
    }

    private static Map<String, Object> more(User u) {
        if (u.state().isEmpty() && u.publicKeys().isEmpty() && u.connections().isEmpty() && !u.hasFrames()) {
            return null;
        }
        Map<String, Object> m = null;
        if (!u.state().isEmpty()) {
            m = new LinkedHashMap<>();
            m.put("state", u.state());
        }
        if (!u.publicKeys().isEmpty()) {
            m = m == null ? new LinkedHashMap<>() : m;
            m.put("public_keys", u.publicKeys());
        }
        if (!u.connections().isEmpty()) {
            m = m == null ? new LinkedHashMap<>() : m;
            List<String> ids = new ArrayList<>(u.connections().size());
            u.connections().forEach(c -> ids.add(c.id.toString()));
            m.put("connections", ids);
        }
        if (u.hasFrames()) {
            m = m == null ? new LinkedHashMap<>() : m;
            m.put("frames", ModelExport.frames(u));
        }
        return m;
    }

    /** {@code format}, {@code seq} and the counters. */
    public Map<String, Object> head() {
        return head;
    }

    public List<Map<String, Object>> connections() {
        return connections;
    }

    public int userCount() {
        return users.length;
    }

    @SuppressWarnings("unchecked")
    public void forEachUser(UserSink sink) throws IOException {
        for (int i = 0; i < users.length; i++) {
            sink.user(users[i].username, users[i].uuid(),
                    Instant.ofEpochSecond(activeSeconds[i], activeNanos[i]).toString(), (Map<String, Object>) more[i]);
        }
    }

    public List<Map<String, Object>> channels() {
        return channels;
    }
}
