package io.csgate.bench.scenario;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpResponse;
import io.csgate.bench.probe.PrometheusText;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Samples the gateway while a burst runs, on its own thread: the largest used heap
 * ({@code jvm_memory_used_bytes{area="heap"}}, as it is, no GC forced), bytes waiting for its
 * websockets ({@code csgate_websocket_queued_bytes}) and, with its pid, resident memory. Also
 * reads counters before and after: seconds the log was held back, slow-consumer closes.
 */
final class GatewayPeaks implements AutoCloseable {

    private final ChannelstreamApi api;
    private final OptionalLong pid;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double heap = Double.NaN;
    private volatile double queued = Double.NaN;
    private volatile double rss = Double.NaN;
    private volatile String error;

    GatewayPeaks(ChannelstreamApi api, OptionalLong pid, long everyMillis) {
        this.api = api;
        this.pid = pid;
        this.thread = new Thread(() -> loop(everyMillis), "bench-gateway-peaks");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(long everyMillis) {
        while (running) {
            try {
                String text = metrics(api);
                heap = max(heap, PrometheusText.sum(text, "jvm_memory_used_bytes", "area=\"heap\"").orElse(Double.NaN));
                queued = max(queued, PrometheusText.sum(text, "csgate_websocket_queued_bytes", null).orElse(Double.NaN));
                if (pid.isPresent()) {
                    rss = max(rss, io.csgate.bench.probe.GatewayProbe.procRss(pid.getAsLong()));
                }
                TimeUnit.MILLISECONDS.sleep(everyMillis);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                error = e.getMessage(); // a sample missed; the next one may work
            }
        }
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** The gateway's Prometheus text, or "" when it did not answer. */
    static String metrics(ChannelstreamApi api) throws InterruptedException {
        HttpResponse r = api.get("/metrics");
        return r.status() == 200 ? r.text() : "";
    }

    /** A counter's value now (summed over label sets containing {@code label}), or NaN. */
    static double counter(ChannelstreamApi api, String name, String label) throws InterruptedException {
        return PrometheusText.sum(metrics(api), name, label).orElse(Double.NaN);
    }

    double heapPeak() {
        return heap;
    }

    double queuedPeak() {
        return queued;
    }

    double rssPeak() {
        return rss;
    }

    String lastError() {
        return error;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
