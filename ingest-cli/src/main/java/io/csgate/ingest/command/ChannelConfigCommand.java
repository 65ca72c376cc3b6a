package io.csgate.ingest.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.event.Op;
import io.csgate.ingest.IngestMain;
import io.csgate.ingest.config.ConnectionOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ingest channel-config}: the body of {@code POST /channel_config}, one config for each channel. */
@Command(name = "channel-config", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Create or reconfigure channels (POST /channel_config).",
            "As in Channelstream, this sets the whole config: settings not given take their defaults."})
public final class ChannelConfigCommand implements Callable<Integer> {

    @ParentCommand
    IngestMain root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--channel"}, required = true, split = ",", paramLabel = "CHANNEL", order = 1,
            description = "channels to configure (comma-separated or repeated)")
    List<String> channels;

    @Option(names = "--notify-presence", arity = "0..1", paramLabel = "BOOL", order = 2,
            description = "send presence joined/parted events (default false)")
    Boolean notifyPresence;

    @Option(names = "--store-history", arity = "0..1", paramLabel = "BOOL", order = 3,
            description = "keep the last --history-size messages (default false)")
    Boolean storeHistory;

    @Option(names = "--history-size", paramLabel = "N", order = 4, description = "history length (default 10)")
    Integer historySize;

    @Option(names = "--broadcast-presence-with-user-lists", arity = "0..1", paramLabel = "BOOL", order = 5,
            description = "presence events carry the user list (default false)")
    Boolean withUserLists;

    @Option(names = "--notify-state", arity = "0..1", paramLabel = "BOOL", order = 6,
            description = "send user_state_change events (default false)")
    Boolean notifyState;

    @Option(names = "--store-frames", arity = "0..1", paramLabel = "BOOL", order = 7,
            description = "keep recent events for catch-up (default true)")
    Boolean storeFrames;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String channel : channels) {
            ObjectNode config = body.putObject(channel);
            put(config, "notify_presence", notifyPresence);
            put(config, "store_history", storeHistory);
            if (historySize != null) {
                config.put("history_size", historySize);
            }
            put(config, "broadcast_presence_with_user_lists", withUserLists);
            put(config, "notify_state", notifyState);
            put(config, "store_frames", storeFrames);
        }
        return SingleEvent.produce(root.context(), spec, connection, Op.CHANNEL_CONFIG, body,
                "configured channel" + (channels.size() == 1 ? " " : "s ") + String.join(", ", channels));
    }

    private static void put(ObjectNode config, String key, Boolean value) {
        if (value != null) {
            config.put(key, value);
        }
    }
}
