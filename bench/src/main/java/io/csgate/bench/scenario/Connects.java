package io.csgate.bench.scenario;

import io.csgate.bench.report.Report;
import io.csgate.bench.subscriber.GroupSnapshot;

/** The connect figures every scenario that opens subscribers reports. */
final class Connects {

    private Connects() {}

    static void report(Report r, GroupSnapshot s) {
        double seconds = Math.max(1, s.openEndMicros() - s.openStartMicros()) / 1e6;
        r.value("opened", "subscribers opened", s.opened(), "")
                .value("failed", "subscribers failed", s.failed(), "")
                .value("connect_rate", "connect + open rate", s.opened() / seconds, "/s")
                .latency("connect_latency", "POST /connect + ws open", s.connectTotal())
                .latency("connect_rest_latency", "  of which POST /connect", s.connectRest())
                .latency("connect_ws_latency", "  of which ws upgrade", s.connectWs());
        if (s.firstError() != null) {
            r.note("first subscriber error: " + s.firstError());
        }
    }
}
