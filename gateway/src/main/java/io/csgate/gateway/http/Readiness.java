package io.csgate.gateway.http;

import java.util.Map;

/** What {@code /readyz} reports: ready or not, and why, as a small JSON object. */
public interface Readiness {

    /** Whether this gateway should receive traffic now. */
    boolean ready();

    /** Details for operators (log position, Kafka contact, ...); no secrets. */
    Map<String, Object> details();
}
