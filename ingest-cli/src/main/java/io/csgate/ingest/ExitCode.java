package io.csgate.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code ingest} command. A script may rely on them: they are listed in
 * {@code --help} and docs/producers.md, and only ever extended.
 */
public final class ExitCode {

    /** Everything read was valid and Kafka acknowledged every record ({@code --dry-run}: all valid). */
    public static final int OK = 0;
    /**
     * Kafka did not acknowledge every record (unreachable, timed out, refused), or an unexpected
     * error stopped the command. Counts are printed; records acknowledged before stay in the log.
     */
    public static final int NOT_DELIVERED = 1;
    /** Bad options, configuration or unreadable input: nothing was produced. */
    public static final int USAGE = 2;
    /**
     * Some input failed validation and was skipped (reported with its line number); every valid
     * record was acknowledged. For the single-event commands: the body was invalid, nothing produced.
     */
    public static final int INVALID_INPUT = 3;

    /** The help section every command shows, code to meaning, in order. */
    public static final Map<String, String> HELP = help();

    private static Map<String, String> help() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(OK), "all records acknowledged by Kafka (--dry-run: all input valid)");
        m.put(Integer.toString(NOT_DELIVERED), "some records not acknowledged (Kafka unreachable, timeout, refused)");
        m.put(Integer.toString(USAGE), "bad options, configuration or unreadable input; nothing produced");
        m.put(Integer.toString(INVALID_INPUT),
                "invalid input skipped (reported on stderr); all valid records acknowledged");
        return Collections.unmodifiableMap(m);
    }

    private ExitCode() {}
}
