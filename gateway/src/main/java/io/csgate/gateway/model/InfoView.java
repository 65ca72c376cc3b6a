package io.csgate.gateway.model;

import io.csgate.common.body.InfoResolution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Read-only views of the state: ChannelsInfo (docs/protocol.md §4.3), the admin view, catch-up. */
final class InfoView {

    private final ModelState state;

    InfoView(ModelState state) {
        this.state = state;
    }

    /** {@code /info}: {@code r.channels()} selects channels, null meaning all. */
    Map<String, Object> info(InfoResolution r) {
        return channelsInfo(r.channels() == null ? state.channels.keySet() : r.channels(), r.includeHistory(),
                r.includeUsers(), r.excludeChannels(), r.returnPublicState());
    }

    /** The {@code channels_info} of connect, subscribe and unsubscribe: these channels, shaped by r. */
    Map<String, Object> forChannels(Collection<String> names, InfoResolution r) {
        return channelsInfo(names, r.includeHistory(), r.includeUsers(), r.excludeChannels(), r.returnPublicState());
    }

    Map<String, Object> channelsInfo(Collection<String> names, boolean includeHistory, boolean includeUsers,
            List<String> exclude, boolean publicState) {
        LinkedHashMap<String, Object> channels = new LinkedHashMap<>();
        Set<Channel> listed = new LinkedHashSet<>();
        for (String name : names) {
            Channel channel = state.channels.get(name);
            if (channel == null || (exclude != null && exclude.contains(name))) {
                continue;
            }
            channels.put(name, channelInfo(channel, includeHistory, includeUsers));
            if (includeUsers) {
                listed.add(channel);
            }
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("channels", channels);
        out.put("users", userEntries(listed, publicState));
        return out;
    }

    /**
     * The members of these channels, each once, by name: the reference lists them from a Python set
     * (no order); sorted names keep replicas equal. The entries are the users' shared immutable ones.
     */
    private static List<Map<String, Object>> userEntries(Set<Channel> channels, boolean publicState) {
        Collection<User> users;
        if (channels.size() == 1) {
            users = channels.iterator().next().sortedUsers();
        } else {
            TreeMap<String, User> union = new TreeMap<>(PlainValues.PY_ORDER);
            for (Channel channel : channels) {
                for (User u : channel.sortedUsers()) {
                    union.putIfAbsent(u.username, u);
                }
            }
            users = union.values();
        }
        List<Map<String, Object>> out = new ArrayList<>(users.size());
        for (User u : users) {
            out.add(u.entry(publicState));
        }
        return out;
    }

    LinkedHashMap<String, Object> channelInfo(Channel channel, boolean includeHistory, boolean includeUsers) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("uuid", channel.uuid);
        out.put("name", channel.name);
        out.put("long_name", null);
        out.put("settings", channel.settings());
        List<Map<String, Object>> history = new ArrayList<>();
        if (includeHistory) {
            channel.history.forEach(entry -> history.add(Frames.historyEntry(entry)));
        }
        out.put("history", history);
        out.put("last_active", channel.lastActiveText());
        out.put("total_connections", channel.totalConnections());
        // docs/protocol.md §14 #4: the real count even when the names are not listed
        out.put("total_users", channel.totalUsers());
        out.put("users", includeUsers ? channel.sortedUserNames() : new ArrayList<>());
        return out;
    }

    /** {@code /admin/admin.json} without {@code uptime} and {@code version}. */
    Map<String, Object> admin() {
        List<User> active = new ArrayList<>();
        int connections = 0;
        for (User u : state.users.values()) {
            if (!u.connections().isEmpty()) {
                active.add(u);
                connections += u.connections().size();
            }
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("remembered_user_count", state.users.size());
        out.put("unique_user_count", active.size());
        out.put("total_connections", connections);
        out.put("total_channels", state.channels.size());
        out.put("total_messages", state.totalMessages);
        out.put("total_unique_messages", state.totalUniqueMessages);
        out.put("channels", channelsInfo(state.channels.keySet(), true, true, List.of(), false).get("channels"));
        List<Map<String, Object>> users = new ArrayList<>();
        for (User u : active) {
            LinkedHashMap<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", u.publicState());
            entry.put("user", u.username);
            entry.put("uuid", u.uuid());
            List<String> ids = new ArrayList<>();
            u.connections().forEach(c -> ids.add(c.id.toString()));
            entry.put("connections", ids);
            users.add(entry);
        }
        out.put("users", users);
        return out;
    }

    /**
     * Stored frames after position {@code afterSeq} that the connection may see: its channels' frames
     * (sorted by channel name) without those excluding its user or addressed to others, then its
     * user's private frames. Each is a fresh copy with {@code "catchup": true}.
     */
    List<Map<String, Object>> catchup(UUID connId, long afterSeq) {
        Connection conn = state.connections.get(connId);
        List<Map<String, Object>> out = new ArrayList<>();
        if (conn == null) {
            return out;
        }
        for (String name : conn.channels) {
            for (StoredFrame f : state.channels.get(name).frames.after(afterSeq)) {
                List<String> exclude = Channel.strings(f.body().get("exclude_users"));
                List<String> pm = Channel.strings(f.body().get("pm_users"));
                if (exclude.contains(conn.username) || (!pm.isEmpty() && !pm.contains(conn.username))) {
                    continue;
                }
                out.add(Frames.forCatchup(f.body()));
            }
        }
        for (StoredFrame f : state.users.get(conn.username).framesAfter(afterSeq)) {
            out.add(Frames.forCatchup(f.body()));
        }
        return out;
    }
}
