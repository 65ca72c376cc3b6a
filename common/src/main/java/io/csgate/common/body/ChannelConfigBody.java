package io.csgate.common.body;

import java.util.Map;

/** {@code POST /channel_config}: channel name to its whole new config, in request order. */
public record ChannelConfigBody(Map<String, ChannelConfig> configs) {}
