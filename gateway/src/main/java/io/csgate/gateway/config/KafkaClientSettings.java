package io.csgate.gateway.config;

import io.csgate.common.kafka.ClientProperties;
import io.csgate.gateway.log.KafkaClients;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * Reads the operator's Kafka client settings ({@code kafka_client_properties} and the
 * {@code CHANNELSTREAM_KAFKA_CLIENT_*} entries, which win over the file's) and refuses, at load,
 * what the gateway cannot run with: an unreadable file, settings without an external cluster, an
 * entry that contradicts what the gateway's clients depend on ({@link KafkaClients#check}).
 */
final class KafkaClientSettings {

    private KafkaClientSettings() {}

    static ClientProperties read(ConfigValues v, String path, ClientProperties variables, String bootstrap) {
        ClientProperties file = ClientProperties.NONE;
        if (!path.isEmpty()) {
            try {
                file = ClientProperties.load(Path.of(path));
            } catch (InvalidPathException e) {
                throw v.invalid(ConfigKey.KAFKA_CLIENT_PROPERTIES, "is not a path: " + e.getReason());
            } catch (NoSuchFileException e) {
                throw v.invalid(ConfigKey.KAFKA_CLIENT_PROPERTIES, "cannot be read: no such file");
            } catch (AccessDeniedException e) {
                throw v.invalid(ConfigKey.KAFKA_CLIENT_PROPERTIES, "cannot be read: permission denied");
            } catch (IOException e) {
                throw v.invalid(ConfigKey.KAFKA_CLIENT_PROPERTIES, "cannot be read: " + e.getMessage());
            }
        }
        ClientProperties all = file.overriddenBy(variables);
        if (all.isEmpty()) {
            return all;
        }
        if (bootstrap.isEmpty()) {
            TreeSet<String> origins = new TreeSet<>();
            all.entries().values().forEach(e -> origins.add(e.origin()));
            throw new ConfigException("Kafka client settings are given (" + String.join(", ", origins)
                    + ") but kafka_bootstrap_servers is empty, which starts the embedded broker (plain"
                    + " connections only): set kafka_bootstrap_servers to the cluster"
                    + all.value("bootstrap.servers").map(b -> " (" + b.strip() + ")").orElse(""));
        }
        try {
            KafkaClients.check(all, bootstrap);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid Kafka client setting: " + e.getMessage());
        }
        all.unreadableStore().ifPresent(problem -> {
            throw new ConfigException("invalid Kafka client setting: " + problem);
        });
        all.unknownKeys().forEach(v::warn);
        return all;
    }
}
