package io.csgate.bench.run;

/**
 * A run could not be done (server unreachable, refused requests, bad answers). The message is
 * meant for the user and is printed without a stack trace.
 */
public class BenchException extends RuntimeException {
    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
