package io.csgate.common.sign;

import io.csgate.common.event.Topics;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies Kafka record values: {@code v1=} followed by the unpadded base64url
 * HMAC-SHA256 of the exact value bytes, keyed with the UTF-8 bytes of the shared secret, carried in
 * the {@link Topics#SIGNATURE_HEADER} header (docs/producers.md). Signatures carry no expiry so that
 * old records verify during replay. Immutable and thread-safe.
 */
public final class RecordSigner {

    public static final String SCHEME = "v1=";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    /**
     * One keyed Mac per thread: {@code Mac.getInstance} plus {@code init} (provider lookup,
     * reflection) cost more than the HMAC of a small record, and the applier verifies every record.
     * {@code doFinal} resets the Mac, so each thread reuses its own.
     */
    private final ThreadLocal<Mac> macs;

    public RecordSigner(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The header value for {@code value}. */
    public String sign(byte[] value) {
        return SCHEME + B64.encodeToString(mac(value));
    }

    public byte[] signBytes(byte[] value) {
        return sign(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** True when {@code header} is a valid signature of {@code value}; constant-time. */
    public boolean verify(byte[] value, byte[] header) {
        if (value == null || header == null) {
            return false;
        }
        byte[] expected = signBytes(value);
        return MessageDigest.isEqual(expected, header);
    }

    private byte[] mac(byte[] data) {
        return macs.get().doFinal(data);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
