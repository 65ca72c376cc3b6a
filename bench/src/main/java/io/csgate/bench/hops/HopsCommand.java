package io.csgate.bench.hops;

import io.csgate.bench.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench hops FILE.jfr}: the per-hop account of a gateway's publish path from a JFR
 * recording with {@code csgate.Hop} and {@code csgate.LaneDrain} on (docs/benchmarks.md shows how
 * to record one). Prints a table and one JSON line like the scenarios.
 */
@Command(name = "hops", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per-hop times of the publish path from a gateway's JFR recording (csgate.Hop and"
                + " csgate.LaneDrain events on)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the file cannot be read", "2:bad options"})
public final class HopsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording of the gateway.")
    private Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(file)) {
            err.println("cannot read " + file);
            return 1;
        }
        HopAccount account = new HopAccount();
        int hops = 0;
        int drains = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("csgate.Hop")) {
                    account.hop(e.getString("point"), e.getString("eventId"), nanos(e.getStartTime()));
                    hops++;
                } else if (type.equals("csgate.LaneDrain")) {
                    account.drain(e.getLong("stagedFor"), e.getDuration().toNanos());
                    drains++;
                }
            }
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        Report report = new Report("hops").param("file", file.toString()).param("hop_events", hops)
                .param("lane_drains", drains).param("events", account.events());
        if (hops == 0) {
            report.note("no csgate.Hop events: was the recording started with csgate.Hop#enabled=true?");
        }
        account.segments().forEach((s, h) -> report.latency(s.from() + "_to_" + s.to(),
                s.from() + " -> " + s.to() + " (" + s.what() + ")", h));
        Histogram wake = account.laneWake();
        if (wake.getTotalCount() > 0) {
            report.latency("lane_wake", "lane: first frame staged -> IO thread drains", wake);
            report.latency("lane_write", "lane: drain (hand-over + socket writes)", account.laneDrain());
        }
        report.print(out);
        return 0;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
