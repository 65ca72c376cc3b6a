package io.csgate.common.sign;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A secret that gateways accept: a shared secret ({@code name} null: REST signatures and
 * {@code v1=} record signatures) or a producer's own key (records signed
 * {@code key=<name>,v1=...}). A key with {@code retiredAt} verifies only what was signed before
 * then: records appended to Kafka before that instant (so that a replaying gateway still applies
 * them) and REST signatures checked before it. {@link #toString()} never shows the secret.
 *
 * @param name the producer key's name ({@link #NAME}), or null for a shared secret
 * @param secret the secret; its UTF-8 bytes are the HMAC key
 * @param retiredAt null while the key is in use
 */
public record SigningKey(String name, String secret, Instant retiredAt) {

    /** A producer key's name: letters, digits, {@code .}, {@code _} and {@code -}, at most 64. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public SigningKey {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("a key's secret must not be empty");
        }
        if (name != null && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key name may only hold letters, digits, '.', '_' and '-' (at most"
                    + " 64): '" + name + "'");
        }
    }

    public static SigningKey shared(String secret) {
        return new SigningKey(null, secret, null);
    }

    /** True when this key verifies what was signed or appended at {@code at} (null: an unknown time). */
    public boolean validAt(Instant at) {
        return retiredAt == null || (at != null && at.isBefore(retiredAt));
    }

    @Override
    public String toString() {
        return "SigningKey[" + (name == null ? "shared" : name) + ", secret=****"
                + (retiredAt == null ? "" : ", retired at " + retiredAt) + "]";
    }
}
