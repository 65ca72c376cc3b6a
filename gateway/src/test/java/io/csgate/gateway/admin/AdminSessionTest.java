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
        assertThat(v).startsWith("v1.").matches("[A-Za-z0-9._-]+");
        assertThat(s.verify(v)).contains("admin");
        assertThat(s.verify(s.issue("ünïcode user"))).contains("ünïcode user");
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
        String otherUser = new AdminSession("k", AT_T0).issue("root").split("\\.")[1];
        long later = Long.parseLong(p[2]) + 86_400 * 365L;
        assertThat(s.verify(p[0] + "." + otherUser + "." + p[2] + "." + p[3])).as("user swapped").isEmpty();
        assertThat(s.verify(p[0] + "." + p[1] + "." + later + "." + p[3])).as("expiry extended").isEmpty();
        char last = p[3].charAt(p[3].length() - 2);
        String flipped = p[3].substring(0, p[3].length() - 2) + (last == 'A' ? 'B' : 'A') + p[3].charAt(p[3].length() - 1);
        assertThat(s.verify(p[0] + "." + p[1] + "." + p[2] + "." + flipped)).as("mac changed").isEmpty();
        assertThat(s.verify("v2." + p[1] + "." + p[2] + "." + p[3])).as("version").isEmpty();
        assertThat(s.verify(v + ".x")).isEmpty();
        assertThat(s.verify("")).isEmpty();
        assertThat(s.verify(null)).isEmpty();
        assertThat(s.verify("v1.!!.1.!!")).isEmpty();
        assertThat(s.verify("v1.YQ.notanumber." + p[3])).isEmpty();
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThatThrownBy(() -> new AdminSession("", AT_T0)).hasMessageContaining("cookie_secret");
    }
}
