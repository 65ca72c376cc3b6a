package io.csgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The session cookie: round trip, expiry, and every kind of tampering. */
class AdminSessionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock AT_T0 = Clock.fixed(T0, ZoneOffset.UTC);

    @Test
    void issuedCookieVerifiesToItsUser() {
        AdminSession s = new AdminSession("cookie-secret", AT_T0);
        String v = s.issue("admin");
        assertThat(v).startsWith("v2.").matches("[A-Za-z0-9._-]+");
        assertThat(s.verify(v)).contains("admin");
        assertThat(s.verify(s.issue("ünïcode user"))).contains("ünïcode user");
    }

    @Test
    void everySignInIsASessionOfItsOwn() {
        AdminSession s = new AdminSession("cookie-secret", AT_T0);
        AdminSession.Ticket a = s.ticket(s.issue("admin")).orElseThrow();
        AdminSession.Ticket b = s.ticket(s.issue("admin")).orElseThrow();
        assertThat(a.session()).hasSize(22).isNotEqualTo(b.session());
        assertThat(a.user()).isEqualTo("admin");
        assertThat(a.expires()).isEqualTo(T0.plus(AdminSession.MAX_AGE));
    }

    @Test
    void cookiesOfTheFormerFormatAreRefusedTheyCouldNotBeSignedOut() {
        // v1.<user>.<expiry>.<mac>, as issued before sessions had ids, with a correct MAC
        String payload = "v1.YWRtaW4." + T0.plus(AdminSession.MAX_AGE).getEpochSecond();
        String v1 = payload + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hmac("k", payload));
        assertThat(new AdminSession("k", AT_T0).verify(v1)).isEmpty();
    }

    private static byte[] hmac(String key, String payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return mac.doFinal(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anyInstanceWithTheSameSecretAcceptsIt() {
        String v = new AdminSession("shared", AT_T0).issue("admin");
        assertThat(new AdminSession("shared", AT_T0).verify(v)).contains("admin");
        assertThat(new AdminSession("other", AT_T0).verify(v)).isEmpty();
    }

    @Test
    void expiresAfterThirtyDays() {
        String v = new AdminSession("k", AT_T0).issue("admin");
        Clock almost = Clock.fixed(T0.plus(AdminSession.MAX_AGE).minusSeconds(1), ZoneOffset.UTC);
        Clock after = Clock.fixed(T0.plus(AdminSession.MAX_AGE), ZoneOffset.UTC);
        assertThat(new AdminSession("k", almost).verify(v)).contains("admin");
        assertThat(new AdminSession("k", after).verify(v)).isEmpty();
        assertThat(AdminSession.MAX_AGE).isEqualTo(Duration.ofSeconds(2_592_000));
    }

    @Test
    void tamperedCookiesAreRejected() {
        AdminSession s = new AdminSession("k", AT_T0);
        String v = s.issue("admin");
        String[] p = v.split("\\.");
        String[] other = new AdminSession("k", AT_T0).issue("root").split("\\.");
        long later = Long.parseLong(p[2]) + 86_400 * 365L;
        assertThat(p).hasSize(5);
        assertThat(s.verify(String.join(".", p[0], other[1], p[2], p[3], p[4]))).as("user swapped").isEmpty();
        assertThat(s.verify(String.join(".", p[0], p[1], "" + later, p[3], p[4]))).as("expiry extended").isEmpty();
        assertThat(s.verify(String.join(".", p[0], p[1], p[2], other[3], p[4]))).as("session swapped").isEmpty();
        char last = p[4].charAt(p[4].length() - 2);
        String flipped = p[4].substring(0, p[4].length() - 2) + (last == 'A' ? 'B' : 'A') + p[4].charAt(p[4].length() - 1);
        assertThat(s.verify(String.join(".", p[0], p[1], p[2], p[3], flipped))).as("mac changed").isEmpty();
        assertThat(s.verify(String.join(".", "v3", p[1], p[2], p[3], p[4]))).as("version").isEmpty();
        assertThat(s.verify(String.join(".", p[0], p[1], p[2], "", p[4]))).as("no session").isEmpty();
        assertThat(s.verify(v + ".x")).isEmpty();
        assertThat(s.verify("")).isEmpty();
        assertThat(s.verify(null)).isEmpty();
        assertThat(s.verify("v2.!!.1.s.!!")).isEmpty();
        assertThat(s.verify("v2.YQ.notanumber.s." + p[4])).isEmpty();
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThatThrownBy(() -> new AdminSession("", AT_T0)).hasMessageContaining("cookie_secret");
    }
}
