package io.csgate.ingest.config;

import io.csgate.common.kafka.ClientProperties;
import io.csgate.ingest.IngestException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Kafka client settings of a command, read as the gateway reads its own: the properties file
 * named by {@code --kafka-client-properties} (else by {@code kafka_client_properties} in the ini
 * file or {@code CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES}), then the
 * {@code CHANNELSTREAM_KAFKA_CLIENT_<NAME>} variables, which win.
 */
final class KafkaClientFile {

    private KafkaClientFile() {}

    /**
     * @param flag the {@code --kafka-client-properties} file, or null
     * @param configured the file named by the ini file or the environment, or null/blank
     * @param where how to name {@code configured} in an error
     * @param env the variables to read entries from (empty with an ini file)
     * @throws IngestException (usage) for an unreadable file or a malformed variable name
     */
    static ClientProperties read(Path flag, String configured, String where, Map<String, String> env,
                                 Consumer<String> warnings) {
        ClientProperties file = ClientProperties.NONE;
        if (flag != null) {
            file = load(flag, "--kafka-client-properties");
        } else if (configured != null && !configured.isBlank()) {
            try {
                file = load(Path.of(configured.strip()), where);
            } catch (InvalidPathException e) {
                throw IngestException.usage(where + ": not a path: '" + configured.strip() + "'");
            }
        }
        ClientProperties all;
        try {
            all = file.overriddenBy(ClientProperties.fromEnvironment(env));
        } catch (IllegalArgumentException e) {
            throw IngestException.usage(e.getMessage());
        }
        all.unreadableStore().ifPresent(problem -> {
            throw IngestException.usage("invalid Kafka client setting: " + problem);
        });
        all.unknownKeys().forEach(warnings);
        return all;
    }

    private static ClientProperties load(Path file, String where) {
        try {
            return ClientProperties.load(file);
        } catch (IOException e) {
            throw IngestException.usage("cannot read the Kafka client properties '" + file + "' (" + where + "): "
                    + Settings.reason(e));
        }
    }
}
