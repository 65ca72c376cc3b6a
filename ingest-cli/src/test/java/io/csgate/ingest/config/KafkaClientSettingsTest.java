package io.csgate.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.ingest.Cli;
import io.csgate.ingest.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI takes the gateway's Kafka client settings: --kafka-client-properties FILE, else
 * kafka_client_properties of the ini file or CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES, plus
 * CHANNELSTREAM_KAFKA_CLIENT_* variables; entries reach the producer, and one that contradicts
 * what the CLI depends on stops the command before anything is sent.
 */
class KafkaClientSettingsTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static final String[] PUBLISH = {"publish", "-c", "room", "-u", "bot", "-m", "{\"t\":1}"};

    private static String[] publish(String... more) {
        String[] all = new String[PUBLISH.length + more.length];
        System.arraycopy(PUBLISH, 0, all, 0, PUBLISH.length);
        System.arraycopy(more, 0, all, PUBLISH.length, more.length);
        return all;
    }

    @Test
    void theFlagsFileReachesTheProducerAndVariablesWin() throws IOException {
        Path f = file("client.properties", "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=PlainLoginModule required username=\"u\" password=\"p\";\n");
        Cli cli = new Cli().env("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k:9093")
                .env("CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512");

        Cli.Run r = cli.run(publish("--kafka-client-properties", f.toString()));

        assertThat(r.exit()).as(r.err()).isZero();
        Properties p = cli.producerConfigs().get(0);
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("acks", "all").containsEntry("bootstrap.servers", "k:9093");
        assertThat(r.err()).doesNotContain("password");
    }

    @Test
    void theEnvironmentNamesTheFileAsForTheGateway() throws IOException {
        Path f = file("client.properties", "security.protocol=SSL\n");
        Cli cli = new Cli().env("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k:9093")
                .env("CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", f.toString());

        assertThat(cli.run(PUBLISH).exit()).isZero();
        assertThat(cli.producerConfigs().get(0)).containsEntry("security.protocol", "SSL");
    }

    @Test
    void theIniFileNamesTheFileAndTheVariablesAreIgnored() throws IOException {
        Path f = file("client.properties", "security.protocol=SSL\n");
        Path ini = file("config.ini", "[channelstream]\nsecret = s\nkafka_bootstrap_servers = k:9093\n"
                + "kafka_client_properties = " + f + "\n");
        Cli cli = new Cli().env("CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN");

        Cli.Run r = cli.run(publish("-i", ini.toString()));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(cli.producerConfigs().get(0)).containsEntry("security.protocol", "SSL")
                .doesNotContainKey("sasl.mechanism");
        assertThat(r.err()).contains("ignored").contains("CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM");
    }

    @Test
    void anUnreadableFileIsAUsageError() {
        Cli cli = new Cli().env("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k:9093");

        Cli.Run r = cli.run(publish("--kafka-client-properties", dir.resolve("missing.properties").toString()));

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("cannot read the Kafka client properties", "missing.properties",
                "(--kafka-client-properties): no such file");
        assertThat(cli.producersMade()).isEmpty();
    }

    @Test
    void aTrustStoreThatCannotBeReadIsAUsageError() {
        Cli cli = new Cli().env("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k:9093")
                .env("CHANNELSTREAM_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", dir.resolve("ca.pem").toString());

        Cli.Run r = cli.run(PUBLISH);

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("invalid Kafka client setting: ssl.truststore.location=" + dir.resolve("ca.pem")
                + " (CHANNELSTREAM_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION): no such file");
        assertThat(cli.producersMade()).isEmpty();
    }

    @Test
    void anEntryThatContradictsWhatTheCliDependsOnIsRefused() throws IOException {
        Path f = file("client.properties", "acks=1\n");
        Cli cli = new Cli().env("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k:9093");

        Cli.Run r = cli.run(publish("--kafka-client-properties", f.toString()));

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("invalid Kafka client setting: acks=1 (" + f + ") contradicts acks=all");
        assertThat(cli.records()).isEmpty();
    }
}
