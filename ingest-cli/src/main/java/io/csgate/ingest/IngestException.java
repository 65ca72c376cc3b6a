package io.csgate.ingest;

/**
 * A user error: bad configuration, an unreadable file, invalid input. {@link IngestMain} prints
 * its message (never a stack trace) on stderr and exits with {@link #exitCode()}.
 */
public final class IngestException extends RuntimeException {

    private final int exitCode;

    public IngestException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static IngestException usage(String message) {
        return new IngestException(ExitCode.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
