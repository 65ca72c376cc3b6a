package io.csgate.ingest.stream;

/**
 * Where a {@code send} stands.
 *
 * @param bytesRead input bytes read
 * @param totalBytes input size, or -1 when unknown (standard input)
 * @param valid messages read and valid (sent, or to be sent)
 * @param invalid lines skipped as invalid
 * @param acked messages Kafka acknowledged (dry run: validated)
 * @param failed messages Kafka did not acknowledge
 * @param elapsedNanos since the start
 */
public record Counts(long bytesRead, long totalBytes, long valid, long invalid, long acked, long failed,
                     long elapsedNanos) {

    /** Acknowledged messages per second since the start. */
    public double rate() {
        return elapsedNanos <= 0 ? 0 : acked * 1e9 / elapsedNanos;
    }
}
