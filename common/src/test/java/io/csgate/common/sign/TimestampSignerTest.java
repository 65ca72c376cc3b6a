package io.csgate.common.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/protocol.md §2: the worked examples byte for byte, expiry, skew, tampering and lenient base64. */
class TimestampSignerTest {

    static final long T = 1_700_000_000L;
    static final Duration MAX_AGE = TimestampSigner.DEFAULT_MAX_AGE;
    static final Duration SKEW = TimestampSigner.DEFAULT_FUTURE_SKEW;

    static Clock at(long epochSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

    static byte[] hmacSha1(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** The JS client's {@code hashStrip}: only the first {@code =}, {@code +} and {@code /} are replaced. */
    static String hashStrip(String standardBase64) {
        return replaceFirst(replaceFirst(replaceFirst(standardBase64, "=", ""), "+", "-"), "/", "_");
    }

    private static String replaceFirst(String s, String what, String with) {
        int i = s.indexOf(what);
        return i < 0 ? s : s.substring(0, i) + with + s.substring(i + what.length());
    }

    /** {@code ChannelStreamSigner(secret).signRequest()} of the JS client, at {@code ts}. */
    static String jsSign(String secret, long ts) throws Exception {
        byte[] all = java.nio.ByteBuffer.allocate(8).putLong(ts).array();
        int first = 0;
        while (all[first] == 0) {
            first++;
        }
        byte[] tsBytes = java.util.Arrays.copyOfRange(all, first, 8);
        String value = "channelstream." + hashStrip(Base64.getEncoder().encodeToString(tsBytes));
        byte[] mac = hmacSha1(TimestampSigner.deriveKey(secret), value);
        return value + "." + hashStrip(Base64.getEncoder().encodeToString(mac));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "secret|channelstream|1700000000|3a1c28f7aad5a02fe672d24f1003fb52a7312ed7|ZVPxAA|6553f100"
            + "|501f484e79eff54213bb491af765890a7d5516c4|channelstream.ZVPxAA.UB9ITnnv9UITu0ka92WJCn1VFsQ",
        "secret|/connect|1600000000|3a1c28f7aad5a02fe672d24f1003fb52a7312ed7|X14QAA|5f5e1000"
            + "|48f33ab07b629c4054f0c9816676ad88ef95ab40|/connect.X14QAA.SPM6sHtinEBU8MmBZnatiO-Vq0A",
        "my-Secret_\u043a\u043b\u044e\u0447|channelstream|1735689600|a651802a53c01eb1962929c2605acb47ca78dcdc|Z3SFgA"
            + "|67748580|cfada43da28d6337debd503ad8438efc24e77b3a|channelstream.Z3SFgA.z62kPaKNYzfevVA62EOO_CTnezo"})
    void workedExamplesOfSection33(String secret, String value, long ts, String keyHex, String tsB64, String tsHex,
            String macHex, String header) throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] key = TimestampSigner.deriveKey(secret);
        assertThat(hex.formatHex(key)).isEqualTo(keyHex);
        assertThat(TimestampSigner.encodeTimestamp(ts)).isEqualTo(tsB64);
        assertThat(hex.formatHex(TimestampSigner.decodeLenient(tsB64))).isEqualTo(tsHex);
        byte[] mac = hmacSha1(key, value + "." + tsB64);
        assertThat(hex.formatHex(mac)).isEqualTo(macHex);

