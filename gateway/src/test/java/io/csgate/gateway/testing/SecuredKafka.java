package io.csgate.gateway.testing;

import io.csgate.gateway.log.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A second embedded KRaft broker, secured as production clusters are, kept apart from the shared
 * plain one: a SASL_SSL listener whose certificate is made at test time ({@link TestCertificates}),
 * SASL/PLAIN users (JAAS in the listener config) and SCRAM-SHA-512 users (credentials stored through
 * the admin API), and ACLs enforced by the StandardAuthorizer, so a user has exactly the rights it is
 * granted here. An SSL listener requires client certificates (mutual TLS, the principal being the
 * certificate's subject). A PLAINTEXT listener stays on loopback for setup: its principal ANONYMOUS is a super
 * user, as an operator's admin connection would be.
 *
 * <p>One per test JVM, started on first use, stopped with the JVM.
 */
public final class SecuredKafka {

    /** SASL/PLAIN: the gateway's user. */
    public static final String PLAIN_USER = "csgate";
    public static final String PLAIN_PASSWORD = "csgate-plain-pw";
    /** SASL/PLAIN: a gateway user without any Create ACL. */
    public static final String NO_CREATE_USER = "precreated";
    public static final String NO_CREATE_PASSWORD = "precreated-pw";
    /** SCRAM-SHA-512: a second gateway's user. */
    public static final String SCRAM_USER = "replica";
    public static final String SCRAM_PASSWORD = "replica-scram-pw";
    /** SCRAM-SHA-512: a direct producer (the ingest CLI), Write and Describe on the events topic only. */
    public static final String PRODUCER_USER = "producer";
    public static final String PRODUCER_PASSWORD = "producer-scram-pw";

    private static SecuredKafka instance;

    private final EmbeddedKafka broker;
    private final int saslSslPort;
    private final int mtlsPort;
    private final TestCertificates certificates;
    private final Path dir;

    private SecuredKafka(EmbeddedKafka broker, int saslSslPort, int mtlsPort, TestCertificates certificates, Path dir) {
        this.broker = broker;
        this.saslSslPort = saslSslPort;
        this.mtlsPort = mtlsPort;
        this.certificates = certificates;
        this.dir = dir;
    }

    /** The broker of this JVM, started on first use. */
    public static synchronized SecuredKafka get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "secured-kafka-stop"));
        }
        return instance;
    }

    private static SecuredKafka start() {
        try {
            Path dir = Files.createTempDirectory("csgate-secured-kafka");
            TestCertificates certs = TestCertificates.make(dir);
            int plain = freePort();
            int sasl = freePort();
            int mtls = freePort();
            int controller = freePort();
            Map<String, String> o = new LinkedHashMap<>();
            o.put("listeners", "PLAINTEXT://127.0.0.1:" + plain + ",SASL_SSL://127.0.0.1:" + sasl
                    + ",SSL://127.0.0.1:" + mtls + ",CONTROLLER://127.0.0.1:" + controller);
            o.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plain + ",SASL_SSL://127.0.0.1:" + sasl
                    + ",SSL://127.0.0.1:" + mtls);
            o.put("listener.security.protocol.map",
                    "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:PLAINTEXT");
            o.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
            o.put("listener.name.sasl_ssl.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required"
                            + " user_" + PLAIN_USER + "=\"" + PLAIN_PASSWORD + "\""
                            + " user_" + NO_CREATE_USER + "=\"" + NO_CREATE_PASSWORD + "\";");
            o.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            o.put("listener.name.sasl_ssl.ssl.keystore.location", certs.brokerKeystore().toString());
            o.put("listener.name.sasl_ssl.ssl.keystore.password", certs.password());
            o.put("listener.name.sasl_ssl.ssl.key.password", certs.password());
            o.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            o.put("listener.name.ssl.ssl.keystore.location", certs.brokerKeystore().toString());
            o.put("listener.name.ssl.ssl.keystore.password", certs.password());
            o.put("listener.name.ssl.ssl.key.password", certs.password());
            o.put("listener.name.ssl.ssl.keystore.type", "PKCS12");
            o.put("listener.name.ssl.ssl.truststore.type", "PEM");
            o.put("listener.name.ssl.ssl.truststore.location", certs.caPem().toString());
            o.put("listener.name.ssl.ssl.client.auth", "required");
            o.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            o.put("super.users", "User:ANONYMOUS");
            EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("data"), plain, controller, o);
            SecuredKafka k = new SecuredKafka(broker, sasl, mtls, certs, dir);
            k.addScramUsers();
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addScramUsers() {
        ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096);
        admin(a -> a.alterUserScramCredentials(List.of(
                new UserScramCredentialUpsertion(SCRAM_USER, info, SCRAM_PASSWORD),
                new UserScramCredentialUpsertion(PRODUCER_USER, info, PRODUCER_PASSWORD))).all());
    }

    /** {@code 127.0.0.1:port} of the SASL_SSL listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + saslSslPort;
    }

    /** The PLAINTEXT listener, where ANONYMOUS is a super user: for setting up and inspecting, as an operator. */
    public String setupBootstrapServers() {
        return broker.bootstrapServers();
    }

    public int saslSslPort() {
        return saslSslPort;
    }

    /** {@code 127.0.0.1:port} of the SSL listener that requires a client certificate. */
    public String mutualTlsBootstrapServers() {
        return "127.0.0.1:" + mtlsPort;
    }

    /** Client settings for mutual TLS as Strimzi's KafkaUser Secret provides them: a PKCS12 key store. */
    public Map<String, String> mutualTlsClientSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("security.protocol", "SSL");
        m.put("ssl.keystore.type", "PKCS12");
        m.put("ssl.keystore.location", certificates.clientKeystore().toString());
        m.put("ssl.keystore.password", certificates.password());
        m.put("ssl.truststore.type", "PEM");
        m.put("ssl.truststore.location", certificates.caPem().toString());
        return m;
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** Client settings for SASL_SSL with {@code mechanism}, trusting the broker's CA (a PEM file). */
    public Map<String, String> clientSettings(String mechanism, String user, String password) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("security.protocol", "SASL_SSL");
        m.put("sasl.mechanism", mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        m.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        m.put("ssl.truststore.type", "PEM");
        m.put("ssl.truststore.location", certificates.caPem().toString());
        return m;
    }

    /** Writes {@code settings} as a properties file named {@code name} in {@code dir}. */
    public static Path writeProperties(Path dir, String name, Map<String, String> settings) {
        Properties p = new Properties();
        p.putAll(settings);
        Path file = dir.resolve(name);
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "test client settings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * The ACLs docs/deployment.md lists for a gateway: Describe, Read, Write and DescribeConfigs on
     * both topics, and Create on them when the gateway creates them.
     */
    public void grantGateway(String user, String eventsTopic, String snapshotTopic, boolean create) {
        List<AclOperation> ops = new ArrayList<>(List.of(AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE,
                AclOperation.DESCRIBE_CONFIGS));
        if (create) {
            ops.add(AclOperation.CREATE);
        }
        grant(user, ops, eventsTopic, snapshotTopic);
    }

    /** The ACLs docs/deployment.md lists for a direct producer: Describe and Write on the events topic. */
    public void grantProducer(String user, String eventsTopic) {
        grant(user, List.of(AclOperation.DESCRIBE, AclOperation.WRITE), eventsTopic);
    }

    /** Grants {@code ops} on the literal {@code topics} to {@code user}. */
    public void grant(String user, List<AclOperation> ops, String... topics) {
        List<AclBinding> acls = Stream.of(topics)
                .flatMap(t -> ops.stream().map(op -> new AclBinding(
                        new ResourcePattern(ResourceType.TOPIC, t, PatternType.LITERAL),
                        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW))))
                .collect(Collectors.toList());
        admin(a -> a.createAcls(acls).all());
    }

    /** Creates topics as an operator would before starting gateways that may not create them. */
    public void createTopics(NewTopic... topics) {
        admin(a -> a.createTopics(List.of(topics)).all());
    }

    private interface AdminCall {
        org.apache.kafka.common.KafkaFuture<?> call(Admin admin);
    }

    private void admin(AdminCall call) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin a = Admin.create(p)) {
            call.call(a).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("admin call on the secured broker failed: " + e, e);
        }
    }

    private void stop() {
        broker.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder; the OS cleans it eventually
        }
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
