package io.csgate.ingest;

import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordVerifier;
import io.csgate.common.sign.SigningKey;
import io.csgate.ingest.kafka.ProducerFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * Runs {@code ingest} in-process through picocli's {@code execute(...)}, with captured out/err,
 * a given environment and stdin, and {@link MockProducer}s instead of Kafka.
 */
public final class Cli {

    public static final String SECRET = "cli-test-secret";
    /** A producer key of its own, which {@link #events} also accepts. */
    public static final String KEY_NAME = "billing";
    public static final String KEY_SECRET = "billing-key-secret";

    private final Map<String, String> env = new HashMap<>(Map.of("CHANNELSTREAM_SECRET", SECRET));
    private byte[] stdin = new byte[0];
    private boolean terminal;
    private Supplier<MockProducer<byte[], byte[]>> producers = () -> new MockProducer<>(true, null,
            new ByteArraySerializer(), new ByteArraySerializer());
    private final List<MockProducer<byte[], byte[]>> made = new ArrayList<>();
    private final List<Properties> configs = new ArrayList<>();

    /** What one run printed and returned. */
    public record Run(int exit, String out, String err) {}

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Cli withoutEnv(String name) {
        env.remove(name);
        return this;
    }

    public Cli stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public Cli terminal(boolean t) {
        terminal = t;
        return this;
    }

    public Cli producers(Supplier<MockProducer<byte[], byte[]>> factory) {
        producers = factory;
        return this;
    }

    public Run run(String... args) {
        ProducerFactory factory = p -> {
            configs.add(p);
            MockProducer<byte[], byte[]> m = producers.get();
            made.add(m);
            return m;
        };
        IngestContext ctx = new IngestContext(env, new ByteArrayInputStream(stdin), factory, terminal);
        CommandLine cl = IngestMain.commandLine(ctx);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Producers made so far (none for --dry-run). */
    public List<MockProducer<byte[], byte[]>> producersMade() {
        return made;
    }

    public List<Properties> producerConfigs() {
        return configs;
    }

    /** Every record the runs produced, in order. */
    public List<ProducerRecord<byte[], byte[]>> records() {
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>();
        made.forEach(m -> all.addAll(m.history()));
        return all;
    }

    /** The records decoded, after checking each one's signature as a gateway does. */
    public List<Envelope> events() {
        // as a gateway that knows the shared secret and one producer key, "billing", does
        RecordVerifier verifier = new RecordVerifier(List.of(SigningKey.shared(SECRET),
                new SigningKey(KEY_NAME, KEY_SECRET, null)));
        List<Envelope> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : records()) {
            Header sig = r.headers().lastHeader(Topics.SIGNATURE_HEADER);
            if (sig == null || verifier.verify(r.value(), sig.value(), null) != RecordVerifier.Verdict.VALID) {
                throw new AssertionError("record without a valid signature: " + new String(r.value(), StandardCharsets.UTF_8));
            }
            out.add(EventCodec.decode(r.value()));
        }
        return out;
    }
}
