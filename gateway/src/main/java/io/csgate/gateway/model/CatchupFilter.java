package io.csgate.gateway.model;

import io.csgate.common.body.MessageDeleteItem;
import io.csgate.common.body.MessageEditItem;
import io.csgate.common.body.MessageItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one connection receives of messages, edits and deletes read again from the log (a resume,
 * docs/design.md §13): the frames the model would have sent it live, built by the same code and
 * held to the same rules ({@link Channel#receives}: excluded users, private messages), each marked
 * {@code "catchup": true}. Decided for the connection's user in the channels the connection is in
 * when the catch-up starts. Pure and immutable: any thread may use it.
 */
public final class CatchupFilter {

    private final String username;
    /** The connection's channels, each with the offset of the event that created it (-1: unknown). */
    private final Map<String, Long> channels;

    CatchupFilter(String username, Map<String, Long> channels) {
        this.username = username;
        this.channels = channels;
    }

    /** The frames of a {@code message} event; items at or before {@code seen} are left out. */
    public List<Map<String, Object>> messages(List<MessageItem> items, EventContext ctx, LogPosition seen) {
        Step step = new Step(ctx, -1, null);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MessageItem item = items.get(i);
            if (isSeen(seen, ctx, i) || !gets(item.channel(), item.pmUsers(), item.excludeUsers(), ctx)) {
                continue;
            }
            LinkedHashMap<String, Object> msg = Publishing.message(item, i, step);
            Publishing.asFrame(msg);
            step.position(msg, i, items.size());
            out.add(Frames.forCatchup(msg));
        }
        return out;
    }

    /** The frames of a {@code message:edit} event; items at or before {@code seen} are left out. */
    public List<Map<String, Object>> edits(List<MessageEditItem> items, EventContext ctx, LogPosition seen) {
        Step step = new Step(ctx, -1, null);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MessageEditItem item = items.get(i);
            if (isSeen(seen, ctx, i) || !gets(item.channel(), item.pmUsers(), item.excludeUsers(), ctx)) {
                continue;
            }
            LinkedHashMap<String, Object> edit = Publishing.edit(item, step);
            step.position(edit, i, items.size());
            out.add(Frames.forCatchup(Frames.typed(edit, "message:edit")));
        }
        return out;
    }

    /** The frames of a {@code message:delete} event; items at or before {@code seen} are left out. */
    public List<Map<String, Object>> deletes(List<MessageDeleteItem> items, EventContext ctx, LogPosition seen) {
        Step step = new Step(ctx, -1, null);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MessageDeleteItem item = items.get(i);
            if (isSeen(seen, ctx, i) || !gets(item.channel(), item.pmUsers(), item.excludeUsers(), ctx)) {
                continue;
            }
            LinkedHashMap<String, Object> delete = Publishing.deletion(item);
            step.position(delete, i, items.size());
            out.add(Frames.forCatchup(Frames.typed(delete, "message:delete")));
        }
        return out;
    }

    private static boolean isSeen(LogPosition seen, EventContext ctx, int item) {
        return seen != null && ctx.position() != null && seen.covers(ctx.position().offset(), item);
    }

    /**
     * A channel item reaches the channel's members ({@link Channel#receives}); one without a
     * channel reaches the users it names in {@code pm_users} ({@link User#deliver}).
     */
    private boolean gets(String channel, List<String> pm, List<String> exclude, EventContext ctx) {
        List<String> pmUsers = pm == null ? List.of() : pm;
        if (channel == null) {
            return pmUsers.contains(username);
        }
        Long created = channels.get(channel);
        if (created == null || (created >= 0 && ctx.position() != null && ctx.position().offset() <= created)) {
            return false; // not the connection's, or it did not exist yet: the message was dropped
        }
        return Channel.receives(username, pmUsers, exclude == null ? List.of() : exclude);
    }
}
