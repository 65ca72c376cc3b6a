package io.csgate.bench.cli;

import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.Target;
import io.csgate.bench.run.Watchdog;
import java.io.PrintWriter;

/**
 * What a running scenario gets: where, with which secret, until when, and where to write.
 *
 * @param runId short random id naming this run's users and channels
 */
public record RunContext(Target target, String secret, Deadline deadline, Watchdog watchdog, PrintWriter out,
                         PrintWriter err, String runId) {

    /** A progress line on stderr, so stdout stays table + JSON. */
    public void progress(String message) {
        err.println("bench: " + message);
        err.flush();
    }
}
