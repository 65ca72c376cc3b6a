package io.csgate.bench.scenario;

import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpResponse;
import io.csgate.bench.probe.GatewayProbe;
import io.csgate.bench.probe.GatewaySample;
import io.csgate.bench.probe.PrometheusText;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Limits;
import io.csgate.bench.run.Target;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Validly signed records with huge event ids, produced straight to the events topic: what once
 * ran every gateway out of memory after about 750 records of 700 KB, and again on each restart.
 * Reports whether the gateway stayed ready, how many it skipped ({@code decode}), how long that
 * took, its heap before and after, and whether it still applies a genuine message. Restarting a
 * gateway on the same log is measured by {@code bench startup} with {@code --events 0}.
 */
@Command(name = "hostile-ids", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Signed records with huge event ids straight to Kafka: the gateway must skip them and stay ready.")
public final class HostileIdsCommand extends ScenarioCommand {

    private static final Duration POLL = Duration.ofMillis(200);

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers of the gateway's events topic; loopback only.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = Topics.DEFAULT_EVENTS_TOPIC, paramLabel = "TOPIC",
            description = "Events topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--records", defaultValue = "2000", description = "Records to produce (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--id-bytes", defaultValue = "716800",
            description = "Length of each record's event id, in bytes (default: ${DEFAULT-VALUE}, 700 KB).")
    int idBytes;

    @Option(names = "--gateway-pid", description = "The gateway's pid: jcmd GC.run before heap readings, /proc RSS.")
    Long gatewayPid;

    @Option(names = "--metrics-path", defaultValue = "/metrics", description = "Prometheus endpoint (default: ${DEFAULT-VALUE}).")
    String metricsPath;

    @Override
    protected void validate() {
        Target.checkBootstrap(bootstrapServers);
        Limits.check("--records", records, 1, 1_000_000);
        Limits.check("--id-bytes", idBytes, 1, 900 * 1024);
        if (gatewayPid != null && !ProcessHandle.of(gatewayPid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalArgumentException("--gateway-pid " + gatewayPid + " is not a running process");
        }
    }

    @Override
    protected Duration expectedLength() {
        // about 50 MB/s through a broker on the same machine, and as much again for the gateway
        return Duration.ofSeconds(30 + 2L * records * idBytes / 50_000_000L);
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        String channel = "bench-" + ctx.runId() + "-hostile";
        Report report = new Report("hostile-ids").param("url", ctx.target().base().toString())
                .param("topic", topic).param("records", records).param("id_bytes", idBytes)
                .param("gateway_pid", gatewayPid == null ? "none (heap without forced GC, no RSS)" : gatewayPid)
                .param("run_id", ctx.runId());
        try (ChannelstreamApi api = new ChannelstreamApi(ctx.target(), ctx.secret(), 2, Duration.ofSeconds(15),
                ctx.deadline())) {
            api.connect("bench-" + ctx.runId() + "-hostile", List.of(channel));
            GatewayProbe probe = new GatewayProbe(api, metricsPath,
                    gatewayPid == null ? OptionalLong.empty() : OptionalLong.of(gatewayPid));
            GatewaySample before = probe.sample(true);
            double skippedBefore = decodeRejections(api);
            long t0 = System.nanoTime();
            int[] notReady = new int[1];
            ctx.progress("producing " + records + " signed records with " + idBytes + "-byte ids to " + topic);
            produce(ctx, channel, () -> pollReady(api, notReady));
            long produced = System.nanoTime();
            ctx.progress("waiting for the gateway to skip them");
            double skipped;
            while ((skipped = decodeRejections(api) - skippedBefore) < records) {
                pollReady(api, notReady);
                ctx.deadline().check("waiting for " + records + " decode rejections (" + (long) skipped + " so far)");
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
            long done = System.nanoTime();
            HttpResponse genuine = api.post("/message", ("[{\"channel\":\"" + channel + "\",\"user\":\"bench\","
                    + "\"message\":{\"text\":\"genuine\"}}]").getBytes(StandardCharsets.UTF_8));
            GatewaySample after = probe.sample(true);
            report.value("skipped", "records skipped as decode", skipped, "")
                    .value("produce_s", "time to produce them", (produced - t0) / 1e9, "s")
                    .value("skip_all_s", "time until the gateway skipped all", (done - t0) / 1e9, "s")
                    .value("not_ready_polls", "/readyz answers other than 200 meanwhile", notReady[0], "")
                    .value("genuine_status", "POST /message afterwards", genuine.status(), "")
                    .value("heap_before_mb", "gateway heap before", before.heapBytes() / 1e6, "MB")
                    .value("heap_after_mb", "gateway heap after", after.heapBytes() / 1e6, "MB")
                    .value("rss_before_mb", "gateway RSS before", before.rssBytes() / 1e6, "MB")
                    .value("rss_after_mb", "gateway RSS after", after.rssBytes() / 1e6, "MB");
            if (genuine.status() != 200) {
                report.note("POST /message answered " + genuine.status() + ": " + genuine.excerpt(200));
            }
            if (!probe.hasPid()) {
                report.note("no --gateway-pid: heap read without a forced GC, no RSS");
            }
            report.note("a restart on this log: bench startup --events 0 --gateway-command ... --ready-url ...");
        }
        return report;
    }

    private void produce(RunContext ctx, String channel, Runnable between) throws InterruptedException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(idBytes + 64 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "csgate-bench-hostile");
        RecordSigner signer = new RecordSigner(ctx.secret());
        byte[] filler = new byte[idBytes - 10];
        Arrays.fill(filler, (byte) 'x');
        String idStem = new String(filler, StandardCharsets.US_ASCII);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Future<RecordMetadata> last = null;
            for (int i = 0; i < records; i++) {
                // a fresh id and time each: as a valid producer's records, only the id is too long
                String value = "{\"v\":1,\"id\":\"" + idStem + String.format("%010d", i) + "\",\"op\":\"message\","
                        + "\"time\":\"" + Instant.now() + "\",\"origin\":\"csgate-bench\",\"body\":[{\"channel\":\""
                        + channel + "\",\"user\":\"bench\",\"message\":{\"n\":" + i + "}}]}";
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, bytes);
                r.headers().add(Topics.SIGNATURE_HEADER, signer.signBytes(bytes));
                last = producer.send(r);
                if (i % 100 == 99) {
                    between.run();
                    ctx.deadline().check("producing");
                }
            }
            producer.flush();
            last.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchException("producing to " + topic + " failed: " + e, e);
        }
    }

    private double decodeRejections(ChannelstreamApi api) throws InterruptedException {
        HttpResponse r = api.get(metricsPath);
        if (r.status() != 200) {
            throw new BenchException("GET " + metricsPath + " answered " + r.status());
        }
        return PrometheusText.sum(r.text(), "csgate_records_rejected_total", "reason=\"decode\"").orElse(0);
    }

    private static void pollReady(ChannelstreamApi api, int[] notReady) {
        try {
            if (api.get("/readyz").status() != 200) {
                notReady[0]++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            notReady[0]++;
        }
    }
}
