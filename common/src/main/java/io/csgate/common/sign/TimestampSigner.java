package io.csgate.common.sign;

import java.io.ByteArrayOutputStream;
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
 * {@code .}, timestamps in seconds since 1970 (docs/protocol.md §2).
 *
 * <p>Verification follows itsdangerous 1.1.0 (split at the last dot, lenient base64 that accepts
 * both alphabets, constant-time compare) with one deliberate difference: a timestamp in the future
 * is accepted only up to {@link #DEFAULT_FUTURE_SKEW} (docs/protocol.md §14 #14). Immutable and thread-safe.
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

    /**
     * Signs {@code value} as if at {@code epochSeconds}.
     *
     * @throws IllegalArgumentException for a negative time, which itsdangerous cannot encode either
     */
    public String sign(String value, long epochSeconds) {
        if (epochSeconds < 0) {
            throw new IllegalArgumentException("timestamp before 1970: " + epochSeconds);
        }
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
     * @param futureSkew how far in the future a timestamp may be; {@code null} = no limit
     *     (itsdangerous 1.1.0)
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
            long now = clock.instant().getEpochSecond();
            // a negative ts is a uint64 above Long.MAX_VALUE: far in the future
            boolean expired = ts >= 0 && now - ts > maxAge.toSeconds();
            boolean tooNew = futureSkew != null && (ts < 0 || ts - now > futureSkew.toSeconds());
            if (expired || tooNew) {
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
     * itsdangerous' {@code base64_decode}: non-ASCII characters dropped, {@code =} appended up to
     * a multiple of 4 of the remaining length, {@code -}/{@code _} mapped to {@code +}/{@code /},
     * then CPython's non-strict {@code binascii.a2b_base64}. Returns null where Python raises.
     */
    static byte[] decodeLenient(String text) {
        StringBuilder ascii = new StringBuilder(text.length() + 3);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) {
                ascii.append(c == '-' ? '+' : c == '_' ? '/' : c);
            }
        }
        while (ascii.length() % 4 != 0) {
            ascii.append('=');
        }
        return a2bBase64(ascii);
    }

    /**
     * CPython's {@code a2b_base64} without strict mode: characters outside the alphabet are
     * skipped; {@code =} ends the data once it completes a quantum that has at least two data
     * characters and is skipped otherwise; leftover data characters are an error.
     */
    private static byte[] a2bBase64(CharSequence s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3 / 4);
        int quadPos = 0;
        int pads = 0;
        int leftChar = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                if (quadPos >= 2 && quadPos + ++pads >= 4) {
                    return out.toByteArray();
                }
                continue;
            }
            int v = sextet(c);
            if (v < 0) {
                continue;
            }
            pads = 0;
            switch (quadPos) {
                case 0 -> leftChar = v;
                case 1 -> {
                    out.write((leftChar << 2) | (v >> 4));
                    leftChar = v & 0x0f;
                }
                case 2 -> {
                    out.write((leftChar << 4) | (v >> 2));
                    leftChar = v & 0x03;
                }
                default -> out.write((leftChar << 6) | v);
            }
            quadPos = (quadPos + 1) % 4;
        }
        return quadPos == 0 ? out.toByteArray() : null;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }
}
