package io.csgate.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.kafka.ClientProperties.Pin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("client.properties"), text);
    }

    @Test
    void readsAPropertiesFileAsKafkasToolsDo() throws IOException {
        Path f = file("# Confluent Cloud\nbootstrap.servers=pkc-1.aws.confluent.cloud:9092\n"
                + "security.protocol = SASL_SSL\nsasl.mechanism: PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\\n"
                + "    username='KEY' password='SECRET';\n");

        ClientProperties p = ClientProperties.load(f);

        assertThat(p.entries()).containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.mechanism",
                "sasl.jaas.config");
        assertThat(p.value("sasl.jaas.config")).contains(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username='KEY' password='SECRET';");
        assertThat(p.entries().get("sasl.mechanism").origin()).isEqualTo(f.toString());
    }

    @Test
    void anUnreadableFileIsAnError() throws IOException {
        assertThatThrownBy(() -> ClientProperties.load(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> ClientProperties.load(dir)).hasMessage("is a directory");
        Path big = Files.write(dir.resolve("big"), new byte[(int) ClientProperties.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> ClientProperties.load(big)).hasMessageContaining("larger than");
        Path bad = file("sasl.jaas.config=\\u12\n");
        assertThatThrownBy(() -> ClientProperties.load(bad)).isInstanceOf(IOException.class);
    }

    @Test
    void variablesMapToPropertyNamesAsInConfluentsImages() {
        assertThat(ClientProperties.propertyName("CHANNELSTREAM_KAFKA_CLIENT_SASL_JAAS_CONFIG"))
                .isEqualTo("sasl.jaas.config");
        assertThat(ClientProperties.propertyName("CHANNELSTREAM_KAFKA_CLIENT_SOME__ODD___NAME"))
                .isEqualTo("some_odd-name");
        for (String name : List.of("ssl.truststore.certificates", "some_odd-name", "sasl.login.callback.handler.class")) {
            assertThat(ClientProperties.propertyName(ClientProperties.variableName(name))).isEqualTo(name);
        }
        assertThat(ClientProperties.variableName("sasl.mechanism")).isEqualTo("CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM");
        assertThatThrownBy(() -> ClientProperties.propertyName("CHANNELSTREAM_KAFKA_CLIENT_SASL____X"))
                .hasMessageContaining("4 underscores");
        assertThatThrownBy(() -> ClientProperties.propertyName("CHANNELSTREAM_KAFKA_CLIENT_SASL_"))
                .hasMessageContaining("names no Kafka client property");
    }

    @Test
    void variablesAreEntriesAndWinOverTheFile() throws IOException {
        ClientProperties file = ClientProperties.load(file("sasl.mechanism=PLAIN\nsecurity.protocol=SASL_SSL\n"));
        ClientProperties env = ClientProperties.fromEnvironment(Map.of(
                "CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", "/the/file/itself",
                "CHANNELSTREAM_PORT", "8000", "HOME", "/root"));

        ClientProperties all = file.overriddenBy(env);

        assertThat(env.entries()).containsOnlyKeys("sasl.mechanism");
        assertThat(all.value("sasl.mechanism")).contains("SCRAM-SHA-512");
        assertThat(all.entries().get("sasl.mechanism").origin()).isEqualTo("CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM");
        assertThat(all.value("security.protocol")).contains("SASL_SSL");
    }

    @Test
    void secretValuesAreMaskedWhenShown() throws IOException {
        ClientProperties p = ClientProperties.load(file("sasl.jaas.config=x password=\"hunter2\";\n"
                + "ssl.keystore.password=ks-pw\nssl.key.password=key-pw\nssl.keystore.key=-----BEGIN PRIVATE KEY-----\n"
                + "basic.auth.user.info=KEY:SECRET\nsasl.oauthbearer.client.credentials.client.secret=cl1ent-pw\n"
                + "security.protocol=SASL_SSL\nssl.truststore.location=/etc/ca.pem\n"));

        String shown = String.join("\n", p.describe()) + p;

        assertThat(shown).doesNotContain("hunter2", "ks-pw", "key-pw", "PRIVATE KEY", "KEY:SECRET", "cl1ent-pw")
                .contains("sasl.jaas.config = ****", "security.protocol = SASL_SSL", "ssl.truststore.location = /etc/ca.pem");
        assertThat(ClientProperties.isSecret("sasl.mechanism")).isFalse();
        assertThat(ClientProperties.isSecret("ssl.truststore.password")).isTrue();
    }

    @Test
    void anEntryThatContradictsAPinIsRefusedNamingItsKeyAndOrigin() throws IOException {
        Path f = file("acks=1\n");
        ClientProperties p = ClientProperties.load(f);

        assertThatThrownBy(() -> p.check(List.of(Pin.of("acks", "all", "every replica must have it"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("acks=1 (" + f + ") contradicts acks=all: every replica must have it");
        ClientProperties id = ClientProperties.fromEnvironment(Map.of("CHANNELSTREAM_KAFKA_CLIENT_TRANSACTIONAL_ID", "t"));
        assertThatThrownBy(() -> id.check(List.of(Pin.unset("transactional.id", "not transactional"))))
                .hasMessage("transactional.id (CHANNELSTREAM_KAFKA_CLIENT_TRANSACTIONAL_ID) cannot be set: not transactional");
        ClientProperties jaas = ClientProperties.fromEnvironment(Map.of("CHANNELSTREAM_KAFKA_CLIENT_SASL_JAAS_CONFIG", "pw"));
        assertThatThrownBy(() -> jaas.check(List.of(Pin.of("sasl.jaas.config", "other", "why"))))
                .hasMessageNotContaining("=pw").hasMessageContaining("sasl.jaas.config=****");
    }

    @Test
    void agreeingEntriesPassWhateverTheirSpelling() throws IOException {
        ClientProperties p = ClientProperties.load(file("acks=-1\nenable.idempotence=TRUE\n"
                + "bootstrap.servers=k1:9092, k2:9092\n"));

        p.check(List.of(Pin.of("acks", "all", "x"), Pin.of("enable.idempotence", true, "x"),
                Pin.of("bootstrap.servers", "k1:9092,k2:9092", "x")));
    }

    @Test
    void applyLayersDefaultsEntriesAndPins() throws IOException {
        ClientProperties p = ClientProperties.load(file("linger.ms=20\nsecurity.protocol=SSL\n"));

        Properties out = p.apply(Map.of("linger.ms", 0, "batch.size", 1024),
                List.of(Pin.of("acks", "all", "x"), Pin.unset("transactional.id", "x")));

        assertThat(out).containsEntry("linger.ms", "20").containsEntry("batch.size", 1024)
                .containsEntry("security.protocol", "SSL").containsEntry("acks", "all")
                .doesNotContainKey("transactional.id");
    }

    @Test
    void unknownKeysAreWarnedAboutWithTheLikelyName() throws IOException {
        Path f = file("sasl.mechanisms=PLAIN\nsasl.username=u\nschema.registry.url=https://sr\n"
                + "ssl.truststore.locaton=/x\nsasl.mechanism=PLAIN\n");

        List<String> warnings = ClientProperties.load(f).unknownKeys();

        assertThat(warnings).containsExactly(
                "'sasl.mechanisms' (" + f + ") is not a setting of Kafka's Java clients; it is passed on anyway;"
                        + " did you mean 'sasl.mechanism'?",
                "'sasl.username' (" + f + ") is not a setting of Kafka's Java clients; it is passed on anyway;"
                        + " did you mean 'sasl.jaas.config'?",
                "'schema.registry.url' (" + f + ") is not a setting of Kafka's Java clients; it is passed on anyway",
                "'ssl.truststore.locaton' (" + f + ") is not a setting of Kafka's Java clients; it is passed on anyway;"
                        + " did you mean 'ssl.truststore.location'?");
    }
}
