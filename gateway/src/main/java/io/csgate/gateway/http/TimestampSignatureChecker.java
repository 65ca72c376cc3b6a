package io.csgate.gateway.http;

import io.csgate.common.sign.TimestampSigner;
import java.time.Duration;

/**
 * The default checker: itsdangerous {@code TimestampSigner} with a 60 s max age and 5 s of future
 * skew, or signature-only when {@code validate_requests} is false.
 */
public final class TimestampSignatureChecker implements SignatureChecker {

    private final TimestampSigner signer;
    private final boolean checkAge;

    public TimestampSignatureChecker(String secret, boolean checkAge) {
        this.signer = new TimestampSigner(secret);
        this.checkAge = checkAge;
    }

    @Override
    public boolean valid(String signed) {
        return signer.unsign(signed, checkAge ? TimestampSigner.DEFAULT_MAX_AGE : null,
                TimestampSigner.DEFAULT_FUTURE_SKEW).isPresent();
    }
}
