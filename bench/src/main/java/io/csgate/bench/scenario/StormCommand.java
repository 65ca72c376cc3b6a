package io.csgate.bench.scenario;

import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.run.Target;
import io.csgate.bench.storm.Storm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A gateway holding many sockets dies (SIGKILL of {@code --victim-pid}); its clients call
 * {@code POST /connect} again on the surviving gateways at once. Measures how long until every one
 * of them receives a message again, and whether the survivors keep their own sockets open and keep
 * answering REST meanwhile. All gateways must share one broker, which must not live in the victim's
 * process (an embedded broker dies with its gateway).
 */
@Command(name = "storm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reconnect storm: SIGKILL the gateway at --url (--victim-pid); its clients reconnect"
                + " through POST /connect on the --survivors at once. Time until all receive again; the"
                + " survivors' sockets and REST meanwhile.",
                "The gateways must share one broker that does not run inside the victim's process."})
public final class StormCommand extends ScenarioCommand {

    @Option(names = "--survivors", required = true, split = ",", paramLabel = "URL[,URL...]",
            description = "Base URLs of the gateways that stay up (loopback hosts only).")
    List<String> survivorUrls;

    @Option(names = "--victim-pid", required = true, paramLabel = "PID",
            description = "Process id of the gateway at --url; it is killed with SIGKILL.")
    long victimPid;

    @Option(names = "--victim-sockets", defaultValue = "10000", description = "Clients on the victim"
            + " (default: ${DEFAULT-VALUE}).")
    int victims;

    @Option(names = "--survivor-sockets", defaultValue = "2000", description = "Clients on the survivors,"
            + " spread evenly; they must stay open (default: ${DEFAULT-VALUE}).")
    int survivors;

    @Option(names = "--channels", defaultValue = "100", description = "Channels; client k is in channel"
            + " k mod N, so every channel has clients on the victim and on survivors (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--connect-concurrency", defaultValue = "16", description = "Clients opened at once per"
            + " gateway before the kill (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(names = "--reconnect-concurrency", defaultValue = "64", description = "Clients reconnecting at"
            + " once after the kill; the others queue (default: ${DEFAULT-VALUE}).")
    int reconnectThreads;

    @Option(names = "--reconnect-spread", defaultValue = "0s", converter = DurationConverter.class,
            description = "Each client waits a random time below this before reconnecting; 0 = at once"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration spread;

    @Option(names = "--socket-elsewhere", description = "Open each reconnecting client's socket on another"
            + " survivor than the one that answered its POST /connect, as behind a load balancer without"
            + " affinity (needs two survivors).")
    boolean elsewhere;

    @Option(names = "--presence", description = "Channels announce joins and parts (notify_presence): the"
            + " survivors send a parted for every client not back when the victim is declared down.")
    boolean presence;

    @Option(names = "--publish-every", defaultValue = "500ms", converter = DurationConverter.class,
            description = "One message to every channel this often (default: ${DEFAULT-VALUE}).")
    Duration publishEvery;

    @Option(names = "--probe-every", defaultValue = "100ms", converter = DurationConverter.class,
            description = "A POST /info to each survivor this often (default: ${DEFAULT-VALUE}).")
    Duration probeEvery;

    @Option(names = "--before", defaultValue = "5s", converter = DurationConverter.class,
            description = "Publishing and probing before the kill (default: ${DEFAULT-VALUE}).")
    Duration before;

    @Option(names = "--hold", defaultValue = "30s", converter = DurationConverter.class,
            description = "Least time watched after the kill; longer than the gateways' gateway_down_after,"
                    + " so their handling of the dead gateway is inside it (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--limit", defaultValue = "3m", converter = DurationConverter.class,
            description = "Most time waited after the kill for all clients to receive again"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration limit;

    @Option(names = "--io-threads", defaultValue = "1", description = "Selector threads of the websocket"
            + " client (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Override
    protected void validate() {
        Limits.check("--victim-sockets", victims, 1, Limits.MAX_SOCKETS_PER_PROCESS);
        Limits.check("--survivor-sockets", survivors, 0, Limits.MAX_SOCKETS_PER_PROCESS - victims);
        Limits.check("--channels", channels, 1, Limits.MAX_CHANNELS);
        Limits.check("--connect-concurrency", connectConcurrency, 1, Limits.MAX_CONCURRENCY);
        Limits.check("--reconnect-concurrency", reconnectThreads, 1, Limits.MAX_CONCURRENCY);
        Limits.check("--reconnect-spread", spread, Duration.ZERO, Duration.ofMinutes(2));
        Limits.check("--publish-every", publishEvery, Duration.ofMillis(10), Duration.ofSeconds(10));
        Limits.check("--probe-every", probeEvery, Duration.ofMillis(10), Duration.ofSeconds(10));
        Limits.check("--before", before, Duration.ZERO, Duration.ofMinutes(5));
        Limits.check("--hold", hold, Duration.ZERO, Limits.MAX_DURATION);
        Limits.check("--limit", limit, Duration.ofSeconds(1), Limits.MAX_DURATION);
        Limits.check("--io-threads", ioThreads, 1, Limits.MAX_IO_THREADS);
        if (survivorUrls.isEmpty() || survivorUrls.size() > Limits.MAX_PROCESSES) {
            throw new IllegalArgumentException("--survivors takes 1 to " + Limits.MAX_PROCESSES + " URLs");
        }
        if (elsewhere && survivorUrls.size() < 2) {
            throw new IllegalArgumentException("--socket-elsewhere needs at least two --survivors");
        }
        Target victim = targetOptions.target();
        for (String url : survivorUrls) {
            if (Target.parse(url).base().equals(victim.base())) {
                throw new IllegalArgumentException("--survivors must not list the victim " + victim.base());
            }
        }
        if (victimPid == ProcessHandle.current().pid()
                || !ProcessHandle.of(victimPid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalArgumentException("--victim-pid " + victimPid + " is not a running process");
        }
    }

    @Override
    protected Duration expectedLength() {
        Duration open = Duration.ofSeconds(30 + (victims + survivors) / 200);
        return open.plus(before).plus(limit).plusSeconds(20);
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        List<Target> targets = new ArrayList<>();
        targets.add(ctx.target());
        survivorUrls.forEach(u -> targets.add(Target.parse(u)));
        return new Storm(new Storm.Spec(targets, victimPid, victims, survivors, channels, connectConcurrency,
                reconnectThreads, spread, publishEvery, probeEvery, before, hold, limit, ioThreads, elsewhere,
                presence)).run(ctx);
    }
}
