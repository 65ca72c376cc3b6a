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
     * Kafka did not acknowledge every record (unreachable, no such topic, timed out, refused), or an
     * unexpected error stopped the command. Counts are printed; records acknowledged before stay in
     * the log.
     */
    public static final int NOT_DELIVERED = 1;
    /**
     * Bad options or option values (a {@code --message} that is not JSON, a body the gateways would
     * refuse), configuration (no secret, no resolvable bootstrap server) or unreadable input:
     * nothing was produced.
     */
    public static final int USAGE = 2;
    /**
     * {@code send} found invalid lines (reported with their numbers): from a file nothing was sent;
     * from standard input sending stopped at the first one; with {@code --skip-invalid} they were
     * skipped and every valid record was acknowledged.
     */
    public static final int INVALID_INPUT = 3;

    /** The help section every command shows, code to meaning, in order. */
    public static final Map<String, String> HELP = help();

    private static Map<String, String> help() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(OK), "all records acknowledged by Kafka (--dry-run: all input valid)");
        m.put(Integer.toString(NOT_DELIVERED),
                "not all acknowledged: Kafka unreachable, no such topic, timeout or refusal (counts are printed)");
        m.put(Integer.toString(USAGE),
                "bad option or value, configuration (no secret, unknown host) or unreadable input; nothing produced");
        m.put(Integer.toString(INVALID_INPUT),
                "send: invalid lines (listed on stderr); from a FILE nothing sent, from stdin sending stopped at the"
                        + " first; --skip-invalid: skipped, all valid records acknowledged");
        return Collections.unmodifiableMap(m);
    }

    private ExitCode() {}
}
