package io.csgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.RawHttp;
import io.csgate.gateway.testing.TestGateway;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16, L2: with trusted_proxies, every X-Forwarded-For header line counts, in order, before
 * the right-most address that is not a trusted proxy is taken as the client. A client that sends
 * its own line first cannot hide behind the line its proxy appends.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ForwardedForTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        // the test is the proxy (127.0.0.1), which may post itself, as may the backend 10.0.0.5
        gateway = TestGateway.start("xff-" + UUID.randomUUID(), Map.of("trusted_proxies", "127.0.0.1",
                "allow_posting_from", "127.0.0.1, 10.0.0.5"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // one line per '/'
        "10.0.0.5                       | 200",
        "6.6.6.6, 10.0.0.5              | 200",
        "10.0.0.5, 6.6.6.6              | 403",
        "10.0.0.5 / 127.0.0.1           | 200",
        "6.6.6.6 / 10.0.0.5, 127.0.0.1  | 200",
        "6.6.6.6 / 127.0.0.1            | 403",
        "10.0.0.5 / 6.6.6.6             | 403",
        "6.6.6.6, 127.0.0.1 / 127.0.0.1 | 403",
    })
    void everyHeaderLineCountsInOrder(String lines, int status) throws Exception {
        StringBuilder headers = new StringBuilder();
        for (String line : lines.split("/")) {
            headers.append("X-Forwarded-For: ").append(line.trim()).append("\r\n");
        }
        String body = "{\"info\":{}}";
        try (RawHttp c = RawHttp.connect(gateway.url(), Duration.ofSeconds(20))) {
            RawHttp.Answer a = c.send("POST /info HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "X-Channelstream-Secret: " + gateway.client().sign("channelstream") + "\r\n" + headers
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).read();
            assertThat(a.status()).as(a.body()).isEqualTo(status);
        }
    }
}
