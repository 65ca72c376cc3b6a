package io.csgate.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admin session cookie ({@code auth_tkt}): {@code v2.<user>.<expiry>.<session>.<mac>}, where
 * {@code user} is base64url UTF-8, {@code expiry} epoch seconds, {@code session} 16 random bytes
 * in base64url naming this sign-in, and {@code mac} base64url HMAC-SHA256 over the first four
 * parts keyed with {@code cookie_secret}. Every gateway sharing {@code cookie_secret} accepts it
 * until it expires, unless its session was signed out ({@link SessionRevocations}, replicated
 * through the event log). A generated {@code cookie_secret} ends sessions at restart. Cookies of
 * the earlier {@code v1} format carry no session id, so they could not be signed out: they are
 * refused, and their holders sign in again once. Not the reference's Pyramid AuthTkt format: only
 * the cookie name and lifetime match. Immutable and thread-safe.
 */
public final class AdminSession {

    public static final String COOKIE = "auth_tkt";
    public static final Duration MAX_AGE = Duration.ofDays(30);

    /** A verified cookie: who signed in, which sign-in it was, and when it expires. */
    public record Ticket(String user, String session, Instant expires) {}

    private static final String VERSION = "v2";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final Clock clock;

    public AdminSession(String cookieSecret, Clock clock) {
        if (cookieSecret.isEmpty()) {
            throw new IllegalArgumentException("cookie_secret must not be empty");
        }
        this.key = new SecretKeySpec(cookieSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    /** A cookie value for a new session of {@code user}, valid for {@link #MAX_AGE} from now. */
    public String issue(String user) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        long expiry = clock.instant().plus(MAX_AGE).getEpochSecond();
        String payload = VERSION + "." + B64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + expiry
                + "." + B64.encodeToString(id);
        return payload + "." + B64.encodeToString(mac(payload));
    }

    /** The user a cookie value was issued to, when its MAC matches and it has not expired. */
    public Optional<String> verify(String value) {
        return ticket(value).map(Ticket::user);
    }

    /** The cookie's ticket, when its MAC matches and it has not expired (revocation is not checked here). */
    public Optional<Ticket> ticket(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0]) || parts[3].isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] given = B64D.decode(parts[4]);
            String payload = parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3];
            if (!MessageDigest.isEqual(given, mac(payload))) {
                return Optional.empty();
            }
            long expiry = Long.parseLong(parts[2]);
            if (clock.instant().getEpochSecond() >= expiry) {
                return Optional.empty();
            }
            return Optional.of(new Ticket(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8), parts[3],
                    Instant.ofEpochSecond(expiry)));
        } catch (IllegalArgumentException e) {
            // bad base64 or a non-numeric expiry (NumberFormatException is one)
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
