package io.csgate.gateway.model;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.json.IsoTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state as plain Java values and back. Collections whose order matters are lists in that
 * order; maps keep their key order (state, stored events), so two exports are the same state when
 * they are equal <em>and</em> iterate alike (compare their JSON text). A stored frame that is the
 * same object as a history entry is written as {@code {"seq": n, "history": index}}, so edits keep
 * patching both after a restore.
 */
final class ModelExport {

    static final int FORMAT = 1;

    private ModelExport() {}

    static Map<String, Object> export(ModelState s) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("format", (long) FORMAT);
        out.put("seq", s.seq);
        out.put("total_messages", s.totalMessages);
        out.put("total_unique_messages", s.totalUniqueMessages);
        out.put("dropped_no_channel", s.droppedNoChannel);
        List<Object> users = new ArrayList<>();
        s.users.values().forEach(u -> users.add(user(u)));
        out.put("users", users);
        List<Object> conns = new ArrayList<>();
        s.connections.values().forEach(c -> conns.add(connection(c)));
        out.put("connections", conns);
        List<Object> channels = new ArrayList<>();
        s.channels.values().forEach(ch -> channels.add(channel(ch)));
        out.put("channels", channels);
        return out;
    }

    static Map<String, Object> connection(Connection c) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("conn_id", c.id.toString());
        m.put("username", c.username);
        m.put("seq", c.createdSeq);
        m.put("owner", c.owner);
        m.put("last_active", c.lastActive.toString());
        if (c.resumeFrom != null) { // absent when no resume is pending, as in snapshots made before resumes
            m.put("resume_from", c.resumeFrom.toString());
            m.put("resume_to", c.resumeTo);
        }
        return m;
    }

    private static Map<String, Object> user(User u) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username);
        m.put("uuid", u.uuid());
        m.put("state", PlainValues.copyMap(u.state()));
        m.put("public_keys", new ArrayList<>(u.publicKeys()));
        m.put("last_active", u.lastActive().toString());
        List<Object> ids = new ArrayList<>();
        u.connections().forEach(c -> ids.add(c.id.toString()));
        m.put("connections", ids);
        m.put("frames", frames(u));
        return m;
    }

    /** The user's frames as exported, copies (stored frames change when messages are edited). */
    static List<Object> frames(User u) {
        List<Object> frames = new ArrayList<>();
        u.frames().forEach(f -> frames.add(frame(f.seq(), "frame", PlainValues.copyMap(f.body()))));
        return frames;
    }

    static Map<String, Object> channel(Channel ch) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("name", ch.name);
        m.put("uuid", ch.uuid);
        m.put("settings", ch.settings());
        m.put("last_active", ch.lastActive.toString());
        if (ch.createdOffset >= 0) { // absent in snapshots made before resumes
            m.put("created_offset", ch.createdOffset);
        }
        List<Object> members = new ArrayList<>();
        ch.members().forEach((username, conns) -> {
            LinkedHashMap<String, Object> member = new LinkedHashMap<>();
            member.put("user", username);
            List<Object> ids = new ArrayList<>();
            conns.forEach(c -> ids.add(c.id.toString()));
            member.put("connections", ids);
            members.add(member);
        });
        m.put("members", members);
        IdentityHashMap<Object, Integer> historyIndex = new IdentityHashMap<>();
        List<Object> history = new ArrayList<>();
        for (LinkedHashMap<String, Object> entry : ch.history) {
            historyIndex.putIfAbsent(entry, history.size());
            history.add(PlainValues.copyMap(entry));
        }
        m.put("history", history);
        List<Object> frames = new ArrayList<>();
        for (StoredFrame f : ch.frames) {
            Integer shared = historyIndex.get(f.body());
            frames.add(shared != null ? frame(f.seq(), "history", (long) shared)
                    : frame(f.seq(), "frame", PlainValues.copyMap(f.body())));
        }
        m.put("frames", frames);
        return m;
    }

    private static Map<String, Object> frame(long seq, String key, Object value) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put(key, value);
        return m;
    }

    static ModelState restore(Map<String, Object> in) {
        ModelState s = new ModelState();
        restoreHead(s, in);
        for (Map<String, Object> m : maps(in.get("connections"))) {
            restoreConnection(s, m);
        }
        for (Map<String, Object> m : maps(in.get("users"))) {
            User u = restoreUser(s, str(m.get("username")), str(m.get("uuid")), str(m.get("last_active")), m);
            linkConnections(s, u, m.get("connections"));
        }
        for (Map<String, Object> m : maps(in.get("channels"))) {
            restoreChannel(s, m);
        }
        return s;
    }

    /** Checks the format and puts back the counters; {@code in} is the export or its head fields. */
    static void restoreHead(ModelState s, Map<String, Object> in) {
        long format = num(in.get("format"));
        if (format != FORMAT && format != ModelImage.FORMAT) {
            throw new IllegalArgumentException("unknown model export format " + in.get("format"));
        }
        s.seq = num(in.get("seq"));
        s.totalMessages = num(in.get("total_messages"));
        s.totalUniqueMessages = num(in.get("total_unique_messages"));
        s.droppedNoChannel = num(in.get("dropped_no_channel"));
    }

    static void restoreConnection(ModelState s, Map<String, Object> m) {
        Connection c = new Connection(UUID.fromString(str(m.get("conn_id"))), str(m.get("username")),
                num(m.get("seq")), (String) m.get("owner"), Instant.parse(str(m.get("last_active"))));
        if (m.get("resume_from") != null) {
            c.resumeFrom = LogPosition.parse(str(m.get("resume_from"))).orElseThrow(
                    () -> new IllegalArgumentException("bad resume_from of connection " + c.id));
            c.resumeTo = num(m.get("resume_to"));
        }
        s.connections.put(c.id, c);
    }

    /**
     * Puts back a user. {@code more} holds what the user has beyond its name, uuid and last activity,
     * each key optional: {@code state}, {@code public_keys}, {@code frames} (its {@code connections}
     * are linked by {@link #linkConnections}, once they are all restored).
     */
    static User restoreUser(ModelState s, String username, String uuid, String lastActive, Map<String, Object> more) {
        User u = new User(username, UUID.fromString(uuid), IsoTime.parseInstant(lastActive));
        if (more != null) {
            Object state = more.get("state");
            if (state != null) {
                u.restoreState(PlainValues.normalizedMap(map(state)));
            }
            u.setPublicKeys(strings(more.get("public_keys")));
            for (Map<String, Object> f : maps(more.get("frames"))) {
                u.restoreFrame(new StoredFrame(num(f.get("seq")), PlainValues.normalizedMap(map(f.get("frame")))));
            }
        }
        if (s.users.putIfAbsent(username, u) != null) {
            throw new IllegalArgumentException("export lists user " + username + " twice");
        }
        return u;
    }

    /** Gives {@code u} its connections, listed by id ({@code null}: none). */
    static void linkConnections(ModelState s, User u, Object ids) {
        for (String id : strings(ids)) {
            u.addConnection(connection(s, id));
        }
    }

    static void restoreChannel(ModelState s, Map<String, Object> m) {
        Channel ch = channel(s, m);
        s.channels.put(ch.name, ch);
    }

    private static Channel channel(ModelState s, Map<String, Object> m) {
        Map<String, Object> set = map(m.get("settings"));
        ChannelConfig config = new ChannelConfig((Boolean) set.get("notify_presence"),
                (Boolean) set.get("store_history"), (int) num(set.get("history_size")),
                (Boolean) set.get("broadcast_presence_with_user_lists"), (Boolean) set.get("notify_state"),
                (Boolean) set.get("store_frames"));
        Channel ch = new Channel(str(m.get("name")), str(m.get("uuid")), s.channels.size(), config,
                Instant.parse(str(m.get("last_active"))));
        if (m.get("created_offset") != null) {
            ch.createdOffset = num(m.get("created_offset"));
        }
        for (Map<String, Object> member : maps(m.get("members"))) {
            List<Connection> conns = new ArrayList<>();
            for (String id : strings(member.get("connections"))) {
                Connection c = connection(s, id);
                c.channels.add(ch.name);
                conns.add(c);
            }
            ch.restoreMember(user(s, str(member.get("user"))), conns);
        }
        for (Map<String, Object> entry : maps(m.get("history"))) {
            ch.history.add(PlainValues.normalizedMap(entry));
        }
        for (Map<String, Object> f : maps(m.get("frames"))) {
            LinkedHashMap<String, Object> body = f.containsKey("history")
                    ? ch.history.get((int) num(f.get("history")))
                    : PlainValues.normalizedMap(map(f.get("frame")));
            ch.frames.add(new StoredFrame(num(f.get("seq")), body));
        }
        return ch;
    }

    private static User user(ModelState s, String username) {
        User u = s.users.get(username);
        if (u == null) {
            throw new IllegalArgumentException("export names unknown user " + username);
        }
        return u;
    }

    private static Connection connection(ModelState s, String id) {
        Connection c = s.connections.get(UUID.fromString(id));
        if (c == null) {
            throw new IllegalArgumentException("export names unknown connection " + id);
        }
        return c;
    }

    static long num(Object o) {
        if (!(o instanceof Number n)) {
            throw new IllegalArgumentException("expected a number, got " + o);
        }
        return n.longValue();
    }

    static String str(Object o) {
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException("expected a string, got " + o);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o != null) {
            ((List<?>) o).forEach(x -> out.add(str(x)));
        }
        return out;
    }
}
