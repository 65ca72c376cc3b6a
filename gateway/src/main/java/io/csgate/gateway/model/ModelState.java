package io.csgate.gateway.model;

import io.csgate.common.body.ChannelConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Everything the model holds. Map orders are creation orders and part of the state. */
final class ModelState {

    final LinkedHashMap<String, User> users = new LinkedHashMap<>();
    final LinkedHashMap<UUID, Connection> connections = new LinkedHashMap<>();
    final LinkedHashMap<String, Channel> channels = new LinkedHashMap<>();
    long seq;
    long totalMessages;
    long totalUniqueMessages;
    long droppedNoChannel;
    /** Most records a {@code resume_from} may ask to be read again (a setting, not state: never exported). */
    long resumeLimit = Long.MAX_VALUE;
    /** The record of the last event applied, when events come with positions (not exported: the next event sets it). */
    LogPosition lastPosition;

    Channel channelOrCreate(String name, ChannelConfig config, Step step) {
        Channel existing = channels.get(name);
        if (existing != null) {
            return existing;
        }
        Channel created = new Channel(name, step.uuid("channel/" + name), channels.size(),
                config == null ? ChannelConfig.DEFAULTS : config, step.time());
        if (step.ctx().position() != null) {
            created.createdOffset = step.ctx().position().offset();
        }
        channels.put(name, created);
        return created;
    }

    /** The channels any of these connections are in, in channel creation order. */
    List<Channel> channelsOf(Collection<Connection> conns) {
        Set<String> names = new LinkedHashSet<>();
        for (Connection c : conns) {
            names.addAll(c.channels);
        }
        List<Channel> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(channels.get(n));
        }
        out.sort(Comparator.comparingInt(ch -> ch.ordinal));
        return out;
    }
}
