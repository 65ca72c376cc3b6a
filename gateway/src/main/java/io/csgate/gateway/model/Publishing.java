package io.csgate.gateway.model;

import io.csgate.common.body.MessageDeleteItem;
import io.csgate.common.body.MessageEditItem;
import io.csgate.common.body.MessageItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages published, edited and deleted ({@code POST|PATCH|DELETE /message}). Each item is answered
 * in the reference's key order, then applied in request order.
 */
final class Publishing {

    private final ModelState state;

    Publishing(ModelState state) {
        this.state = state;
    }

    List<Map<String, Object>> messages(List<MessageItem> items, Step step) {
        List<Map<String, Object>> answer = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MessageItem item = items.get(i);
            if (item.channel() == null && isEmpty(item.pmUsers())) {
                continue;
            }
            LinkedHashMap<String, Object> msg = message(item, i, step);
            answer.add(PlainValues.copyMap(msg));
            asFrame(msg);
            step.position(msg, i, items.size());
            publish(msg, item, step);
        }
        return answer;
    }

    private void publish(LinkedHashMap<String, Object> msg, MessageItem item, Step step) {
        state.totalUniqueMessages++;
        List<String> pm = PlainValues.copyStrings(item.pmUsers());
        if (item.channel() != null) {
            Channel channel = state.channels.get(item.channel());
            if (channel == null) {
                // docs/protocol.md §14 #5: channels are never created by messages
                state.droppedNoChannel++;
                return;
            }
            state.totalMessages += channel.publish(msg, pm, PlainValues.copyStrings(item.excludeUsers()), step);
            return;
        }
        for (String username : pm) {
            User user = state.users.get(username);
            if (user != null) {
                state.totalMessages += user.deliver(msg, step);
            }
        }
    }

    static LinkedHashMap<String, Object> message(MessageItem item, int index, Step step) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("pm_users", PlainValues.copyStrings(item.pmUsers()));
        m.put("exclude_users", PlainValues.copyStrings(item.excludeUsers()));
        m.put("channel", item.channel());
        m.put("no_history", item.noHistory());
        m.put("uuid", item.uuid() != null ? item.uuid().toString() : step.uuid("message/" + index));
        m.put("timestamp", item.timestamp() != null ? item.timestamp() : step.timestamp());
        m.put("user", item.user());
        if (item.message() != null) {
            m.put("message", PlainValues.deepCopy(item.message()));
        }
        putExtras(m, item.extras());
        m.put("edited", null);
        return m;
    }

    List<Map<String, Object>> editMessages(List<MessageEditItem> items, Step step) {
        List<Map<String, Object>> answer = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MessageEditItem item = items.get(i);
            LinkedHashMap<String, Object> edit = edit(item, step);
            answer.add(PlainValues.copyMap(edit));
            step.position(edit, i, items.size());
            if (item.channel() != null) {
                Channel channel = state.channels.get(item.channel());
                if (channel != null) {
                    channel.alterMessage(edit, step);
                }
            } else {
                for (String username : PlainValues.copyStrings(item.pmUsers())) {
                    User user = state.users.get(username);
                    if (user != null) {
                        user.alterMessage(edit, step);
                    }
                }
            }
        }
        return answer;
    }

    /**
     * The reference's edit schema is unordered (its keys come out in Python set order); this is the
     * order observed on the reference, with {@code timestamp} and {@code user} placed before
     * {@code edited} where no observation exists.
     */
    static LinkedHashMap<String, Object> edit(MessageEditItem item, Step step) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("pm_users", PlainValues.copyStrings(item.pmUsers()));
        m.put("channel", item.channel());
        m.put("exclude_users", PlainValues.copyStrings(item.excludeUsers()));
        m.put("uuid", item.uuid().toString());
        if (item.timestamp() != null) {
            m.put("timestamp", item.timestamp());
        }
        if (item.user() != null) {
            m.put("user", item.user());
        }
        m.put("edited", item.edited() != null ? item.edited() : step.timestamp());
        m.put("no_history", item.noHistory());
        if (item.hasMessage()) {
            m.put("message", PlainValues.deepCopy(item.message()));
        }
        putExtras(m, item.extras());
        return m;
    }

    List<Map<String, Object>> deleteMessages(List<MessageDeleteItem> items, Step step) {
        List<Map<String, Object>> answer = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MessageDeleteItem item = items.get(i);
            LinkedHashMap<String, Object> delete = deletion(item);
            answer.add(PlainValues.copyMap(delete));
            step.position(delete, i, items.size());
            if (item.channel() != null) {
                Channel channel = state.channels.get(item.channel());
                if (channel != null) {
                    channel.deleteMessage(delete, step);
                }
            } else {
                for (String username : PlainValues.copyStrings(item.pmUsers())) {
                    User user = state.users.get(username);
                    if (user != null) {
                        user.deleteMessage(delete, step);
                    }
                }
            }
        }
        return answer;
    }

    static LinkedHashMap<String, Object> deletion(MessageDeleteItem item) {
        LinkedHashMap<String, Object> delete = new LinkedHashMap<>();
        delete.put("pm_users", PlainValues.copyStrings(item.pmUsers()));
        delete.put("exclude_users", PlainValues.copyStrings(item.excludeUsers()));
        delete.put("channel", item.channel());
        delete.put("no_history", item.noHistory());
        delete.put("uuid", item.uuid().toString());
        return delete;
    }

    /** Turns an answered message into the event that is stored and sent. */
    static void asFrame(LinkedHashMap<String, Object> msg) {
        msg.put("catchup", false);
        msg.put("edited", null);
        msg.put("type", "message");
    }

    private static void putExtras(Map<String, Object> m, Map<String, Object> extras) {
        if (extras != null) {
            extras.forEach((k, v) -> m.put(k, PlainValues.deepCopy(v)));
        }
    }

    private static boolean isEmpty(List<String> list) {
        return list == null || list.isEmpty();
    }
}
