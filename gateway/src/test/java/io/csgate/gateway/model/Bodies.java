package io.csgate.gateway.model;

import io.csgate.common.body.ChannelConfig;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.MessageDeleteItem;
import io.csgate.common.body.MessageEditItem;
import io.csgate.common.body.MessageItem;
import io.csgate.common.body.SubscribeBody;
import io.csgate.common.body.UserStateBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Validated request bodies as the HTTP layer would hand them over. */
final class Bodies {

    static final ChannelConfig PRESENCE = new ChannelConfig(true, false, 10, false, false, true);
    static final ChannelConfig PRESENCE_LISTS = new ChannelConfig(true, false, 10, true, false, true);
    static final ChannelConfig HISTORY = new ChannelConfig(false, true, 10, false, false, true);
    static final ChannelConfig STATE = new ChannelConfig(false, false, 10, false, true, true);
    static final ChannelConfig NO_FRAMES = new ChannelConfig(false, true, 10, false, false, false);

    private Bodies() {}

    static ConnectBody connect(String user, String... channels) {
        return new ConnectBody(user, null, List.of(channels), null, Map.of(), Map.of(), Map.of(), null);
    }

    static ConnectBody connect(String user, UUID connId, List<String> channels, Map<String, ChannelConfig> configs) {
        return new ConnectBody(user, connId, channels, null, Map.of(), Map.of(), configs, null);
    }

    static ConnectBody connectWithState(String user, List<String> publicKeys, Map<String, Object> fresh,
            Map<String, Object> update, String... channels) {
        return new ConnectBody(user, null, List.of(channels), publicKeys, fresh, update, Map.of(), null);
    }

    static SubscribeBody channels(UUID connId, String... channels) {
        return new SubscribeBody(connId, List.of(channels), Map.of(), null);
    }

    static UserStateBody state(String user, Map<String, Object> update, List<String> publicKeys) {
        return new UserStateBody(user, update, publicKeys);
    }

    static MessageItem msg(String user, String channel, String text) {
        return new MessageItem(user, channel, List.of(), List.of(), false, null, null, text(text), Map.of());
    }

    static MessageItem msg(String user, String channel, List<String> pm, List<String> exclude, boolean noHistory,
            String text) {
        return new MessageItem(user, channel, pm, exclude, noHistory, null, null, text(text), Map.of());
    }

    static MessageItem msgWithUuid(String user, String channel, UUID uuid, String text) {
        return new MessageItem(user, channel, List.of(), List.of(), false, uuid, null, text(text), Map.of());
    }

    static MessageEditItem edit(UUID uuid, String channel, List<String> pm, String text) {
        return new MessageEditItem(uuid, null, channel, pm, List.of(), false, null, true, text(text), null, Map.of());
    }

    static MessageDeleteItem delete(UUID uuid, String channel, List<String> pm) {
        return new MessageDeleteItem(uuid, channel, pm, List.of(), false);
    }

    static InfoResolution info(boolean history, boolean users, List<String> channels, List<String> exclude,
            boolean publicState) {
        return new InfoResolution(history, users, channels, exclude, false, publicState);
    }

    static LinkedHashMap<String, Object> text(String text) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        return m;
    }

    /** An ordered map from alternating keys and values. */
    static LinkedHashMap<String, Object> map(Object... kv) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static UUID uuid(Object s) {
        return UUID.fromString((String) s);
    }
}
