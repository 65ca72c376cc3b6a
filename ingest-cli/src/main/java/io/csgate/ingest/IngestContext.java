package io.csgate.ingest;

import io.csgate.ingest.kafka.ProducerFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

/**
 * What a command reads from the world besides its options: the environment ({@code CHANNELSTREAM_*}
 * settings), standard input, how Kafka producers are made, and whether a person is watching (a
 * terminal: progress bar instead of a plain summary). Tests pass their own.
 *
 * @param terminal whether standard streams are attached to a terminal
 */
public record IngestContext(Map<String, String> env, InputStream stdin, ProducerFactory producers, boolean terminal) {

    public IngestContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(producers, "producers");
    }

    /** The process's own environment, stdin and real Kafka producers. */
    public static IngestContext system() {
        return new IngestContext(System.getenv(), System.in, ProducerFactory.kafka(), System.console() != null);
    }

    /** Real Kafka producers, the given environment, empty stdin, no terminal. */
    public static IngestContext of(Map<String, String> env) {
        return new IngestContext(env, new ByteArrayInputStream(new byte[0]), ProducerFactory.kafka(), false);
    }
}
