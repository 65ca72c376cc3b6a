package io.csgate.common.body;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code POST /subscribe} and {@code POST /unsubscribe} (protocol §5.5, §5.6). */
public record SubscribeBody(
        UUID connId,
        List<String> channels,
        Map<String, ChannelConfig> channelConfigs,
        InfoResolution info) {}
