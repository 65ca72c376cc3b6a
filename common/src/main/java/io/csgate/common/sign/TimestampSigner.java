package io.csgate.common.sign;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An itsdangerous-compatible {@code TimestampSigner} with its default settings: salt
 * {@code itsdangerous.Signer}, "django-concat" key derivation with SHA-1, HMAC-SHA1, separator
 * {@code .}, timestamps in seconds since 1970 (protocol §3).
 *
 * <p>Verification follows itsdangerous 1.1.0 (split at the last dot, lenient base64 that accepts
 * both alphabets, constant-time compare) with one deliberate difference: a timestamp in the future
 * is accepted only up to {@link #DEFAULT_FUTURE_SKEW} (decisions.md #14). Immutable and thread-safe.
 */
public final class TimestampSigner {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_FUTURE_SKEW = Duration.ofSeconds(5);

    private static final byte[] SALT = "itsdangerous.Signer".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNER = "signer".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final Clock clock;

    public TimestampSigner(String secret) {
        this(secret, Clock.systemUTC());
    }

    public TimestampSigner(String secret, Clock clock) {
        this.key = new SecretKeySpec(deriveKey(secret), "HmacSHA1");
        this.clock = clock;
    }

    /** The derived HMAC key: SHA1(salt || "signer" || secret). */
    static byte[] deriveKey(String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(SALT);
            sha1.update(SIGNER);
            sha1.update(secret.getBytes(StandardCharsets.UTF_8));
            return sha1.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }

    /** Signs {@code value} with the current time. */
    public String sign(String value) {
        return sign(value, clock.instant().getEpochSecond());
    }

    /** Signs {@code value} as if at {@code epochSeconds}. */
    public String sign(String value, long epochSeconds) {
        String signedPart = value + "." + encodeTimestamp(epochSeconds);
        return signedPart + "." + B64.encodeToString(mac(signedPart.getBytes(StandardCharsets.UTF_8)));
    }

    /** Verifies with the default max age (60 s) and future skew (5 s). */
    public boolean verify(String signed) {
        return unsign(signed, DEFAULT_MAX_AGE, DEFAULT_FUTURE_SKEW).isPresent();
    }

    /**
     * Checks the signature and the age of a signed value.
     *
     * @param maxAge oldest accepted signature; {@code null} skips age checks entirely (both past
     *     and future), as {@code validate_requests = false} does in the reference
     * @param futureSkew how far in the future a timestamp may be
     * @return the signed value, or empty when the signature is bad, malformed or out of date
     */
    public Optional<String> unsign(String signed, Duration maxAge, Duration futureSkew) {
        if (signed == null) {
            return Optional.empty();
        }
        int lastDot = signed.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String signedPart = signed.substring(0, lastDot);
        byte[] sig = decodeLenient(signed.substring(lastDot + 1));
        if (sig == null) {
            return Optional.empty();
        }
        byte[] expected = mac(signedPart.getBytes(StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(expected, sig)) {
            return Optional.empty();
        }
        int tsDot = signedPart.lastIndexOf('.');
        if (tsDot < 0) {
            return Optional.empty();
        }
        byte[] tsBytes = decodeLenient(signedPart.substring(tsDot + 1));
        if (tsBytes == null || tsBytes.length > 8) {
            return Optional.empty();
        }
        long ts = 0;
        for (byte b : tsBytes) {
            ts = (ts << 8) | (b & 0xff);
        }
        if (maxAge != null) {
            long age = clock.instant().getEpochSecond() - ts;
            if (ts < 0 || age > maxAge.toSeconds() || -age > futureSkew.toSeconds()) {
                return Optional.empty();
            }
        }
        return Optional.of(signedPart.substring(0, tsDot));
    }

    static String encodeTimestamp(long epochSeconds) {
        byte[] all = ByteBuffer.allocate(8).putLong(epochSeconds).array();
        int first = 0;
        while (first < all.length && all[first] == 0) {
            first++;
        }
        return B64.encodeToString(Arrays.copyOfRange(all, first, all.length));
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
        }
    }

    /**
     * Python's {@code urlsafe_b64decode} after itsdangerous' padding fix: non-ASCII dropped, both
     * alphabets accepted, padding optional. Returns null when the text is not base64.
     */
    static byte[] decodeLenient(String text) {
        StringBuilder clean = new StringBuilder(text.length() + 3);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                continue;
            }
            clean.append(c == '-' ? '+' : c == '_' ? '/' : c);
        }
        // Python's b64decode (non-validating) discards characters outside the alphabet.
        StringBuilder data = new StringBuilder(clean.length());
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                data.append(c);
            } else if (c == '=') {
                break;
            }
        }
        if (data.length() % 4 == 1) {
            return null;
        }
        while (data.length() % 4 != 0) {
            data.append('=');
        }
        try {
            return Base64.getDecoder().decode(data.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
