package io.csgate.bench.run;

/** A run reached its global deadline; the message says what it was doing. */
public final class DeadlineExceededException extends RuntimeException {
    public DeadlineExceededException(String message) {
        super(message, null, false, false);
    }
}
