package io.csgate.bench.storm;

import io.csgate.bench.report.Report;
import io.csgate.bench.run.Target;
import java.util.List;
import org.HdrHistogram.Histogram;

/** The storm's figures, from the clients' timestamps, the reconnector, the publisher and the probes. */
final class StormResults {

    private StormResults() {}

    static void fill(Report r, StormFleet fleet, Reconnector reconnector, StormPublisher publisher,
                     List<RestProbe> probes, List<Target> survivors, long killedAt, long receivingBefore) {
        Histogram closed = Storm.histogram();
        Histogram connected = Storm.histogram();
        Histogram open = Storm.histogram();
        Histogram receiving = Storm.histogram();
        Histogram gaps = Storm.histogram();
        int victims = 0;
        int back = 0;
        long lastBack = 0;
        int survivorsReceiving = 0;
        int survivorClients = 0;
        for (StormClient c : fleet.clients()) {
            if (c.victim) {
                victims++;
                record(closed, c.closedAt, killedAt);
                record(connected, c.connectedAgain, killedAt);
                record(open, c.openAgain, killedAt);
                record(receiving, c.receivingAgain, killedAt);
                if (c.receivingAgain != 0) {
                    back++;
                    lastBack = Math.max(lastBack, c.receivingAgain - killedAt);
                }
            } else {
                survivorClients++;
                if (c.lastMessage > killedAt) {
                    survivorsReceiving++;
                }
                gaps.recordValue(Math.min(c.maxGap / 1000, gaps.getHighestTrackableValue()));
            }
        }
        r.value("clients_receiving_before_kill", "clients that received before the kill", receivingBefore, "")
                .value("victim_clients", "clients of the killed gateway", victims, "")
                .value("receiving_again", "of which receive again on a survivor", back, "")
                .value("all_receiving_again_ms", "time until all of them receive again",
                        back == victims ? Storm.ms(lastBack) : Double.NaN, "ms")
                .latency("socket_closed", "  kill -> client saw its socket close", closed)
                .latency("connect_again", "  kill -> POST /connect answered", connected)
                .latency("open_again", "  kill -> new socket open", open)
                .latency("receiving_again_latency", "  kill -> first message on it", receiving)
                .value("reconnect_attempts", "reconnect attempts (/connect + socket)", reconnector.attempts(), "")
                .value("reconnect_failures", "failed attempts, by kind", reconnector.failures().toString(), "")
                .value("reconnected_then_closed", "reconnected sockets closed again by a survivor",
                        fleet.reclosed(), "")
                .value("survivor_clients", "clients of the survivors", survivorClients, "")
                .value("survivor_sockets_closed", "  their sockets closed during the storm", fleet.survivorsClosed(), "")
                .value("survivor_clients_receiving", "  receiving after the kill", survivorsReceiving, "")
                .latency("survivor_max_gap", "  longest wait between two messages, per client", gaps)
                .value("other_frames", "other frames received (presence ...)", fleet.others(), "")
                .value("published", "POST /message calls answered 200", publisher.published(), "")
                .value("publish_failures", "POST /message calls failed", publisher.failures(), "")
                .latency("publish_before", "POST /message before the kill", publisher.before())
                .latency("publish_during", "POST /message from the kill on", publisher.during());
        for (int i = 0; i < probes.size(); i++) {
            RestProbe p = probes.get(i);
            String key = "probe" + (i + 1);
            String where = survivors.get(i).base().toString();
            r.latency(key + "_before", "POST /info on " + where + " before the kill", p.before())
                    .latency(key + "_during", "POST /info on " + where + " from the kill on", p.during())
                    .value(key + "_failures", "  failed or not 200", p.failures(), "");
            if (p.firstFailure() != null) {
                r.note("probe of " + where + ": first failure: " + p.firstFailure());
            }
        }
        if (fleet.closedBeforeKill() > 0) {
            r.note(fleet.closedBeforeKill() + " clients of the victim lost their socket before the kill");
        }
        if (fleet.firstSurvivorClose() != null) {
            r.note("first survivor socket closed: " + fleet.firstSurvivorClose());
        }
        if (fleet.firstReclose() != null) {
            r.note("first reconnected socket closed again: " + fleet.firstReclose());
        }
        if (reconnector.firstFailure() != null) {
            r.note("first failed reconnect attempt: " + reconnector.firstFailure());
        }
        if (publisher.firstFailure() != null) {
            r.note("first failed publish: " + publisher.firstFailure());
        }
        if (back < victims) {
            r.note((victims - back) + " clients of the killed gateway did not receive again in time");
        }
    }

    private static void record(Histogram h, long at, long killedAt) {
        if (at != 0 && at >= killedAt) {
            h.recordValue(Math.min((at - killedAt) / 1000, h.getHighestTrackableValue()));
        }
    }
}
