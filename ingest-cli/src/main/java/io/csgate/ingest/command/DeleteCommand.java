package io.csgate.ingest.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
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

/** {@code ingest delete}: delete messages, the body of {@code DELETE /message}, one item per uuid. */
@Command(name = "delete", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Delete messages (the items of DELETE /message), in one event.")
public final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    IngestMain root;

    @Spec
    CommandSpec spec;

    @Option(names = "--uuid", required = true, split = ",", paramLabel = "UUID", order = 1,
            description = "the messages to delete (comma-separated or repeated)")
    List<String> uuids;

    @Mixin
    DeliveryOptions delivery;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        delivery.requireRecipients();
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        for (String uuid : uuids) {
            ObjectNode item = body.addObject();
            delivery.putInto(item);
            item.put("uuid", uuid);
        }
        String what = uuids.size() == 1 ? "message " + uuids.get(0) : uuids.size() + " messages";
        return SingleEvent.produce(root.context(), spec, connection, Op.MESSAGE_DELETE, body,
                "deleted " + what + " from " + delivery.target());
    }
}
