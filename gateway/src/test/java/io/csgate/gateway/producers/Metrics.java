package io.csgate.gateway.producers;

import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.TestGateway;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code csgate_records_rejected_total} from a gateway's Prometheus {@code /metrics}. */
final class Metrics {

    private Metrics() {}

    /** Records this gateway skipped for {@code reason}; 0 when the counter does not exist yet. */
    static double rejected(TestGateway gateway, String reason) {
        ApiClient.Answer a = gateway.client().call("GET", "/metrics", null, false);
        if (a.status() != 200) {
            throw new AssertionError("/metrics answered " + a.status() + ": " + a.text());
        }
        Pattern line = Pattern.compile("^csgate_records_rejected_total\\{[^}]*reason=\"" + Pattern.quote(reason)
                + "\"[^}]*}\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(a.text());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
