package io.csgate.common.sign;

import io.csgate.common.event.Topics;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Kafka record values: {@code v1=} followed by the unpadded base64url HMAC-SHA256 of the
 * exact value bytes, keyed with the UTF-8 bytes of the secret, carried in the
 * {@link Topics#SIGNATURE_HEADER} header (docs/producers.md). With a key name (a producer key of
 * its own), the header is {@code key=<name>,v1=<mac>}. Signatures carry no expiry so that old
 * records verify during replay; {@link RecordVerifier} checks them. Immutable and thread-safe.
 */
public final class RecordSigner {

    public static final String SCHEME = "v1=";
    /** The header item naming the key: {@code key=<name>}. */
    public static final String KEY_ITEM = "key=";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final String prefix;
    /** {@code Mac.getInstance} + {@code init} cost more than the MAC of a small record; one per thread. */
    private final ThreadLocal<Mac> macs;

    /** Signs with the shared secret: {@code v1=<mac>}. */
    public RecordSigner(String secret) {
        this(null, secret);
    }

    /**
     * Signs with a named producer key: {@code key=<name>,v1=<mac>}; a null name signs as the shared
     * secret does.
     *
     * @throws IllegalArgumentException when the name is not a {@link SigningKey#NAME}
     */
    public RecordSigner(String keyName, String secret) {
        if (keyName != null && !SigningKey.NAME.matcher(keyName).matches()) {
            throw new IllegalArgumentException("a key name may only hold letters, digits, '.', '_' and '-' (at most"
                    + " 64): '" + keyName + "'");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.prefix = keyName == null ? SCHEME : KEY_ITEM + keyName + "," + SCHEME;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The header value for {@code value}. */
    public String sign(byte[] value) {
        return prefix + mac(value);
    }

    public byte[] signBytes(byte[] value) {
        return sign(value).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * True when {@code header} is exactly the signature this signer makes of {@code value};
     * constant-time. Gateways use {@link RecordVerifier}, which also knows other keys.
     */
    public boolean verify(byte[] value, byte[] header) {
        if (value == null || header == null) {
            return false;
        }
        return MessageDigest.isEqual(signBytes(value), header);
    }

    /** The unpadded base64url HMAC of {@code value}: what follows {@code v1=}. */
    String mac(byte[] value) {
        return B64.encodeToString(macs.get().doFinal(value)); // doFinal resets the Mac for the next use
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
