package io.csgate.ingest.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.Op;
import io.csgate.ingest.Cli;
import io.csgate.ingest.ExitCode;
import org.junit.jupiter.api.Test;

/** edit, delete, user-state and channel-config: the REST body each one produces, and bad input. */
class SingleEventCommandsTest {

    private static final String UUID1 = "7d0c4a36-1f9e-4b8e-9d55-0c3d7c7f2a10";
    private static final String UUID2 = "0b7e1d2c-3a4f-4c5d-8e9f-a0b1c2d3e4f5";

    private static Envelope only(Cli cli) {
        assertThat(cli.events()).hasSize(1);
        return cli.events().get(0);
    }

    @Test
    void editProducesAMessageEditItem() {
        Cli cli = new Cli();
        Cli.Run r = cli.run("edit", "--uuid", UUID1, "-c", "room", "-m", "{\"text\":\"fixed\"}", "-u", "bob");
        assertThat(r.exit()).as(r.err()).isZero();
        Envelope e = only(cli);
        assertThat(e.op()).isEqualTo(Op.MESSAGE_EDIT);
        assertThat(e.body().toString()).isEqualTo(
                "[{\"channel\":\"room\",\"uuid\":\"" + UUID1 + "\",\"user\":\"bob\",\"message\":{\"text\":\"fixed\"}}]");
        assertThat(r.out()).startsWith("edited message " + UUID1 + " in channel room (event " + e.id());
    }

    @Test
    void editWithABadUuidIsABadOptionValue() {
        Cli cli = new Cli();
        Cli.Run r = cli.run("edit", "--uuid", "x", "-c", "room");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("invalid message_edit body, nothing produced: {\"uuid\":[\"Not a valid UUID.\"]}");
        assertThat(cli.producersMade()).isEmpty();
    }

    @Test
    void editNeedsTheUuid() {
        assertThat(new Cli().run("edit", "-c", "room").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void deleteSendsOneItemPerUuidInOneEvent() {
        Cli cli = new Cli();
        Cli.Run r = cli.run("delete", "--uuid", UUID1 + "," + UUID2, "--pm-users", "ann");
        assertThat(r.exit()).as(r.err()).isZero();
        Envelope e = only(cli);
        assertThat(e.op()).isEqualTo(Op.MESSAGE_DELETE);
        assertThat(e.body().toString()).isEqualTo("[{\"pm_users\":[\"ann\"],\"uuid\":\"" + UUID1 + "\"},"
                + "{\"pm_users\":[\"ann\"],\"uuid\":\"" + UUID2 + "\"}]");
        assertThat(r.out()).startsWith("deleted 2 messages from users ann");
    }

    @Test
    void deleteWithABadUuidReportsTheItemIndex() {
        Cli.Run r = new Cli().run("delete", "--uuid", UUID1 + ",nope", "-c", "room");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("{\"1\":{\"uuid\":[\"Not a valid UUID.\"]}}");
    }

    @Test
    void userStateMergesKeysAndSetsPublicKeys() {
        Cli cli = new Cli();
        Cli.Run r = cli.run("user-state", "-u", "bob", "-s", "{\"status\":\"away\",\"n\":1}", "--public-keys", "status");
        assertThat(r.exit()).as(r.err()).isZero();
        Envelope e = only(cli);
        assertThat(e.op()).isEqualTo(Op.USER_STATE);
        assertThat(e.body().toString()).isEqualTo(
                "{\"user\":\"bob\",\"user_state\":{\"status\":\"away\",\"n\":1},\"state_public_keys\":[\"status\"]}");
        assertThat(r.out()).startsWith("updated the state of user bob (event ");
    }

    @Test
    void userStateWithAnEmptyPublicKeysValueClearsThem() {
        Cli cli = new Cli();
        assertThat(cli.run("user-state", "-u", "bob", "--public-keys=").exit()).isZero();
        assertThat(only(cli).body().get("state_public_keys").toString()).isEqualTo("[]");
    }

    @Test
    void userStateRejectsNestedValues() {
        Cli.Run r = new Cli().run("user-state", "-u", "bob", "-s", "{\"a\":[1]}");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Value is not type of string, integer, boolean or float.");
    }

    @Test
    void channelConfigSendsTheGivenSettingsForEachChannel() {
        Cli cli = new Cli();
        Cli.Run r = cli.run("channel-config", "-c", "a,b", "--notify-presence", "--store-history",
                "--history-size", "50", "--store-frames=false");
        assertThat(r.exit()).as(r.err()).isZero();
        Envelope e = only(cli);
        assertThat(e.op()).isEqualTo(Op.CHANNEL_CONFIG);
        JsonNode cfg = e.body().get("a");
        assertThat(cfg.toString()).isEqualTo(
                "{\"notify_presence\":true,\"store_history\":true,\"history_size\":50,\"store_frames\":false}");
        assertThat(e.body().get("b")).isEqualTo(cfg);
        assertThat(r.out()).startsWith("configured channels a, b (event ");
    }

    @Test
    void channelConfigWithANegativeHistorySizeIsABadOptionValue() {
        Cli.Run r = new Cli().run("channel-config", "-c", "a", "--history-size", "-1");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("{\"history_size\":[\"Must be greater than or equal to 0.\"]}");
    }

    @Test
    void channelConfigRejectsANonBoolean() {
        Cli.Run r = new Cli().run("channel-config", "-c", "a", "--notify-state=maybe");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--notify-state");
    }

    @Test
    void everySingleEventCommandHasADryRun() {
        String[][] commands = {
            {"edit", "--uuid", UUID1, "-c", "room"},
            {"delete", "--uuid", UUID1, "-c", "room"},
            {"user-state", "-u", "bob"},
            {"channel-config", "-c", "room"},
        };
        for (String[] args : commands) {
            Cli cli = new Cli();
            String[] withDryRun = java.util.Arrays.copyOf(args, args.length + 1);
            withDryRun[args.length] = "--dry-run";
            Cli.Run r = cli.run(withDryRun);
            assertThat(r.exit()).as(args[0] + r.err()).isZero();
            assertThat(r.out()).as(args[0]).startsWith("{\"v\":1,");
            assertThat(cli.producersMade()).as(args[0]).isEmpty();
        }
    }
}
