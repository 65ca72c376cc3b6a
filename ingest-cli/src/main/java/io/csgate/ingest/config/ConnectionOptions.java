package io.csgate.ingest.config;

import io.csgate.common.sign.RecordSigner;
import io.csgate.ingest.IngestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options every producing command shares (a picocli mixin): where to produce, how to sign. */
public final class ConnectionOptions {

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]", order = 100,
            description = "Kafka bootstrap servers (kafka_bootstrap_servers; default: a gateway's embedded"
                    + " broker, 127.0.0.1:embedded_kafka_port)")
    String bootstrapServers;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", order = 101,
            description = "events topic (kafka_topic; default channelstream.events)")
    String topic;

    @Option(names = "--secret-file", paramLabel = "FILE", order = 102,
            description = "file holding the shared secret; else CHANNELSTREAM_SECRET or secret in the ini file")
    Path secretFile;

    @Option(names = "--key-name", paramLabel = "NAME", order = 106,
            description = "sign with this producer's own key (one of the gateways' producer_keys); the secret"
                    + " is then that key's. Default: the shared secret")
    String keyName;

    @Option(names = {"-i", "--ini"}, paramLabel = "FILE", order = 103,
            description = "the gateway's config.ini ([channelstream] section; also CHANNELSTREAM_INI)")
    Path ini;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", order = 104,
            description = "how long Kafka may take to accept and acknowledge a record (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--kafka-client-properties", paramLabel = "FILE", order = 106,
            description = "Kafka client settings (security.protocol, sasl.*, ssl.*, ...) as a properties file, as for"
                    + " the gateway (kafka_client_properties; also CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES and"
                    + " CHANNELSTREAM_KAFKA_CLIENT_<NAME> variables)")
    Path kafkaClientProperties;

    @Option(names = "--dry-run", order = 105,
            description = "validate only: connect to nothing, produce nothing")
    boolean dryRun;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10", order = 106,
            description = "how long to try reaching Kafka before anything is sent (default ${DEFAULT-VALUE})")
    int connectTimeoutSeconds;

    public boolean dryRun() {
        return dryRun;
    }

    /** The Kafka timeout; at least one second. */
    public Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /** How long to try reaching Kafka first; at least one second. */
    public Duration connectTimeout() {
        return Duration.ofSeconds(Math.max(1, connectTimeoutSeconds));
    }

    /**
     * The record signer for {@code settings}: the shared secret ({@code v1=...}), or with
     * {@code --key-name} a named producer key ({@code key=NAME,v1=...}).
     *
     * @throws IngestException (usage) for a bad key name
     */
    public RecordSigner signer(Settings settings) {
        try {
            return new RecordSigner(keyName, settings.secret());
        } catch (IllegalArgumentException e) {
            throw IngestException.usage("--key-name: " + e.getMessage());
        }
    }

    /** See {@link Settings#resolve}; the secret is not read for {@code --dry-run}. */
    public Settings resolve(Map<String, String> env, Consumer<String> warnings) {
        return Settings.resolve(new Settings.Flags(bootstrapServers, topic, secretFile, ini, kafkaClientProperties), env,
                !dryRun, warnings);
    }
}
