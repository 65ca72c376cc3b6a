package io.csgate.gateway.model;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.SubscribeBody;
import io.csgate.common.body.ValidationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** Connections coming and going: connect, subscribe, unsubscribe, disconnect, gateway down. */
final class Membership {

    private final ModelState state;
    private final InfoView info;

    Membership(ModelState state, InfoView info) {
        this.state = state;
        this.info = info;
    }

    Map<String, Object> connect(ConnectBody b, Step step) {
        UUID connId = b.connId() != null ? b.connId() : step.ctx().derivedUuid("conn_id");
        List<String> channels = PlainValues.copyStrings(b.channels());
        channels.sort(PlainValues.PY_ORDER);
        Set<String> stayed = Set.of();
        Connection old = state.connections.get(connId);
        if (old != null) {
            // docs/protocol.md §14 #7: the old connection goes first; its user keeps (without a parted/joined
            // pair) the channels the new connection is about to join
            stayed = remove(List.of(old), b.username(), channels, step);
            step.outbox().close(connId);
        }
        User user = state.users.get(b.username());
        if (user == null) {
            user = new User(b.username(), step.ctx().derivedUuid("user/" + b.username()), step.time());
            user.applyState(b.freshUserState());
            state.users.put(user.username, user);
        }
        if (b.statePublicKeys() != null) {
            user.setPublicKeys(b.statePublicKeys());
        }
        user.applyState(b.userState());
        Connection conn = new Connection(connId, user.username, step.seq(), step.ctx().origin(), step.time());
        Boolean resumed = b.resumeFrom() == null ? null : resume(conn, b.resumeFrom(), step);
        state.connections.put(connId, conn);
        user.addConnection(conn);
        user.touch(step.time());
        Map<String, ChannelConfig> configs = b.channelConfigs() == null ? Map.of() : b.channelConfigs();
        for (String name : channels) {
            state.channelOrCreate(name, configs.get(name), step)
                    .addConnection(conn, !stayed.contains(name), state.users, step);
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("conn_id", connId.toString());
        out.put("state", user.stateView());
        out.put("username", user.username);
        out.put("public_state", user.publicStateView());
        out.put("channels", channels);
        out.put("channels_info", info.forChannels(channels, resolution(b.info())));
        if (resumed != null) {
            out.put("resumed", resumed); // ours: only when resume_from was sent
        }
        return out;
    }

    /**
     * Keeps the resume range on the connection when {@code text} is a position of this log (same
     * epoch and partition) before this event, and the range holds at most the resume limit of
     * records. Whether the log still holds its start is for the gateways to check: the model has
     * no view of the log.
     */
    private boolean resume(Connection conn, String text, Step step) {
        LogPosition at = step.ctx().position();
        LogPosition from = LogPosition.parse(text).orElse(null);
        if (at == null || from == null || !from.epoch().equals(at.epoch()) || from.partition() != at.partition()
                || from.offset() >= at.offset()) {
            return false;
        }
        long first = from.index() >= 0 ? from.offset() : from.offset() + 1;
        if (at.offset() - first > state.resumeLimit) {
            return false;
        }
        conn.resumeFrom = from;
        conn.resumeTo = at.offset();
        return true;
    }

    Map<String, Object> subscribe(SubscribeBody b, Step step) {
        Connection conn = live(b.connId());
        Map<String, ChannelConfig> configs = b.channelConfigs() == null ? Map.of() : b.channelConfigs();
        List<String> subscribedTo = new ArrayList<>();
        for (String name : PlainValues.copyStrings(b.channels())) {
            if (state.channelOrCreate(name, configs.get(name), step).addConnection(conn, true, state.users, step)) {
                subscribedTo.add(name);
            }
        }
        return membershipAnswer(conn, b.info(), "subscribed_to", subscribedTo);
    }

    Map<String, Object> unsubscribe(SubscribeBody b, Step step) {
        Connection conn = live(b.connId());
        List<String> unsubscribedFrom = new ArrayList<>();
        for (String name : PlainValues.copyStrings(b.channels())) {
            Channel channel = state.channels.get(name);
            if (channel != null && channel.removeConnection(conn, state.users, step)) {
                unsubscribedFrom.add(name);
            }
        }
        return membershipAnswer(conn, b.info(), "unsubscribed_from", unsubscribedFrom);
    }

    boolean disconnect(UUID connId, Step step) {
        Connection conn = state.connections.get(connId);
        if (conn == null) {
            return false;
        }
        remove(List.of(conn), null, List.of(), step);
        step.outbox().close(connId);
        return true;
    }

    List<UUID> gatewayDown(String gatewayId, Step step) {
        List<Connection> owned = new ArrayList<>();
        for (Connection c : state.connections.values()) {
            if (Objects.equals(gatewayId, c.owner)) {
                owned.add(c);
            }
        }
        remove(owned, null, List.of(), step);
        List<UUID> ids = new ArrayList<>(owned.size());
        for (Connection c : owned) {
            step.outbox().close(c.id);
            ids.add(c.id);
        }
        return ids;
    }

    void socketAttached(UUID connId, Step step) {
        Connection conn = state.connections.get(connId);
        if (conn != null) {
            conn.owner = step.ctx().origin();
            conn.lastActive = step.time();
            conn.resumeFrom = null; // the socket that now holds it has taken the resume
            conn.resumeTo = -1;
        }
    }

    /**
     * Removes connections the way the reference's connection GC does: channel by channel (creation
     * order), member by member (join order), {@code parted} for each user left with no connection.
     * A user named {@code keepUser} keeps an empty membership, unannounced, in {@code keepChannels}.
     *
     * @return the channels where such an empty membership was kept
     */
    private Set<String> remove(List<Connection> dropped, String keepUser, List<String> keepChannels, Step step) {
        Set<Connection> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(dropped);
        Set<String> kept = new HashSet<>();
        Set<String> owners = new HashSet<>();
        dropped.forEach(c -> owners.add(c.username));
        for (Channel channel : state.channelsOf(dropped)) {
            // member by member in join order; with one owner (a disconnect) that is just its name
            Collection<String> members = owners.size() == 1 ? owners : new ArrayList<>(channel.members().keySet());
            List<String> parted = new ArrayList<>();
            for (String username : members) {
                if (!channel.dropConnections(username, gone)) {
                    continue;
                }
                if (username.equals(keepUser) && keepChannels.contains(channel.name)) {
                    kept.add(channel.name);
                } else {
                    parted.add(username);
                }
            }
            channel.afterPartedAll(parted, state.users, step);
        }
        for (Connection c : dropped) {
            c.channels.clear();
            state.users.get(c.username).removeConnection(c);
            state.connections.remove(c.id);
        }
        return kept;
    }

    private Connection live(UUID connId) {
        Connection conn = connId == null ? null : state.connections.get(connId);
        if (conn == null) {
            throw ValidationException.field("conn_id", "Unknown connection");
        }
        return conn;
    }

    private Map<String, Object> membershipAnswer(Connection conn, InfoResolution r, String key, List<String> names) {
        List<String> current = new ArrayList<>(conn.channels);
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(PlainValues.PY_ORDER);
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("channels", current);
        out.put("channels_info", info.forChannels(current, resolution(r)));
        out.put(key, sorted);
        return out;
    }

    private static InfoResolution resolution(InfoResolution r) {
        return r == null ? InfoResolution.DEFAULTS : r;
    }
}
