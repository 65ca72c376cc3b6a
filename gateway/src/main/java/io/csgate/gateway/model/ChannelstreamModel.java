package io.csgate.gateway.model;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.ChannelConfigBody;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.MessageDeleteItem;
import io.csgate.common.body.MessageEditItem;
import io.csgate.common.body.MessageItem;
import io.csgate.common.body.SubscribeBody;
import io.csgate.common.body.UserStateBody;
import io.csgate.common.body.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The whole Channelstream 0.7.1 model (users, connections, channels, presence, history, user
 * state, catch-up frames) as a deterministic state machine: replicas that apply the same events in
 * the same order end with equal {@link #export()}s and make the same {@link Outbox} calls. Inputs
 * are already-validated bodies; every id or time the reference would draw from randomness or the
 * clock comes from the {@link EventContext}.
 *
 * <p><b>Threading:</b> not thread-safe and not locked. One applier thread owns the instance and
 * makes every call, queries included; other threads must go through that thread.
 *
 * <p>Every mutating method counts one applied event ({@link #seq()}) before it does anything, even
 * when it then throws {@link ValidationException} (leaving the state otherwise unchanged). Stored
 * frames remember that position; {@link #catchup} replays by position, not by time.
 *
 * <p>Answers are {@code LinkedHashMap}/{@code ArrayList} values in the reference's key order,
 * ready to serialize; the caller may keep them. Their top-level maps are fresh; parts deeper down
 * (user states and entries, sorted member names) may be immutable values shared with other
 * answers, so an answer can be serialized on any thread once handed over. Where we differ from
 * the reference, the code cites the numbered rows of docs/protocol.md §14.
 */
public final class ChannelstreamModel {

    private final ModelState state;
    private final Outbox outbox;
    private final InfoView info;
    private final Membership membership;
    private final Publishing publishing;
    private final UserStates userStates;

    public ChannelstreamModel(Outbox outbox) {
        this(new ModelState(), outbox);
    }

    private ChannelstreamModel(ModelState state, Outbox outbox) {
        this.state = state;
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.info = new InfoView(state);
        this.membership = new Membership(state, info);
        this.publishing = new Publishing(state);
        this.userStates = new UserStates(state);
    }

    /** The inverse of {@link #export()}. */
    public static ChannelstreamModel restore(Map<String, Object> exported, Outbox outbox) {
        return new ChannelstreamModel(ModelExport.restore(exported), outbox);
    }

    /** Made by {@link ModelBuilder#build}. */
    static ChannelstreamModel of(ModelState state, Outbox outbox) {
        return new ChannelstreamModel(state, outbox);
    }

    private Step step(EventContext ctx) {
        state.seq++;
        if (ctx.position() != null) {
            state.lastPosition = ctx.position();
        }
        return new Step(ctx, state.seq, outbox);
    }

    /**
     * {@code POST /connect}: the answer. A null {@code conn_id} becomes {@code ctx.derivedUuid("conn_id")};
     * a live one is replaced, its socket closed (docs/protocol.md §14 #7). Omitted public keys are kept
     * (docs/protocol.md §14 #2). The connection is owned by {@code ctx.origin()} until a socket attaches.
     */
    public Map<String, Object> connect(ConnectBody b, EventContext ctx) {
        return membership.connect(b, step(ctx));
    }

    /** {@code POST /subscribe}; throws {@code {"conn_id": ["Unknown connection"]}}. */
    public Map<String, Object> subscribe(SubscribeBody b, EventContext ctx) {
        return membership.subscribe(b, step(ctx));
    }

    /** {@code POST /unsubscribe}; throws {@code {"conn_id": ["Unknown connection"]}}. */
    public Map<String, Object> unsubscribe(SubscribeBody b, EventContext ctx) {
        return membership.unsubscribe(b, step(ctx));
    }

    /** {@code POST /user_state}; throws {@code {"user": ["Unknown user"]}}. */
    public Map<String, Object> userState(UserStateBody b, EventContext ctx) {
        return userStates.userState(b, step(ctx));
    }

    /** {@code POST /message}: the kept items (those with a channel or pm_users), as answered. */
    public List<Map<String, Object>> messages(List<MessageItem> items, EventContext ctx) {
        return publishing.messages(items, step(ctx));
    }

    /** {@code PATCH /message}. */
    public List<Map<String, Object>> editMessages(List<MessageEditItem> items, EventContext ctx) {
        return publishing.editMessages(items, step(ctx));
    }

    /** {@code DELETE /message}. */
    public List<Map<String, Object>> deleteMessages(List<MessageDeleteItem> items, EventContext ctx) {
        return publishing.deleteMessages(items, step(ctx));
    }

    /**
     * {@code POST /channel_config}: creates missing channels and sets the whole config of existing
     * ones (omitted keys were filled with defaults by validation: docs/protocol.md §14 #3). Answers their
     * ChannelsInfo without history or user names.
     */
    public Map<String, Object> channelConfig(ChannelConfigBody b, EventContext ctx) {
        Step step = step(ctx);
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, ChannelConfig> e : b.configs().entrySet()) {
            Channel channel = state.channels.get(e.getKey());
            if (channel == null) {
                state.channelOrCreate(e.getKey(), e.getValue(), step);
            } else {
                channel.config = e.getValue();
            }
            names.add(e.getKey());
        }
        return info.channelsInfo(names, false, false, List.of(), false);
    }

    /**
     * Removes a connection as the reference's GC does ({@code parted} where its user leaves a
     * channel) and asks the outbox to close its socket.
     *
     * @return whether it existed
     */
    public boolean disconnect(UUID connId, EventContext ctx) {
        return membership.disconnect(connId, step(ctx));
    }

    /** A socket for the connection opened on {@code ctx.origin()}, which now owns it. Unknown ids are ignored. */
    public void socketAttached(UUID connId, EventContext ctx) {
        membership.socketAttached(connId, step(ctx));
    }

    /**
     * Forgets the listed users that still have no connection and were last active before
     * {@code b.idleBefore()} (the reference's user GC, decided by one gateway, applied by all).
     *
     * @return the users removed
     */
    public List<String> expireUsers(io.csgate.common.body.UsersExpiredBody b, EventContext ctx) {
        step(ctx);
        List<String> removed = new ArrayList<>();
        for (String name : b.users()) {
            User u = state.users.get(name);
            if (u != null && u.idleBefore(b.idleBefore())) {
                state.users.remove(name);
                removed.add(name);
            }
        }
        return removed;
    }

    /** Users without connections last active before {@code before}, in creation order. */
    public List<String> idleUsers(java.time.Instant before) {
        List<String> out = new ArrayList<>();
        for (User u : state.users.values()) {
            if (u.idleBefore(before)) {
                out.add(u.username);
            }
        }
        return out;
    }

    /** Removes, like {@link #disconnect}, every connection owned by that gateway; returns their ids. */
    public List<UUID> gatewayDown(String gatewayId, EventContext ctx) {
        return membership.gatewayDown(gatewayId, step(ctx));
    }

    /**
     * ChannelsInfo (docs/protocol.md §4.3, §5.9); {@code r.channels() == null} means all channels, and a
     * null {@code r} is {@link InfoResolution#DEFAULTS} (the empty-body {@code /info}).
     */
    public Map<String, Object> info(InfoResolution r) {
        return info.info(r == null ? InfoResolution.DEFAULTS : r);
    }

    /** {@code /admin/admin.json} without {@code uptime} and {@code version} (docs/protocol.md §6.1). */
    public Map<String, Object> adminInfo() {
        return info.admin();
    }

    /**
     * What a newly attached socket should be sent first (docs/protocol.md §9, by position): frames stored
     * after {@code afterSeq} in the connection's channels that its user may see, then its user's
     * private frames; each a fresh copy with {@code "catchup": true}. Empty for unknown connections.
     * Pass {@link #connectionSeq} to replay everything since the connection was created.
     */
    public List<Map<String, Object>> catchup(UUID connId, long afterSeq) {
        return info.catchup(connId, afterSeq);
    }

    /** Most records a {@code resume_from} of {@code /connect} may ask for (every gateway the same: {@code resume_max_events}). */
    public void resumeLimit(long records) {
        state.resumeLimit = records;
    }

    /**
     * The resume the connection's {@code /connect} asked for that no socket has taken yet: the
     * records after {@code from} and before {@code endOffset}. Empty for unknown connections.
     */
    public Optional<ResumeRange> pendingResume(UUID connId) {
        Connection c = state.connections.get(connId);
        return c == null || c.resumeFrom == null ? Optional.empty() : Optional.of(new ResumeRange(c.resumeFrom, c.resumeTo));
    }

    /**
     * Who receives what a catch-up reads again from the log: the connection's user, in the channels
     * the connection is in now. Empty for unknown connections.
     */
    public Optional<CatchupFilter> catchupFilter(UUID connId) {
        Connection c = state.connections.get(connId);
        if (c == null) {
            return Optional.empty();
        }
        Map<String, Long> created = new java.util.HashMap<>();
        for (String name : c.channels) {
            created.put(name, state.channels.get(name).createdOffset);
        }
        return Optional.of(new CatchupFilter(c.username, created));
    }

    /**
     * What a client of a live connection that last saw {@code text} has to read again: the records
     * after it up to the last one applied. Empty when {@code text} is not a position of this log
     * (epoch, partition), is ahead of it, or the range is longer than the resume limit.
     */
    public Optional<ResumeRange> resumeRangeFrom(String text) {
        LogPosition last = state.lastPosition;
        LogPosition from = LogPosition.parse(text).orElse(null);
        if (last == null || from == null || !from.epoch().equals(last.epoch()) || from.partition() != last.partition()
                || from.offset() > last.offset()) {
            return Optional.empty();
        }
        ResumeRange range = new ResumeRange(from, last.offset() + 1);
        return range.records() > state.resumeLimit ? Optional.empty() : Optional.of(range);
    }

    /** The position at which the connection was created, or -1 if unknown. */
    public long connectionSeq(UUID connId) {
        Connection c = state.connections.get(connId);
        return c == null ? -1 : c.createdSeq;
    }

    public boolean hasConnection(UUID connId) {
        return state.connections.containsKey(connId);
    }

    public boolean hasUser(String username) {
        return state.users.containsKey(username);
    }

    /** For tests of the model package: the user, or null. */
    User user(String username) {
        return state.users.get(username);
    }

    /** The gateway responsible for the connection: where its socket is, or its creator before that. */
    public Optional<String> connectionOwner(UUID connId) {
        Connection c = state.connections.get(connId);
        return c == null ? Optional.empty() : Optional.ofNullable(c.owner);
    }

    /** In creation order. */
    public List<UUID> connectionsOwnedBy(String gatewayId) {
        List<UUID> out = new ArrayList<>();
        for (Connection c : state.connections.values()) {
            if (Objects.equals(gatewayId, c.owner)) {
                out.add(c.id);
            }
        }
        return out;
    }

    /** Every gateway (or other origin) that owns at least one connection. */
    public java.util.Set<String> connectionOwners() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Connection c : state.connections.values()) {
            if (c.owner != null) {
                out.add(c.owner);
            }
        }
        return out;
    }

    /** The number of events applied. */
    public long seq() {
        return state.seq;
    }

    /** Messages dropped because their channel does not exist (docs/protocol.md §14 #5). */
    public long droppedNoChannel() {
        return state.droppedNoChannel;
    }

    /**
     * The whole state as plain Java values (maps in meaningful key order, lists, strings, numbers,
     * booleans, null), fresh on each call. Equal states give equal exports with equal JSON text.
     */
    public Map<String, Object> export() {
        return ModelExport.export(state);
    }

    /** The state for a snapshot, cheaply, to be written on another thread ({@link ModelImage}). */
    public ModelImage image() {
        return ModelImage.of(state);
    }

    /** The number of users this replica remembers (read from any thread: a gauge, not exact). */
    public int userCount() {
        return state.users.size();
    }
}
