package io.csgate.common.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordSignerTest {

    static final String SECRET = "s3cret-\u043a\u043b\u044e\u0447";
    static final byte[] VALUE = "{\"op\":\"connect\",\"body\":{\"username\":\"alice\"}}".getBytes(StandardCharsets.UTF_8);
    /** Python: base64.urlsafe_b64encode(hmac.new(secret.encode(), value, sha256).digest()).rstrip(b"="). */
    static final String EXPECTED = "v1=pntFcf2E0CBsOFuVaiAEzi08PRdnZf-BsUNrOcGVTuk";

    final RecordSigner signer = new RecordSigner(SECRET);

    @Test
    void signsWithUnpaddedBase64UrlHmacSha256() {
        assertThat(signer.sign(VALUE)).isEqualTo(EXPECTED);
        assertThat(signer.signBytes(VALUE)).isEqualTo(EXPECTED.getBytes(StandardCharsets.US_ASCII));
        assertThat(signer.sign(new byte[0])).startsWith(RecordSigner.SCHEME).hasSize(3 + 43);
    }

    @Test
    void verifiesItsOwnSignature() {
        assertThat(signer.verify(VALUE, signer.signBytes(VALUE))).isTrue();
        assertThat(new RecordSigner(SECRET).verify(VALUE, EXPECTED.getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void rejectsTampering() {
        byte[] header = signer.signBytes(VALUE);
        byte[] value = VALUE.clone();
        value[value.length - 2] ^= 1;
        assertThat(signer.verify(value, header)).as("value changed").isFalse();

        byte[] badHeader = header.clone();
        badHeader[5] = (byte) (badHeader[5] == 'A' ? 'B' : 'A');
        assertThat(signer.verify(VALUE, badHeader)).as("signature changed").isFalse();
        assertThat(signer.verify(VALUE, EXPECTED.substring(3).getBytes(StandardCharsets.US_ASCII)))
                .as("scheme missing").isFalse();
        assertThat(signer.verify(VALUE, (EXPECTED + "=").getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(new RecordSigner("other").verify(VALUE, header)).as("other secret").isFalse();
        assertThat(signer.verify(VALUE, new byte[0])).isFalse();
        assertThat(signer.verify(null, header)).isFalse();
        assertThat(signer.verify(VALUE, null)).isFalse();
    }

    @Test
    void reusedMacsGiveTheSameSignatureOnEveryThread() throws Exception {
        assertThat(signer.sign(new byte[] {1, 2, 3})).isNotEqualTo(EXPECTED);
        assertThat(signer.sign(VALUE)).as("after another value").isEqualTo(EXPECTED);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] other = ("x" + i).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> signer.verify(other, signer.signBytes(other))
                        && signer.sign(VALUE).equals(EXPECTED)));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
