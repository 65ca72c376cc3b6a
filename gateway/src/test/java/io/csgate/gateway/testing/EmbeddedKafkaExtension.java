package io.csgate.gateway.testing;

import io.csgate.gateway.log.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded KRaft broker per test JVM, started on first use and stopped when the JVM's
 * tests are done. Tests that need Kafka declare {@code @ExtendWith(EmbeddedKafkaExtension.class)}
 * and read {@link #bootstrapServers()}; each test uses its own topic names.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback {

    private static EmbeddedKafka broker;
    private static Path dataDir;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent("csgate-embedded-kafka", k -> (AutoCloseable) EmbeddedKafkaExtension::stop);
    }

    public static synchronized EmbeddedKafka start() {
        if (broker == null) {
            try {
                dataDir = Files.createTempDirectory("csgate-test-kafka");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker = EmbeddedKafka.start(dataDir, 0, 0);
        }
        return broker;
    }

    public static String bootstrapServers() {
        return start().bootstrapServers();
    }

    private static synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder; the OS cleans it eventually
        }
    }
}
