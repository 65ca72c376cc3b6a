package io.csgate.ingest.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.event.Op;
import io.csgate.ingest.IngestMain;
import io.csgate.ingest.config.ConnectionOptions;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ingest publish}: one message, the body of {@code POST /message} with one item. */
@Command(name = "publish", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Publish one message (the item of POST /message) and wait for Kafka's acknowledgement.",
            "Prints the message uuid (give it to edit and delete)."})
public final class PublishCommand implements Callable<Integer> {

    @ParentCommand
    IngestMain root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER", order = 1,
            description = "the sender (user)")
    String user;

    @Option(names = {"-m", "--message"}, paramLabel = "JSON", order = 2,
            description = "the message object, e.g. '{\"text\": \"hello\"}'")
    String message;

    @Option(names = "--uuid", paramLabel = "UUID", order = 3, description = "the message uuid (default: a random one)")
    String uuid;

    @Mixin
    DeliveryOptions delivery;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        delivery.requireRecipients();
        String id = uuid != null ? uuid : UUID.randomUUID().toString();
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        delivery.putInto(item);
        item.put("uuid", id);
        item.put("user", user);
        if (message != null) {
            item.set("message", JsonArgs.parse("--message", message));
        }
        ArrayNode body = JsonNodeFactory.instance.arrayNode().add(item);
        return SingleEvent.produce(root.context(), spec, connection, Op.MESSAGE, body,
                "published message " + id + " to " + delivery.target());
    }
}
