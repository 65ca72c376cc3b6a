package io.csgate.bench.cluster;

/**
 * The lines between a coordinator and a worker process. Coordinator to worker (stdin):
 * {@code SNAPSHOT}, {@code SNAPSHOT GC}, {@code STOP}; end of input means stop as well, so a
 * worker never outlives its coordinator. Worker to coordinator (stdout, nothing else is written
 * there): {@code READY <json>} once its subscribers are open, {@code SNAPSHOT <json>},
 * {@code DONE <json>} before exiting, or {@code ERROR <message>} and exit code 1. The JSON is a
 * {@link io.csgate.bench.subscriber.GroupSnapshot}. The secret travels in the environment
 * variable {@link #SECRET_ENV}, never on the command line.
 */
final class WorkerProtocol {

    static final String READY = "READY";
    static final String SNAPSHOT = "SNAPSHOT";
    static final String SNAPSHOT_GC = "SNAPSHOT GC";
    static final String DONE = "DONE";
    static final String ERROR = "ERROR";
    static final String STOP = "STOP";
    static final String SECRET_ENV = "CSGATE_BENCH_SECRET";

    private WorkerProtocol() {}

    /** The payload of {@code line} when it starts with {@code verb}, else null. */
    static String payload(String line, String verb) {
        return line.startsWith(verb + " ") ? line.substring(verb.length() + 1) : null;
    }
}
