package io.csgate.bench.scenario;

import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpResponse;
import io.csgate.bench.latency.MicroClock;
import io.csgate.bench.publish.KafkaBurst;
import io.csgate.bench.publish.PublishSpec;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.run.Target;
import io.csgate.bench.ws.WsClient;
import io.csgate.bench.ws.WsClientConfig;
import io.csgate.bench.ws.WsConnection;
import io.csgate.common.event.Topics;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A resume from the log (docs/protocol.md §9.1): a user on one channel (history of 5) receives a
 * marker message and keeps its {@code position}, its socket closes, N messages are published
 * (REST batches in order, or straight to Kafka), then {@code /connect} with {@code resume_from}
 * and a new socket. Reports the time until the first and until all N catch-up events arrived, and
 * checks they are exactly the N missed ones, in order, each once, followed by a live one.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A user misses N messages, then /connect with resume_from: time to the first and to all N"
                + " catch-up events, exactly N, in order, no duplicates, then live.")
public final class ResumeCommand extends ScenarioCommand {

    @Option(names = "--messages", defaultValue = "100000", description = "Messages missed (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--batch", defaultValue = "100", description = "Messages per request (REST) or record"
            + " (--bootstrap-servers) (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Produce the missed messages"
            + " straight to the events topic of this Kafka (loopback only) instead of POST /message.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = Topics.DEFAULT_EVENTS_TOPIC, paramLabel = "TOPIC",
            description = "Events topic for --bootstrap-servers (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--drain", defaultValue = "5m", converter = DurationConverter.class,
            description = "Longest wait, from the resuming /connect, for every catch-up event (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Override
    protected void validate() {
        Limits.check("--messages", messages, 1, 50_000_000);
        Limits.check("--batch", batch, 1, Limits.MAX_BATCH);
        Limits.check("--drain", drain, Duration.ofSeconds(1), Limits.MAX_DURATION);
        if (bootstrapServers != null) {
            Target.checkBootstrap(bootstrapServers);
        }
    }

    @Override
    protected Duration expectedLength() {
        // publishing: REST batches in order take about 10 ms each on a busy machine
        return Duration.ofMillis(10L * (messages / batch + 1)).plusMinutes(1).plus(drain);
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        String user = "resume-" + ctx.runId();
        String channel = "resume-" + ctx.runId();
        Report report = new Report("resume").param("url", ctx.target().base().toString()).param("messages", messages)
                .param("batch", batch).param("via", bootstrapServers != null ? "kafka" : "rest")
                .param("run_id", ctx.runId());
        WsClientConfig ws = WsClientConfig.defaults().withHeartbeat(Duration.ofSeconds(10));
        try (ChannelstreamApi api = new ChannelstreamApi(ctx.target(), ctx.secret(), 2, Duration.ofSeconds(30),
                ctx.deadline());
             WsClient client = new WsClient(ws)) {
            ctx.progress("connecting " + user + " and waiting for a first position");
            ResumeReader first = new ResumeReader(messages);
            WsConnection socket = open(ctx, client, connect(api, user, channel, null).connId, first);
            publish(api, channel, -1, 1);
            if (!first.awaitMarker(ctx.deadline().capMillis(Duration.ofSeconds(30)))) {
                throw new BenchException("the first message never arrived with a position"
                        + (first.problem != null ? ": " + first.problem : " (does the server send positions?)"));
            }
            String position = first.markerPosition;
            socket.close();
            ctx.progress("position " + position + "; socket closed; publishing " + messages + " missed messages");
            long s0 = System.nanoTime();
            sendMissed(ctx, api, channel, report);
            report.value("send_seconds", "publishing the missed messages, to the last acknowledgement",
                    (System.nanoTime() - s0) / 1e9, "s");
            long a0 = System.nanoTime();
            // read-your-writes: answered once the gateway applied everything before it in the log
            publishState(api, user);
            report.value("apply_wait_seconds", "then until the gateway had applied them",
                    (System.nanoTime() - a0) / 1e9, "s");
            resume(ctx, api, client, user, channel, position, report);
        }
        return report;
    }

    private void resume(RunContext ctx, ChannelstreamApi api, WsClient client, String user, String channel,
                        String position, Report report) throws InterruptedException {
        ctx.progress("resuming from " + position);
        ResumeReader reader = new ResumeReader(messages);
        long t0 = System.nanoTime();
        Connected again = connect(api, user, channel, position);
        long connected = System.nanoTime();
        report.value("resumed", "the /connect answered resumed", again.resumed == null ? "(absent)" : again.resumed, "")
                .value("connect_ms", "resuming /connect answered after", (connected - t0) / 1e6, "ms");
        if (!Boolean.TRUE.equals(again.resumed)) {
            throw new BenchException("the resuming /connect answered resumed: " + again.resumed
                    + " (a resume beyond the server's resume_max_events, or a server without resume)");
        }
        open(ctx, client, again.connId, reader);
        boolean all = reader.awaitCaughtUp(ctx.deadline().capMillis(drain));
        publish(api, channel, messages, 1);
        boolean live = reader.awaitLive(ctx.deadline().capMillis(Duration.ofSeconds(30)));
        if (reader.firstCatchup != 0) {
            report.value("first_catchup_ms", "first catch-up event after", (reader.firstCatchup - t0) / 1e6, "ms");
        }
        if (all) {
            double seconds = (reader.lastCatchup - t0) / 1e9;
            report.value("resume_seconds", "all catch-up events delivered after", seconds, "s")
                    .value("catchup_msgs_per_s", "catch-up events/s", messages / Math.max(1e-9, seconds), "msg/s");
        }
        report.value("catchup", "catch-up events of the missed messages", reader.catchup, "")
                .value("missing", "missed messages not delivered", messages - reader.catchup, "")
                .value("duplicates", "missed messages delivered again", reader.duplicates, "")
                .value("out_of_order", "missed messages out of order", reader.outOfOrder, "")
                .value("extra", "catch-up events not among the missed ones", reader.extra, "")
                .value("missed_as_live", "missed messages without catchup: true", reader.missedLive, "")
                .value("catchup_after_live", "catch-up events after a live one", reader.catchupAfterLive, "")
                .value("without_position", "messages without a position", reader.withoutPosition, "")
                .value("live_after", "the live message after the catch-up arrived", live, "");
        if (reader.problem != null) {
            report.note(reader.problem);
        }
        if (!all) {
            report.note((messages - reader.catchup) + " catch-up events missing after the " + Limits.human(drain)
                    + " drain");
        }
    }

    private record Connected(String connId, Boolean resumed) {}

    private Connected connect(ChannelstreamApi api, String user, String channel, String resumeFrom)
            throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user);
        body.put("channels", List.of(channel));
        body.put("channel_configs", Map.of(channel, Map.of("store_history", true, "history_size", 5)));
        body.put("info", Map.of("include_history", false, "include_users", false));
        if (resumeFrom != null) {
            body.put("resume_from", resumeFrom);
        }
        HttpResponse r = api.post("/connect", Json.bytes(body));
        if (r.status() != 200) {
            throw new BenchException("POST /connect answered " + r.status() + ": " + r.excerpt(300));
        }
        try {
            var answer = Json.parse(r.body());
            var resumed = answer.get("resumed");
            return new Connected(answer.path("conn_id").asText(),
                    resumed == null || !resumed.isBoolean() ? null : resumed.booleanValue());
        } catch (IOException e) {
            throw new BenchException("POST /connect answered with bad JSON: " + r.excerpt(300));
        }
    }

    private WsConnection open(RunContext ctx, WsClient client, String connId, ResumeReader reader)
            throws InterruptedException {
        Target t = ctx.target();
        try {
            return client.connect(t.socketAddress(), t.hostHeader(), "/ws?conn_id=" + URLEncoder.encode(connId,
                    StandardCharsets.UTF_8), reader, 0).get(ctx.deadline().capMillis(Duration.ofSeconds(30)),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchException("cannot open /ws for " + connId + ": " + e, e);
        }
    }

    private void sendMissed(RunContext ctx, ChannelstreamApi api, String channel, Report report)
            throws InterruptedException {
        if (bootstrapServers != null) {
            try (KafkaBurst k = new KafkaBurst(bootstrapServers, topic, ctx.secret())) {
                KafkaBurst.Result r = k.send(new String[] {channel}, messages, batch, 0, ctx.deadline());
                if (r.failed() > 0) {
                    throw new BenchException(r.failed() + " messages not acknowledged by Kafka: " + r.firstError());
                }
            }
            return;
        }
        // one request at a time: the log then holds them in seq order, which the check relies on
        for (long first = 0; first < messages; first += batch) {
            ctx.deadline().check("publishing the missed messages");
            publish(api, channel, first, (int) Math.min(batch, messages - first));
        }
    }

    private static void publish(ChannelstreamApi api, String channel, long firstSeq, int n)
            throws InterruptedException {
        List<Map<String, Object>> items = new ArrayList<>(n);
        long micros = MicroClock.now();
        for (int j = 0; j < n; j++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("channel", channel);
            item.put("user", PublishSpec.SENDER);
            item.put("message", Map.of("t", micros, "seq", firstSeq + j));
            items.add(item);
        }
        HttpResponse r = api.post("/message", Json.bytes(items));
        if (r.status() != 200) {
            throw new BenchException("POST /message answered " + r.status() + ": " + r.excerpt(300));
        }
    }

    private static void publishState(ChannelstreamApi api, String user) throws InterruptedException {
        HttpResponse r = api.post("/user_state", Json.bytes(Map.of("user", user,
                "user_state", Map.of("resumed_at", MicroClock.now()))));
        if (r.status() != 200) {
            throw new BenchException("POST /user_state answered " + r.status() + ": " + r.excerpt(300));
        }
    }
}
