package io.csgate.common.body;

import java.util.List;

/**
 * How much a ChannelsInfo answer includes (docs/protocol.md §4.2).
 *
 * @param channels the channels to list; {@code null} means all (only {@code /info} uses it)
 */
public record InfoResolution(
        boolean includeHistory,
        boolean includeUsers,
        List<String> channels,
        List<String> excludeChannels,
        boolean includeConnections,
        boolean returnPublicState) {

    public static final InfoResolution DEFAULTS = new InfoResolution(true, true, null, List.of(), false, false);
}
