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

/** {@code ingest user-state}: the body of {@code POST /user_state}. */
@Command(name = "user-state", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Merge keys into a user's state (POST /user_state). The user must exist on the gateways,"
            + " else the event is skipped there."})
public final class UserStateCommand implements Callable<Integer> {

    @ParentCommand
    IngestMain root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER", order = 1, description = "the user")
    String user;

    @Option(names = {"-s", "--state"}, paramLabel = "JSON", order = 2,
            description = "keys to merge, e.g. '{\"status\": \"away\"}' (values: string, number, boolean, null)")
    String state;

    @Option(names = "--public-keys", split = ",", paramLabel = "KEY", order = 3,
            description = "state keys other users may see (comma-separated; --public-keys= clears them;"
                    + " absent: unchanged)")
    List<String> publicKeys;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("user", user);
        if (state != null) {
            body.set("user_state", JsonArgs.parse("--state", state));
        }
        if (publicKeys != null) {
            body.set("state_public_keys", JsonArgs.strings(publicKeys));
        }
        return SingleEvent.produce(root.context(), spec, connection, Op.USER_STATE, body,
                "updated the state of user " + user);
    }
}
