package io.csgate.common.body;

/** The six settings of a channel (docs/protocol.md §4.1). */
public record ChannelConfig(
        boolean notifyPresence,
        boolean storeHistory,
        int historySize,
        boolean broadcastPresenceWithUserLists,
        boolean notifyState,
        boolean storeFrames) {

    public static final ChannelConfig DEFAULTS = new ChannelConfig(false, false, 10, false, false, true);
}
