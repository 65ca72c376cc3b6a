package io.csgate.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.sign.TimestampSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChannelstreamApiTest {

    private static String connId(String json) throws IOException {
        return ChannelstreamApi.connId(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheConnIdWhereverItIsAndStopsThere() throws Exception {
        assertThat(connId("{\"conn_id\": \"a-b\", \"channels_info\": {\"channels\": {}, \"users\": [1,2]}}"))
                .isEqualTo("a-b");
        assertThat(connId("{\"state\": {\"x\": [1, {\"conn_id\": \"nested\"}]}, \"conn_id\": \"top\"}")).isEqualTo("top");
        // a broken tail after the conn_id is never read
        assertThat(connId("{\"conn_id\":\"first\",\"channels_info\": [[[")).isEqualTo("first");
        assertThat(connId("{\"username\": \"u\"}")).isNull();
        assertThat(connId("[]")).isNull();
        assertThatThrownBy(() -> connId("{\"a\": nope")).isInstanceOf(IOException.class);
    }

    @Test
    void signatureVerifiesWithTheSecretAndIsReusedUntilRefresh() {
        Signature s = new Signature("k");
        String line = s.headerLine();
        assertThat(line).startsWith(Signature.HEADER + ": channelstream.");
        assertThat(new TimestampSigner("k").verify(line.substring(Signature.HEADER.length() + 2))).isTrue();
        assertThat(new TimestampSigner("other").verify(line.substring(Signature.HEADER.length() + 2))).isFalse();
        assertThat(s.headerLine()).isSameAs(line);
        assertThat(Signature.REFRESH).isLessThan(Duration.ofSeconds(30));
    }
}
