package io.csgate.common.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks {@link TimestampSigner} against the real Python itsdangerous. Skipped (not failed)
 * when {@code /usr/bin/python3} or its itsdangerous package is missing; CI installs them.
 */
class ItsdangerousInteropTest {

    /** Non-ASCII on purpose: the reference encodes the secret as UTF-8. */
    static final String SECRET = "k\u00fcrbis-\u043a\u043b\u044e\u0447-\u2603";
    static final String SECRET_HEX = HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8));

    static final String SIGN = """
            import sys, itsdangerous
            secret = bytes.fromhex(sys.argv[1]).decode('utf-8')
            print(itsdangerous.TimestampSigner(secret).sign('channelstream').decode('ascii'))
            """;
    static final String UNSIGN = """
            import sys, itsdangerous
            signer = itsdangerous.TimestampSigner(bytes.fromhex(sys.argv[1]).decode('utf-8'))
            for line in sys.stdin.buffer.read().decode('utf-8').splitlines():
                try:
                    print('OK', signer.unsign(line, max_age=60).decode('utf-8'))
                except itsdangerous.BadData as e:
                    print('BAD', type(e).__name__)
            """;
    static final String DECODE = """
            import sys, json
            from itsdangerous.encoding import base64_decode
            for text in json.loads(sys.stdin.buffer.read().decode('utf-8')):
                try:
                    print(base64_decode(text).hex())
                except Exception:
                    print('ERR')
            """;

    private static Optional<String> missing;

    @BeforeAll
    static void probePython() {
        missing = SystemPython.itsdangerousMissing();
    }

    /** Per test, so that every skipped test carries the reason in the report. */
    @BeforeEach
    void needsPython() {
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipping itsdangerous cross-check: " + missing.get());
    }

    @Test
    void javaVerifiesWhatPythonSigns() throws Exception {
        SystemPython.Result r = SystemPython.run(SIGN, "", SECRET_HEX);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String signed = r.stdout().strip();
        assertThat(signed).startsWith("channelstream.");
        TimestampSigner signer = new TimestampSigner(SECRET);
        assertThat(signer.unsign(signed, TimestampSigner.DEFAULT_MAX_AGE, TimestampSigner.DEFAULT_FUTURE_SKEW))
                .contains("channelstream");
        assertThat(new TimestampSigner(SECRET.substring(1)).verify(signed)).isFalse();
    }

    @Test
    void pythonUnsignsWhatJavaSigns() throws Exception {
        TimestampSigner signer = new TimestampSigner(SECRET);
        long now = Instant.now().getEpochSecond();
        String good = signer.sign("channelstream");
        String path = signer.sign("/connect");
        String old = signer.sign("channelstream", now - 3600);
        String tampered = TimestampSignerTest.flipFirstSignatureChar(good);
        String js = TimestampSignerTest.jsSign(SECRET, now);
        String input = String.join("\n", good, path, old, tampered, js) + "\n";

        SystemPython.Result r = SystemPython.run(UNSIGN, input, SECRET_HEX);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip().lines()).containsExactly(
                "OK channelstream", "OK /connect", "BAD SignatureExpired", "BAD BadTimeSignature", "OK channelstream");
        Clock fixed = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
        assertThat(new TimestampSigner(SECRET, fixed).verify(js)).isTrue();
    }

    @Test
    void lenientBase64DecodingMatchesPythonOnRandomInput() throws Exception {
        Random random = new Random(20240101);
        String alphabet = "ABZaz09+/-_=!. \u00e9";
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(13);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(sb.toString());
        }
        SystemPython.Result r = SystemPython.run(DECODE, Json.text(texts));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> python = r.stdout().lines().toList();
        assertThat(python).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            byte[] java = TimestampSigner.decodeLenient(texts.get(i));
            assertThat(java == null ? "ERR" : HexFormat.of().formatHex(java)).as("'%s'", texts.get(i))
                    .isEqualTo(python.get(i));
        }
    }
}
