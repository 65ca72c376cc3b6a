package io.csgate.ingest.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.ingest.IngestException;
import java.util.List;
import picocli.CommandLine.Option;

/** Who receives a message, its edit or its deletion: the REST item's delivery fields (a mixin). */
final class DeliveryOptions {

    @Option(names = {"-c", "--channel"}, paramLabel = "CHANNEL", order = 10,
            description = "the channel (it must exist: channels come from connect, subscribe, channel-config)")
    String channel;

    @Option(names = "--pm-users", split = ",", paramLabel = "USER", order = 11,
            description = "only these users receive it (comma-separated); without --channel: a private message")
    List<String> pmUsers;

    @Option(names = "--exclude-users", split = ",", paramLabel = "USER", order = 12,
            description = "these users do not receive it (comma-separated)")
    List<String> excludeUsers;

    @Option(names = "--no-history", order = 13, description = "do not keep it in the channel's history")
    boolean noHistory;

    /** Neither a channel nor private recipients: the gateway would silently drop the item. */
    void requireRecipients() {
        if (channel == null && (pmUsers == null || pmUsers.stream().allMatch(String::isEmpty))) {
            throw IngestException.usage("give --channel or --pm-users (a message with neither reaches no one)");
        }
    }

    void putInto(ObjectNode item) {
        if (channel != null) {
            item.put("channel", channel);
        }
        if (pmUsers != null) {
            item.set("pm_users", JsonArgs.strings(pmUsers));
        }
        if (excludeUsers != null) {
            item.set("exclude_users", JsonArgs.strings(excludeUsers));
        }
        if (noHistory) {
            item.put("no_history", true);
        }
    }

    String target() {
        return channel != null ? "channel " + channel : "users " + String.join(",", pmUsers);
    }
}