        TimestampSigner signer = new TimestampSigner(secret, at(ts));
        assertThat(signer.sign(value)).isEqualTo(header);
        assertThat(new TimestampSigner(secret, at(0)).sign(value, ts)).isEqualTo(header);
        assertThat(header).endsWith("." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac));
        assertThat(header.substring(header.lastIndexOf('.') + 1)).hasSize(27);
        assertThat(signer.unsign(header, MAX_AGE, SKEW)).contains(value);
        assertThat(signer.verify(header)).isTrue();
        // old examples: valid only with validate_requests = false
        assertThat(new TimestampSigner(secret).verify(header)).isFalse();
        assertThat(new TimestampSigner(secret).unsign(header, null, null)).contains(value);
    }

    @ParameterizedTest
    @CsvSource({"-61,false", "-60,true", "-1,true", "0,true", "5,true", "6,false", "3600,false"})
    void expiryAndFutureSkew(long offset, boolean accepted) {
        TimestampSigner signer = new TimestampSigner("secret", at(T));
        String signed = signer.sign("channelstream", T + offset);
        assertThat(signer.verify(signed)).isEqualTo(accepted);
        assertThat(signer.unsign(signed, MAX_AGE, SKEW).isPresent()).isEqualTo(accepted);
        assertThat(signer.unsign(signed, null, SKEW)).contains("channelstream");
    }

    @Test
    void withoutFutureLimitAnyFutureTimestampPassesAsInItsdangerous11() {
        TimestampSigner signer = new TimestampSigner("secret", at(T));
        assertThat(signer.unsign(signer.sign("v", T + 86_400), MAX_AGE, null)).contains("v");
        assertThat(signer.unsign(signer.sign("v", T - 61), MAX_AGE, null)).isEmpty();
    }

    @Test
    void maxAgeNullAcceptsOldValuesButStillChecksTheMac() {
        TimestampSigner signer = new TimestampSigner("secret", at(T));
        String old = signer.sign("channelstream", 1_000_000_000L);
        assertThat(signer.unsign(old, null, null)).contains("channelstream");
        assertThat(signer.unsign(flipFirstSignatureChar(old), null, null)).isEmpty();
        assertThat(new TimestampSigner("other", at(T)).unsign(old, null, null)).isEmpty();
    }

    @Test
    void tamperedValueTimestampOrSignatureIsRejected() {
        TimestampSigner signer = new TimestampSigner("secret", at(T));
        String good = signer.sign("channelstream", T);
        assertThat(good).isEqualTo("channelstream.ZVPxAA.UB9ITnnv9UITu0ka92WJCn1VFsQ");
        assertThat(signer.verify(good)).isTrue();
        assertThat(signer.verify("channelstreaM.ZVPxAA.UB9ITnnv9UITu0ka92WJCn1VFsQ")).isFalse();
        assertThat(signer.verify("/connect.ZVPxAA.UB9ITnnv9UITu0ka92WJCn1VFsQ")).isFalse();
        assertThat(signer.verify("channelstream.ZVPxAB.UB9ITnnv9UITu0ka92WJCn1VFsQ")).isFalse(); // MAC covers the text
        assertThat(signer.verify("channelstream.ZVPxAQ.UB9ITnnv9UITu0ka92WJCn1VFsQ")).isFalse();
        // the last signature character carries 2 unused bits, which Python ignores too
        assertThat(signer.verify("channelstream.ZVPxAA.UB9ITnnv9UITu0ka92WJCn1VFsR")).isTrue();
        assertThat(signer.verify(flipFirstSignatureChar(good))).isFalse();
        assertThat(signer.verify(good + "A")).isFalse();
        assertThat(signer.verify(good.substring(0, good.length() - 1))).isFalse();
        assertThat(new TimestampSigner("Secret", at(T)).verify(good)).isFalse();
    }

    @Test
    void malformedValuesAreRejected() throws Exception {
        TimestampSigner signer = new TimestampSigner("secret", at(T));
        String b64mac = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmacSha1(TimestampSigner.deriveKey("secret"), "channelstream"));
        assertThat(signer.unsign("channelstream." + b64mac, null, null)).as("timestamp missing").isEmpty();
        for (String ts : new String[] {"A", "AAAAAAAAAAAA", "AB!"}) {
            String part = "channelstream." + ts;
            String mac = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(hmacSha1(TimestampSigner.deriveKey("secret"), part));
            assertThat(signer.unsign(part + "." + mac, null, null)).as(ts).isEmpty();
        }
        // like Python, no data characters at all decode to the timestamp 0
        String epoch = "channelstream.!!";
        String epochMac = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmacSha1(TimestampSigner.deriveKey("secret"), epoch));
        assertThat(signer.unsign(epoch + "." + epochMac, null, null)).contains("channelstream");
        assertThat(signer.verify(epoch + "." + epochMac)).isFalse();
        assertThat(signer.verify("channelstream")).as("no dot").isFalse();
        assertThat(signer.verify("")).isFalse();
        assertThat(signer.verify(null)).isFalse();
        assertThat(signer.verify("channelstream.AAAA.BBBB")).isFalse();
        assertThatThrownBy(() -> signer.sign("v", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signaturesOfTheJsClientWithStandardAlphabetCharactersAreAccepted() throws Exception {
        long ts = T;
        String signed = jsSign("secret", ts);
        // find a time whose MAC keeps a raw '+' and '/' after hashStrip (deterministic search)
        while (!(signed.substring(signed.lastIndexOf('.')).contains("+")
                && signed.substring(signed.lastIndexOf('.')).contains("/"))) {
            signed = jsSign("secret", ++ts);
            assertThat(ts).isLessThan(T + 100_000);
        }
        assertThat(signed).matches("channelstream\\.[A-Za-z0-9_+/-]{6}=\\.[A-Za-z0-9_+/-]{27}");
        assertThat(new TimestampSigner("secret", at(ts)).unsign(signed, MAX_AGE, SKEW)).contains("channelstream");
        assertThat(new TimestampSigner("secret", at(ts + 61)).verify(signed)).isFalse();
        assertThat(new TimestampSigner("secret", at(ts)).verify(signed.replace('+', '*'))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "ERR", value = {
        "ZVPxAA|6553f100", "ZVPxAA=|6553f100", "ZVPxAA==|6553f100", "Z-Px_A|67e3f1fc", "Z+Px/A|67e3f1fc",
        "A=BCD|001083", "AB=CD|001083", "AB==CD|00", "ABC|0010", "ABC=D|0010", "ZVPxAB|6553f100",
        "ZV\u00e9PxAA|6553f100", "''|''", "AB!|ERR", "AB!=|ERR", "A|ERR", "ABCDE|ERR", "ZV PxAA|ERR", "ZVPxAA.|ERR"})
    void lenientBase64MatchesItsdangerous(String text, String hex) {
        byte[] decoded = TimestampSigner.decodeLenient(text);
        if (hex == null) {
            assertThat(decoded).isNull();
        } else {
            assertThat(decoded).isNotNull();
            assertThat(HexFormat.of().formatHex(decoded)).isEqualTo(hex);
        }
    }

    static String flipFirstSignatureChar(String signed) {
        int i = signed.lastIndexOf('.') + 1;
        char c = signed.charAt(i);
        return signed.substring(0, i) + (c == 'A' ? 'B' : 'A') + signed.substring(i + 1);
    }
}
