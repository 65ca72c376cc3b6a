package io.csgate.ingest.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.body.Bodies;
import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.sign.RecordSigner;
import io.csgate.common.json.Json;
import io.csgate.ingest.ExitCode;
import io.csgate.ingest.IngestContext;
import io.csgate.ingest.IngestException;
import io.csgate.ingest.config.ConnectionOptions;
import io.csgate.ingest.config.Settings;
import io.csgate.ingest.input.LineParser;
import io.csgate.ingest.kafka.EventSink;
import io.csgate.ingest.kafka.KafkaSink;
import io.csgate.ingest.kafka.Position;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the single-event commands share: validate the body with the gateway's rules (nothing is
 * produced when it fails), wrap it in an envelope, then print it ({@code --dry-run}) or produce it
 * and wait for its acknowledgement. Success prints one line on stdout naming the event and where
 * Kafka stored it.
 */
final class SingleEvent {

    private SingleEvent() {}

    /**
     * @param done what happened, for the success line ("published message … to channel …")
     * @return {@link ExitCode#OK}; failures are thrown as {@link IngestException}
     */
    static int produce(IngestContext context, CommandSpec spec, ConnectionOptions connection, Op op, JsonNode body,
                       String done) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Bodies.validate(op, body);
        } catch (ValidationException e) {
            throw IngestException.usage("invalid " + op.wireName() + " body, nothing produced: "
                    + Json.text(unwrapSingleItem(body, e.errors())));
        }
        String name = spec.qualifiedName();
        Settings settings = connection.resolve(context.env(), w -> err.println(name + ": warning: " + w));
        Envelope event = Envelope.of(UUID.randomUUID().toString(), op, Instant.now().truncatedTo(ChronoUnit.MICROS),
                LineParser.ORIGIN, body);
        byte[] value = EventCodec.encode(event);
        RecordSigner signer = connection.dryRun() ? null : connection.signer(settings);
        if (connection.dryRun()) {
            out.println(new String(value, StandardCharsets.UTF_8));
            out.flush();
            return ExitCode.OK;
        }
        Position at;
        try (EventSink sink = KafkaSink.open(context.producers(), settings, connection.timeout(),
                connection.connectTimeout())) {
            var acked = sink.send(value, signer.signBytes(value), 1, 0);
            sink.flush();
            try {
                at = acked.get(connection.timeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                String why = sink.deliveries().firstError() != null ? sink.deliveries().firstError() : e.toString();
                throw new IngestException(ExitCode.NOT_DELIVERED, "not acknowledged by Kafka at "
                        + settings.bootstrapServers() + " (" + why + "); 0 of 1 events produced");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IngestException(ExitCode.NOT_DELIVERED, "interrupted before Kafka acknowledged the event");
            }
        }
        out.println(done + " (event " + event.id() + " at " + at + ")");
        out.flush();
        return ExitCode.OK;
    }

    /** One-item arrays (what these commands send) report the item's errors, not {@code {"0": …}}. */
    private static Object unwrapSingleItem(JsonNode body, Map<String, Object> errors) {
        if (body.isArray() && body.size() == 1 && errors.size() == 1 && errors.containsKey("0")) {
            return errors.get("0");
        }
        return errors;
    }
}
