package io.csgate.common.body;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code POST /subscribe} and {@code POST /unsubscribe} (docs/protocol.md §5.2, §5.3). */
public record SubscribeBody(
        UUID connId,
        List<String> channels,
        Map<String, ChannelConfig> channelConfigs,
        InfoResolution info) {}
