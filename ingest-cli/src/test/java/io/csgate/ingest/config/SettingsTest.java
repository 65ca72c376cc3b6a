package io.csgate.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.ingest.ExitCode;
import io.csgate.ingest.IngestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Settings resolve(Settings.Flags flags, Map<String, String> env) {
        return Settings.resolve(flags, env, true, warnings::add);
    }

    private static Settings.Flags none() {
        return new Settings.Flags(null, null, null, null);
    }

    private Path ini(String text) throws IOException {
        Path f = dir.resolve("config.ini");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsAreTheGateways() {
        Settings s = resolve(none(), Map.of("CHANNELSTREAM_SECRET", "s"));
        assertThat(s.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(s.topic()).isEqualTo("channelstream.events");
        assertThat(warnings).isEmpty();
    }

    @Test
    void noSecretAnywhereIsAUsageErrorSayingWhereToSetIt() throws IOException {
        assertThatThrownBy(() -> resolve(none(), Map.of()))
                .isInstanceOf(IngestException.class)
                .satisfies(e -> assertThat(((IngestException) e).exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("no secret configured: set CHANNELSTREAM_SECRET or pass --secret-file FILE (the gateways'"
                        + " secret), or -i the gateways' config.ini");
        Path ini = ini("[channelstream]\nport = 8000\n");
        assertThatThrownBy(() -> resolve(new Settings.Flags(null, null, null, ini), Map.of("CHANNELSTREAM_SECRET", "x")))
                .satisfies(e -> assertThat(((IngestException) e).exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("no secret in [channelstream] of " + ini + ": add 'secret = ...' there (the gateways'"
                        + " secret) or pass --secret-file FILE; CHANNELSTREAM_SECRET is ignored when an ini file is used");
    }

    @Test
    void environmentVariablesHaveTheGatewaysNames() {
        Settings s = resolve(none(), Map.of("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k1:9092, k2:9093",
                "CHANNELSTREAM_KAFKA_TOPIC", "events", "CHANNELSTREAM_SECRET", "s3cret"));
        assertThat(s).isEqualTo(new Settings("k1:9092,k2:9093", "events", "s3cret"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void anEmptyBootstrapMeansTheEmbeddedBrokerOnItsPort() {
        Settings s = resolve(none(), Map.of("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "",
                "CHANNELSTREAM_EMBEDDED_KAFKA_PORT", "19092", "CHANNELSTREAM_SECRET", "x"));
        assertThat(s.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThatThrownBy(() -> resolve(none(), Map.of("CHANNELSTREAM_EMBEDDED_KAFKA_PORT", "0")))
                .hasMessageContaining("CHANNELSTREAM_EMBEDDED_KAFKA_PORT is 0").hasMessageContaining("--bootstrap-servers");
    }

    @Test
    void flagsWinOverEverything() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "from-file\n");
        Settings s = resolve(new Settings.Flags("flag:1", "flag-topic", secret, null),
                Map.of("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:1", "CHANNELSTREAM_KAFKA_TOPIC", "env",
                        "CHANNELSTREAM_SECRET", "env-secret"));
        assertThat(s).isEqualTo(new Settings("flag:1", "flag-topic", "from-file"));
    }

    @Test
    void anIniFileIsReadLikeTheGatewaysAndTheEnvironmentIsThenIgnored() throws IOException {
        Path ini = ini("""
                [DEFAULT]
                host = kafka.internal

                [channelstream]
                ; the same file the gateway reads
                Secret = ini%%secret
                kafka_bootstrap_servers = %(host)s:9092,
                    other:9092
                kafka_topic: ini.events
                port = 8000
                """);
        Settings s = resolve(new Settings.Flags(null, null, null, ini), Map.of("CHANNELSTREAM_SECRET", "env"));
        assertThat(s.secret()).isEqualTo("ini%secret");
        assertThat(s.topic()).isEqualTo("ini.events");
        assertThat(s.bootstrapServers()).isEqualTo("kafka.internal:9092,other:9092");
        assertThat(warnings).singleElement().asString().contains("CHANNELSTREAM_SECRET").contains("ignored");
    }

    @Test
    void channelstreamIniNamesTheFile() throws IOException {
        Path ini = ini("[channelstream]\nsecret = named\n");
        Settings s = resolve(none(), Map.of("CHANNELSTREAM_INI", ini.toString()));
        assertThat(s.secret()).isEqualTo("named");
    }

    @Test
    void theSecretFileIsStrippedAndMustNotBeEmpty() throws IOException {
        Path f = dir.resolve("s");
        Files.writeString(f, "  \n");
        assertThatThrownBy(() -> resolve(new Settings.Flags(null, null, f, null), Map.of()))
                .isInstanceOf(IngestException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> resolve(new Settings.Flags(null, null, dir.resolve("missing"), null), Map.of()))
                .hasMessageContaining("cannot read --secret-file").hasMessageContaining("no such file");
    }

    @Test
    void theSecretIsNotReadForADryRunAndNeverPrinted() {
        Settings s = Settings.resolve(new Settings.Flags(null, null, dir.resolve("missing"), null), Map.of(), false,
                warnings::add);
        assertThat(s.secret()).isNull();
        assertThat(warnings).isEmpty();
        assertThat(new Settings("b:1", "t", "hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheirSource() throws IOException {
        assertThatThrownBy(() -> resolve(new Settings.Flags("nohost", null, null, null), Map.of()))
                .isInstanceOf(IngestException.class)
                .satisfies(e -> assertThat(((IngestException) e).exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("--bootstrap-servers: expected host:port");
        assertThatThrownBy(() -> resolve(none(), Map.of("CHANNELSTREAM_KAFKA_TOPIC", "bad topic")))
                .hasMessageContaining("CHANNELSTREAM_KAFKA_TOPIC: not a Kafka topic name");
        Path ini = ini("[channelstream]\nkafka_topic = a/b\n");
        assertThatThrownBy(() -> resolve(new Settings.Flags(null, null, null, ini), Map.of()))
                .hasMessageContaining("kafka_topic in [channelstream] of " + ini);
        Path noSection = ini("[other]\nsecret = x\n");
        assertThatThrownBy(() -> resolve(new Settings.Flags(null, null, null, noSection), Map.of()))
                .hasMessageContaining("has no [channelstream] section");
        assertThatThrownBy(() -> resolve(new Settings.Flags(null, null, null, dir.resolve("none.ini")), Map.of()))
                .hasMessageContaining("cannot read config file").hasMessageContaining("no such file");
        Path bad = ini("[channelstream]\njust words\n");
        assertThatThrownBy(() -> resolve(new Settings.Flags(null, null, null, bad), Map.of()))
                .hasMessageContaining("line 2: expected 'key = value'");
    }
}
