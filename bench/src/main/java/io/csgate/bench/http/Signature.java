package io.csgate.bench.http;

import io.csgate.common.sign.TimestampSigner;
import java.time.Duration;

/**
 * The {@code X-Channelstream-Secret} value (docs/protocol.md §2): {@code TimestampSigner(secret)} over the
 * literal {@code channelstream}. Servers accept a signature for 60 s, so it is renewed every
 * {@link #REFRESH}. Thread-safe; renewing costs one HMAC, so concurrent renewals are harmless.
 */
public final class Signature {

    public static final String HEADER = "X-Channelstream-Secret";
    public static final Duration REFRESH = Duration.ofSeconds(20);

    private final TimestampSigner signer;
    private volatile Signed current;

    private record Signed(String header, long madeNanos) {}

    public Signature(String secret) {
        this.signer = new TimestampSigner(secret);
    }

    /** The full header line, {@code X-Channelstream-Secret: <signed>}. */
    public String headerLine() {
        Signed s = current;
        long now = System.nanoTime();
        if (s == null || now - s.madeNanos() > REFRESH.toNanos()) {
            s = new Signed(HEADER + ": " + signer.sign("channelstream"), now);
            current = s;
        }
        return s.header();
    }
}
