package io.csgate.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admin session cookie ({@code auth_tkt}): {@code v1.<user>.<expiry>.<mac>}, where
 * {@code user} is base64url UTF-8, {@code expiry} epoch seconds, and {@code mac} base64url
 * HMAC-SHA256 over the first three parts keyed with {@code cookie_secret}. No server-side state,
 * so every gateway sharing {@code cookie_secret} accepts it until it expires; a generated
 * {@code cookie_secret} ends sessions at restart. Not the reference's Pyramid AuthTkt format:
 * only the cookie name and lifetime match, and sessions do not move between the two servers.
 * Immutable and thread-safe.
 */
public final class AdminSession {

    public static final String COOKIE = "auth_tkt";
    public static final Duration MAX_AGE = Duration.ofDays(30);

    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    public AdminSession(String cookieSecret, Clock clock) {
        if (cookieSecret.isEmpty()) {
            throw new IllegalArgumentException("cookie_secret must not be empty");
        }
        this.key = new SecretKeySpec(cookieSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    /** A cookie value for {@code user}, valid for {@link #MAX_AGE} from now. */
    public String issue(String user) {
        long expiry = clock.instant().plus(MAX_AGE).getEpochSecond();
        String payload = VERSION + "." + B64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + expiry;
        return payload + "." + B64.encodeToString(mac(payload));
    }

    /** The user a cookie value was issued to, when its MAC matches and it has not expired. */
    public Optional<String> verify(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            byte[] given = B64D.decode(parts[3]);
            String payload = parts[0] + "." + parts[1] + "." + parts[2];
            if (!MessageDigest.isEqual(given, mac(payload))) {
                return Optional.empty();
            }
            long expiry = Long.parseLong(parts[2]);
            if (clock.instant().getEpochSecond() >= expiry) {
                return Optional.empty();
            }
            return Optional.of(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8));
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
