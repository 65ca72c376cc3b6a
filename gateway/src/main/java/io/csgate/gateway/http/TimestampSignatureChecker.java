package io.csgate.gateway.http;

import io.csgate.common.sign.SigningKey;
import io.csgate.common.sign.TimestampSigner;
import java.time.Clock;
import java.util.List;

/**
 * The default checker: itsdangerous {@code TimestampSigner} with a 60 s max age and 5 s of future
 * skew, or signature-only when {@code validate_requests} is false. Any of several shared secrets
 * may have made the signature (while the secret is being changed); a retired one only until its
 * retirement, by this gateway's clock.
 */
public final class TimestampSignatureChecker implements SignatureChecker {

    private record Key(SigningKey key, TimestampSigner signer) {}

    private final List<Key> keys;
    private final boolean checkAge;
    private final Clock clock;

    public TimestampSignatureChecker(String secret, boolean checkAge) {
        this(List.of(SigningKey.shared(secret)), checkAge, Clock.systemUTC());
    }

    public TimestampSignatureChecker(List<SigningKey> secrets, boolean checkAge) {
        this(secrets, checkAge, Clock.systemUTC());
    }

    TimestampSignatureChecker(List<SigningKey> secrets, boolean checkAge, Clock clock) {
        this.keys = secrets.stream().map(k -> new Key(k, new TimestampSigner(k.secret(), clock))).toList();
        this.checkAge = checkAge;
        this.clock = clock;
    }

    @Override
    public boolean valid(String signed) {
        for (Key k : keys) {
            if (k.key().validAt(clock.instant()) && k.signer().unsign(signed,
                    checkAge ? TimestampSigner.DEFAULT_MAX_AGE : null, TimestampSigner.DEFAULT_FUTURE_SKEW).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
