package io.csgate.common.sign;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies record signatures against every key a gateway accepts: the shared secrets (headers
 * {@code v1=<mac>}, tried in order) and the producers' own keys (headers
 * {@code key=<name>,v1=<mac>}). The header is a comma-separated list of {@code name=value} items;
 * items other than {@code key} and {@code v1} are ignored, so that a later scheme can be sent next
 * to {@code v1} (docs/producers.md). A retired key verifies only records from before its
 * retirement ({@link SigningKey#validAt}). Immutable and thread-safe.
 */
public final class RecordVerifier {

    /** The outcome of {@link #verify}; everything but {@link #VALID} is a rejected record. */
    public enum Verdict {
        VALID,
        /** No signature header. */
        UNSIGNED,
        /** The header is malformed, or no accepted key made this signature of these bytes. */
        SIGNATURE,
        /** The header names a key this gateway does not know. */
        UNKNOWN_KEY,
        /** Only a key retired before the record's time made this signature. */
        REVOKED_KEY
    }

    private record Entry(SigningKey key, RecordSigner signer) {}

    private final List<Entry> shared = new ArrayList<>();
    private final Map<String, Entry> named = new HashMap<>();

    /**
     * @param keys shared secrets ({@code name} null) and producer keys; names must be unique
     * @throws IllegalArgumentException when two producer keys share a name
     */
    public RecordVerifier(List<SigningKey> keys) {
        for (SigningKey k : keys) {
            Entry e = new Entry(k, new RecordSigner(k.secret()));
            if (k.name() == null) {
                shared.add(e);
            } else if (named.putIfAbsent(k.name(), e) != null) {
                throw new IllegalArgumentException("two producer keys are named '" + k.name() + "'");
            }
        }
    }

    /**
     * Checks {@code header} against {@code value}.
     *
     * @param at when the record was appended (its log-append time, or for records from before the
     *     topic kept append times, the producer's timestamp); null: unknown, so retired keys fail
     */
    public Verdict verify(byte[] value, byte[] header, Instant at) {
        if (header == null) {
            return Verdict.UNSIGNED;
        }
        if (value == null) {
            return Verdict.SIGNATURE;
        }
        String keyName = null;
        String mac = null;
        for (String item : new String(header, StandardCharsets.US_ASCII).split(",", -1)) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return Verdict.SIGNATURE;
            }
            String name = item.substring(0, eq);
            String text = item.substring(eq + 1);
            if (name.equals("v1")) {
                if (mac != null) {
                    return Verdict.SIGNATURE;
                }
                mac = text;
            } else if (name.equals("key")) {
                if (keyName != null) {
                    return Verdict.SIGNATURE;
                }
                keyName = text;
            }
        }
        if (mac == null) {
            return Verdict.SIGNATURE;
        }
        byte[] given = mac.getBytes(StandardCharsets.US_ASCII);
        if (keyName != null) {
            Entry e = named.get(keyName);
            if (e == null) {
                return Verdict.UNKNOWN_KEY;
            }
            if (!matches(e, value, given)) {
                return Verdict.SIGNATURE;
            }
            return e.key().validAt(at) ? Verdict.VALID : Verdict.REVOKED_KEY;
        }
        boolean retiredMatch = false;
        for (Entry e : shared) {
            if (matches(e, value, given)) {
                if (e.key().validAt(at)) {
                    return Verdict.VALID;
                }
                retiredMatch = true;
            }
        }
        return retiredMatch ? Verdict.REVOKED_KEY : Verdict.SIGNATURE;
    }

    private static boolean matches(Entry e, byte[] value, byte[] given) {
        return MessageDigest.isEqual(e.signer().mac(value).getBytes(StandardCharsets.US_ASCII), given);
    }
}
