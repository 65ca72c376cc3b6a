package io.csgate.ingest.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.Op;
import io.csgate.common.event.Topics;
import io.csgate.ingest.Cli;
import io.csgate.ingest.ExitCode;
import io.csgate.ingest.input.LineParser;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PublishCommandTest {

    @Test
    void publishesOneSignedMessageEventAndPrintsItsUuid() {
        Cli cli = new Cli();
        Cli.Run r = cli.run("publish", "--channel", "room", "--user", "bob", "--message", "{\"text\":\"hi\"}",
                "--pm-users", "ann,cid", "--exclude-users", "dan", "--no-history", "-b", "kafka:9092", "-t", "events");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(cli.records()).hasSize(1);
        assertThat(cli.records().get(0).topic()).isEqualTo("events");
        assertThat(cli.records().get(0).key()).isNull();
        Envelope e = cli.events().get(0);
        assertThat(e.op()).isEqualTo(Op.MESSAGE);
        assertThat(e.origin()).isEqualTo(LineParser.ORIGIN);
        assertThat(e.time()).isNotNull();
        JsonNode item = e.body().get(0);
        assertThat(item.get("channel").asText()).isEqualTo("room");
        assertThat(item.get("user").asText()).isEqualTo("bob");
        assertThat(item.get("message").get("text").asText()).isEqualTo("hi");
        assertThat(item.get("pm_users").toString()).isEqualTo("[\"ann\",\"cid\"]");
        assertThat(item.get("exclude_users").toString()).isEqualTo("[\"dan\"]");
        assertThat(item.get("no_history").asBoolean()).isTrue();
        String uuid = item.get("uuid").asText();
        assertThat(r.out()).startsWith("published message " + uuid + " to channel room (event " + e.id() + " at events-");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void withAKeyNameTheRecordIsSignedWithThatProducerKey() {
        Cli cli = new Cli().env("CHANNELSTREAM_SECRET", Cli.KEY_SECRET);
        Cli.Run r = cli.run("publish", "--key-name", Cli.KEY_NAME, "-c", "room", "-u", "bob", "-m", "{\"text\":\"hi\"}");
        assertThat(r.exit()).as(r.err()).isZero();
        String header = new String(cli.records().get(0).headers().lastHeader(Topics.SIGNATURE_HEADER).value(),
                StandardCharsets.US_ASCII);
        assertThat(header).startsWith("key=billing,v1=");
        assertThat(cli.events()).hasSize(1); // verifies with the billing key

        Cli.Run bad = new Cli().run("publish", "--key-name", "not a name", "-c", "room", "-u", "bob");
        assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("--key-name: a key name may only hold");
    }

    @Test
    void theProducerIsDurableAndIdempotent() {
        Cli cli = new Cli();
        cli.run("publish", "-c", "room", "-u", "bob", "-b", "k1:9092,k2:9092", "--timeout", "7");
        Properties p = cli.producerConfigs().get(0);
        assertThat(p.get("acks")).isEqualTo("all");
        assertThat(p.get("enable.idempotence")).isEqualTo(true);
        assertThat(p.get("bootstrap.servers")).isEqualTo("k1:9092,k2:9092");
        assertThat(p.get("max.block.ms")).isEqualTo(7000);
        assertThat(p.get("delivery.timeout.ms")).isEqualTo(7010);
    }

    @Test
    void aGivenUuidIsKept() {
        Cli cli = new Cli();
        String uuid = "7d0c4a36-1f9e-4b8e-9d55-0c3d7c7f2a10";
        assertThat(cli.run("publish", "-c", "room", "-u", "bob", "--uuid", uuid).exit()).isZero();
        assertThat(cli.events().get(0).body().get(0).get("uuid").asText()).isEqualTo(uuid);
    }

    @Test
    void dryRunPrintsTheEnvelopeAndConnectsToNothing() {
        Cli cli = new Cli().withoutEnv("CHANNELSTREAM_SECRET");
        Cli.Run r = cli.run("publish", "--dry-run", "-c", "room", "-u", "bob", "-m", "{\"text\":\"hi\"}");
        assertThat(r.exit()).isZero();
        assertThat(cli.producersMade()).isEmpty();
        assertThat(r.out()).startsWith("{\"v\":1,\"id\":\"").contains("\"op\":\"message\"", "\"origin\":\"ingest-cli\"",
                "\"message\":{\"text\":\"hi\"}");
        assertThat(r.err()).as("no secret is needed to validate").isEmpty();
    }

    @Test
    void anInvalidBodyExits2WithTheGatewaysErrorsAndProducesNothing() {
        Cli cli = new Cli();
        Cli.Run r = cli.run("publish", "-c", "room", "-u", "bob", "-m", "[1,2]", "--uuid", "nope");
        assertThat(r.exit()).as("bad option values").isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("ingest publish: invalid message body, nothing produced: "
                + "{\"uuid\":[\"Not a valid UUID.\"],\"message\":[\"Not a valid mapping type.\"]}" + System.lineSeparator());
        assertThat(cli.producersMade()).isEmpty();
    }

    @Test
    void aMessageThatIsNotJsonExits2SayingWhatAndWhere() {
        Cli cli = new Cli();
        Cli.Run r = cli.run("publish", "-c", "room", "-u", "bob", "-m", "{text: hi}");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("ingest publish: --message: not JSON: a field name must be in double quotes,"
                + " found 't' at column 2" + System.lineSeparator());
        assertThat(new Cli().run("publish", "-c", "room", "-u", "bob", "-m", "not json").err())
                .isEqualTo("ingest publish: --message: not JSON: unexpected 'not' at column 1 (text needs double"
                        + " quotes; the literals are true, false and null)" + System.lineSeparator());
        assertThat(new Cli().run("publish", "-c", "room", "-u", "bob", "-m", "{\"text\": \"hi\"").err())
                .isEqualTo("ingest publish: --message: not JSON: the text ends before the JSON value is complete"
                        + " (a closing '}', ']' or '\"' is missing)" + System.lineSeparator());
        assertThat(cli.producersMade()).isEmpty();
    }

    @Test
    void withoutASecretNothingIsProducedAndTheMessageSaysWhereToSetIt() {
        Cli cli = new Cli().withoutEnv("CHANNELSTREAM_SECRET");
        Cli.Run r = cli.run("publish", "-c", "room", "-u", "bob", "-m", "{}");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("ingest publish: no secret configured: set CHANNELSTREAM_SECRET or pass"
                + " --secret-file FILE (the gateways' secret), or -i the gateways' config.ini" + System.lineSeparator());
        assertThat(cli.producersMade()).isEmpty();
    }

    @Test
    void aMessageWithoutRecipientsIsAUsageError() {
        Cli.Run r = new Cli().run("publish", "-u", "bob", "-m", "{}");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("give --channel or --pm-users");
    }

    @Test
    void aPrivateMessageNeedsNoChannel() {
        Cli cli = new Cli();
        Cli.Run r = cli.run("publish", "-u", "bob", "--pm-users", "ann");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("to users ann");
        assertThat(cli.events().get(0).body().get(0).has("channel")).isFalse();
    }

    @Test
    void theUserIsRequired() {
        Cli.Run r = new Cli().run("publish", "-c", "room");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Missing required option: '--user=USER'");
    }

    @Test
    void aKafkaFailureExits1WithTheReason() {
        Cli cli = new Cli().producers(() -> new FailingProducer(0));
        Cli.Run r = cli.run("publish", "-c", "room", "-u", "bob", "-b", "kafka:9092");
        assertThat(r.exit()).isEqualTo(ExitCode.NOT_DELIVERED);
        assertThat(r.err()).contains("ingest publish: not acknowledged by Kafka at kafka:9092",
                "TimeoutException (retriable, retries exhausted)", "0 of 1 events produced");
        assertThat(r.out()).isEmpty();
    }
}
