package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.kafka.ClientProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.junit.jupiter.api.Test;

/**
 * The one-line reasons for errors as Kafka's clients raise them (the real brokers of
 * secured/KafkaFailureReportingTest produce the common ones; these are the variants).
 */
class KafkaProblemTest {

    private static KafkaClients clients(String... kv) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put(ClientProperties.variableName(kv[i]), kv[i + 1]);
        }
        return new KafkaClients("kafka-1:9093,kafka-2:9093", ClientProperties.fromEnvironment(env));
    }

    private static String of(Throwable e, KafkaClients c) {
        return KafkaProblem.of(new ExecutionException(e), c, Duration.ofSeconds(10));
    }

    @Test
    void authenticationNamesUserMechanismAndAddress() {
        KafkaClients c = clients("sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username='svc-csgate' password='x';");
        assertThat(of(new SaslAuthenticationException("Authentication failed during authentication due to invalid"
                + " credentials with SASL mechanism SCRAM-SHA-512"), c))
                .isEqualTo("authentication failed for user svc-csgate, SASL SCRAM-SHA-512, at kafka-1:9093,kafka-2:9093"
                        + " (Authentication failed during authentication due to invalid credentials with SASL mechanism"
                        + " SCRAM-SHA-512)");
        assertThat(of(new UnsupportedSaslMechanismException("Client SASL mechanism 'PLAIN' not enabled in the server"),
                clients())).isEqualTo("authentication failed, SASL GSSAPI, at kafka-1:9093,kafka-2:9093 (Client SASL"
                        + " mechanism 'PLAIN' not enabled in the server)");
    }

    @Test
    void tlsFailuresSayWhatToChange() {
        KafkaClients c = clients("security.protocol", "SSL");
        assertThat(of(tls("PKIX path building failed: unable to find valid certification path to requested target"), c))
                .startsWith("TLS handshake with kafka-1:9093,kafka-2:9093 failed: the broker's certificate is not trusted");
        assertThat(of(tls("No subject alternative names matching IP address 10.0.0.5 found"), c))
                .contains("the broker's certificate does not name the address connected to");
        assertThat(of(tls("Remote host terminated the handshake"), c))
                .contains("the listener does not answer in TLS").contains("does security.protocol match it");
        assertThat(of(tls("Received fatal alert: certificate_required"), c)).contains("set ssl.keystore.* for mutual TLS");
    }

    @Test
    void aRefusedTopicNamesIt() {
        assertThat(of(new TopicAuthorizationException(Set.of("channelstream.events")), clients()))
                .isEqualTo("not authorised: this client lacks an ACL on topic(s) [channelstream.events] (Not"
                        + " authorized to access topics: [channelstream.events]); see the ACL table of"
                        + " docs/deployment.md");
    }

    @Test
    void nobodyListeningIsToldPerAddress() {
        String nowhere = "127.0.0.1:" + io.csgate.gateway.testing.SecuredKafka.freePort();
        assertThat(KafkaProblem.unreachable(nowhere + ",no-such-host.invalid:9092"))
                .contains("no Kafka broker reachable at " + nowhere + " (connection refused), no-such-host.invalid:9092"
                        + " (unknown host)");
    }

    private static SslAuthenticationException tls(String cause) {
        return new SslAuthenticationException("SSL handshake failed", new SSLHandshakeException(cause));
    }
}
