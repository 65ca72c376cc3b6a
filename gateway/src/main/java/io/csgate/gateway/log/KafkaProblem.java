package io.csgate.gateway.log;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Why Kafka does not serve this gateway, as one line an operator can act on: which user, which
 * mechanism, which address, and what to change. Kafka's clients report most of these as a timeout
 * ("Timed out waiting for a node assignment") or bury them in a cause chain; this names them.
 */
final class KafkaProblem {

    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|(\\S+?);?\\s)");
    private static final Duration TCP_TIMEOUT = Duration.ofSeconds(2);

    private KafkaProblem() {}

    /**
     * The problem behind {@code e}, a failure of a call to the cluster. A timeout is told apart by
     * connecting to the bootstrap addresses: nobody listening, or listening but not answering as
     * the configured kind of Kafka listener.
     */
    static String of(Throwable e, KafkaClients clients, Duration waited) {
        String at = clients.bootstrapServers();
        SslAuthenticationException tls = find(e, SslAuthenticationException.class);
        if (tls != null) {
            return "TLS handshake with " + at + " failed: " + tlsReason(tls);
        }
        AuthenticationException auth = find(e, AuthenticationException.class);
        if (auth != null) {
            return "authentication failed" + user(clients).map(u -> " for user " + u).orElse("") + ", SASL "
                    + mechanism(clients) + ", at " + at + " (" + firstLine(auth.getMessage()) + ")";
        }
        TopicAuthorizationException topics = find(e, TopicAuthorizationException.class);
        if (topics != null) {
            return "not authorised: " + principal(clients) + " lacks an ACL on topic(s) " + topics.unauthorizedTopics()
                    + " (" + firstLine(topics.getMessage()) + "); see the ACL table of docs/deployment.md";
        }
        AuthorizationException denied = find(e, AuthorizationException.class);
        if (denied != null) {
            return "not authorised: " + principal(clients) + " was refused at " + at + " ("
                    + firstLine(denied.getMessage()) + "); see the ACL table of docs/deployment.md";
        }
        if (isTimeout(e)) {
            return unreachable(at).orElseGet(() -> at + " accepts connections but gave no Kafka answer within "
                    + waited.toSeconds() + " s with security.protocol=" + clients.securityProtocol()
                    + ": does that match the broker's listener (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL), and can"
                    + " this host reach the addresses the brokers advertise?");
        }
        return "Kafka at " + at + " failed: " + describe(rootCause(e));
    }

    /**
     * Connects to each bootstrap address; empty when one accepts, else why none did
     * ({@code no Kafka broker reachable at a:1 (connection refused), b:2 (unknown host)}).
     */
    static Optional<String> unreachable(String bootstrap) {
        List<String> why = new ArrayList<>();
        for (String server : bootstrap.split(",")) {
            String s = server.strip();
            int colon = s.lastIndexOf(':');
            String host = s.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(s.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) TCP_TIMEOUT.toMillis());
                return Optional.empty();
            } catch (UnknownHostException e) {
                why.add(s + " (unknown host)");
            } catch (java.net.SocketTimeoutException e) {
                why.add(s + " (no answer within " + TCP_TIMEOUT.toSeconds() + " s)");
            } catch (IOException e) {
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                why.add(s + " (" + m.toLowerCase(Locale.ROOT).replace(" (connection refused)", "") + ")");
            }
        }
        return Optional.of("no Kafka broker reachable at " + String.join(", ", why));
    }

    private static String tlsReason(SslAuthenticationException e) {
        Throwable root = rootCause(e);
        String all = chainText(e).toLowerCase(Locale.ROOT);
        if (all.contains("unable to find valid certification path") || all.contains("pkix path")) {
            return "the broker's certificate is not trusted (" + firstLine(root.getMessage()) + "); give the"
                    + " certificate of its CA in ssl.truststore.location or ssl.truststore.certificates";
        }
        if (all.contains("no subject alternative") || all.contains("no name matching")) {
            return "the broker's certificate does not name the address connected to (" + firstLine(root.getMessage())
                    + "); connect by a name the certificate holds";
        }
        if (all.contains("notafter") || all.contains("certificate expired")) {
            return "a certificate has expired (" + firstLine(root.getMessage()) + ")";
        }
        if (all.contains("remote host terminated the handshake") || all.contains("unrecognized ssl message")) {
            return "the listener does not answer in TLS (" + firstLine(root.getMessage()) + "); does"
                    + " security.protocol match it (PLAINTEXT and SASL_PLAINTEXT listeners have no TLS)?";
        }
        if (all.contains("bad_certificate") || all.contains("certificate_required")) {
            return "the broker refused this client's certificate, or wanted one (" + firstLine(root.getMessage())
                    + "); set ssl.keystore.* for mutual TLS";
        }
        SSLException ssl = find(e, SSLException.class);
        return firstLine((ssl != null ? ssl : root).getMessage());
    }

    /** {@code user <name>} when the SASL settings name one, else {@code this client}. */
    static String principal(KafkaClients clients) {
        return user(clients).map(u -> "user " + u).orElse("this client");
    }

    private static Optional<String> user(KafkaClients clients) {
        return clients.operator().value(SaslConfigs.SASL_JAAS_CONFIG).flatMap(jaas -> {
            Matcher m = JAAS_USER.matcher(jaas + " ");
            if (!m.find()) {
                return Optional.empty();
            }
            String u = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            return Optional.of(u);
        });
    }

    private static String mechanism(KafkaClients clients) {
        return clients.operator().value(SaslConfigs.SASL_MECHANISM).map(String::strip)
                .orElse(SaslConfigs.DEFAULT_SASL_MECHANISM);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String chainText(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
