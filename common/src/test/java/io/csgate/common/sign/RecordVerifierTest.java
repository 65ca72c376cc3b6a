package io.csgate.common.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.sign.RecordVerifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several keys at once: rotation of the shared secret, producers' own keys, retirement by time. */
class RecordVerifierTest {

    static final byte[] VALUE = "{\"v\":1,\"id\":\"x\",\"op\":\"message\",\"body\":[]}".getBytes(StandardCharsets.UTF_8);
    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void everySharedSecretVerifiesPlainV1Headers() {
        RecordVerifier v = new RecordVerifier(List.of(SigningKey.shared("new"), SigningKey.shared("old")));
        assertThat(v.verify(VALUE, new RecordSigner("new").signBytes(VALUE), T)).isEqualTo(Verdict.VALID);
        assertThat(v.verify(VALUE, new RecordSigner("old").signBytes(VALUE), T)).isEqualTo(Verdict.VALID);
        assertThat(v.verify(VALUE, new RecordSigner("guess").signBytes(VALUE), T)).isEqualTo(Verdict.SIGNATURE);
        assertThat(v.verify(VALUE, null, T)).isEqualTo(Verdict.UNSIGNED);
    }

    @Test
    void theDocumentedWorkedSignatureStillVerifies() {
        // docs/producers.md: the format-1 header of existing producers is unchanged
        assertThat(new RecordVerifier(List.of(SigningKey.shared(RecordSignerTest.SECRET)))
                .verify(RecordSignerTest.VALUE, ascii(RecordSignerTest.EXPECTED), null)).isEqualTo(Verdict.VALID);
    }

    @Test
    void aRetiredSecretVerifiesOnlyWhatCameBeforeItsRetirement() {
        RecordVerifier v = new RecordVerifier(List.of(SigningKey.shared("new"), new SigningKey(null, "old", T)));
        byte[] old = new RecordSigner("old").signBytes(VALUE);
        assertThat(v.verify(VALUE, old, T.minusMillis(1))).isEqualTo(Verdict.VALID);
        assertThat(v.verify(VALUE, old, T)).isEqualTo(Verdict.REVOKED_KEY);
        assertThat(v.verify(VALUE, old, null)).as("unknown time").isEqualTo(Verdict.REVOKED_KEY);
        assertThat(v.verify(VALUE, new RecordSigner("new").signBytes(VALUE), T.plusSeconds(1)))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void aProducerKeyIsNamedInTheHeaderAndRevokedAlone() {
        RecordVerifier v = new RecordVerifier(List.of(SigningKey.shared("shared"),
                new SigningKey("billing", "b-secret", null), new SigningKey("reports", "r-secret", T)));
        byte[] billing = new RecordSigner("billing", "b-secret").signBytes(VALUE);
        assertThat(new String(billing, StandardCharsets.US_ASCII)).startsWith("key=billing,v1=");
        assertThat(v.verify(VALUE, billing, T.plusSeconds(60))).isEqualTo(Verdict.VALID);

        byte[] reports = new RecordSigner("reports", "r-secret").signBytes(VALUE);
        assertThat(v.verify(VALUE, reports, T.minusSeconds(1))).isEqualTo(Verdict.VALID);
        assertThat(v.verify(VALUE, reports, T.plusSeconds(1))).isEqualTo(Verdict.REVOKED_KEY);

        // a producer key is not a shared secret, and a name must match its own secret
        assertThat(v.verify(VALUE, new RecordSigner("b-secret").signBytes(VALUE), T)).isEqualTo(Verdict.SIGNATURE);
        assertThat(v.verify(VALUE, new RecordSigner("billing", "r-secret").signBytes(VALUE), T))
                .isEqualTo(Verdict.SIGNATURE);
        assertThat(v.verify(VALUE, new RecordSigner("payroll", "p").signBytes(VALUE), T))
                .isEqualTo(Verdict.UNKNOWN_KEY);
    }

    @Test
    void headerItemsComeInAnyOrderAndUnknownItemsAreIgnored() {
        RecordVerifier v = new RecordVerifier(List.of(new SigningKey("billing", "b", null)));
        String mac = new RecordSigner("b").sign(VALUE).substring(RecordSigner.SCHEME.length());
        assertThat(v.verify(VALUE, ascii("v1=" + mac + ",key=billing"), T)).isEqualTo(Verdict.VALID);
        assertThat(v.verify(VALUE, ascii("key=billing,v2=future,v1=" + mac), T)).isEqualTo(Verdict.VALID);
        for (String bad : List.of("", "key=billing", "key=billing,v1=" + mac + ",v1=" + mac, "v1" + mac,
                "key=billing,key=billing,v1=" + mac, "key=billing, v1=" + mac, "key=billing,v1=" + mac + "=")) {
            assertThat(v.verify(VALUE, ascii(bad), T)).as(bad).isIn(Verdict.SIGNATURE, Verdict.UNKNOWN_KEY);
        }
    }

    @Test
    void keyNamesAreChecked() {
        assertThatThrownBy(() -> new RecordSigner("bad name", "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SigningKey("a,b", "s", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordVerifier(List.of(new SigningKey("a", "1", null),
                new SigningKey("a", "2", null)))).hasMessageContaining("'a'");
        assertThat(new SigningKey("a", "hidden", T).toString()).doesNotContain("hidden");
    }
}
