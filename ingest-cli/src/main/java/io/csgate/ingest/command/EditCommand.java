package io.csgate.ingest.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.event.Op;
import io.csgate.ingest.IngestMain;
import io.csgate.ingest.config.ConnectionOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ingest edit}: edit one message, the body of {@code PATCH /message} with one item. */
@Command(name = "edit", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Edit one message (the item of PATCH /message): only the fields given change.")
public final class EditCommand implements Callable<Integer> {

    @ParentCommand
    IngestMain root;

    @Spec
    CommandSpec spec;

    @Option(names = "--uuid", required = true, paramLabel = "UUID", order = 1, description = "the message to edit")
    String uuid;

    @Option(names = {"-m", "--message"}, paramLabel = "JSON", order = 2, description = "the new message object")
    String message;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", order = 3, description = "the new sender")
    String user;

    @Mixin
    DeliveryOptions delivery;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        delivery.requireRecipients();
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        delivery.putInto(item);
        item.put("uuid", uuid);
        if (user != null) {
            item.put("user", user);
        }
        if (message != null) {
            item.set("message", JsonArgs.parse("--message", message));
        }
        ArrayNode body = JsonNodeFactory.instance.arrayNode().add(item);
        return SingleEvent.produce(root.context(), spec, connection, Op.MESSAGE_EDIT, body,
                "edited message " + uuid + " in " + delivery.target());
    }
}
