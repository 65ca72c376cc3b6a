package io.csgate.gateway.log;

import io.csgate.common.sign.RecordVerifier;
import io.csgate.common.sign.SigningKey;
import java.time.Duration;
import java.util.List;

/** Decoders for tests: one shared secret, no other keys. */
final class RecordDecoders {

    private RecordDecoders() {}

    static RecordDecoder sharedSecret(String secret) {
        return sharedSecret(secret, Duration.ZERO);
    }

    static RecordDecoder sharedSecret(String secret, Duration window) {
        return new RecordDecoder(new RecordVerifier(List.of(SigningKey.shared(secret))), window);
    }
}
