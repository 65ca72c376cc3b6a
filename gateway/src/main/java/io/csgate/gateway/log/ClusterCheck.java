package io.csgate.gateway.log;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits at start until the Kafka cluster serves this gateway (reachable, its certificate trusted,
 * this user authenticated and authorised) and its topics are set up ({@link TopicSetup}).
 *
 * <p>Problems of the cluster or of the credentials are retried for as long as the gateway runs,
 * with a pause growing from 1 to 15 seconds: a wrong password may be fixed in the Secret, a
 * missing ACL granted, a broker started. Each distinct problem is logged once, as one line that
 * names it ({@link KafkaProblem}), and is kept for {@code /readyz}. A topic the gateway refuses
 * ({@link TopicSetup.Refused}) and client settings Kafka cannot use end the start.
 *
 * <p>{@link #await} runs on the starting thread; {@link #problem} and {@link #attempts} are read
 * by HTTP threads.
 */
public final class ClusterCheck {

    private static final Logger log = LoggerFactory.getLogger(ClusterCheck.class);
    /** Longest wait for one answer of the cluster. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(15);

    private final KafkaClients clients;
    private final TopicSetup.Plan plan;
    private final String clientId;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile String problem;

    public ClusterCheck(KafkaClients clients, TopicSetup.Plan plan, String clientId) {
        this.clients = clients;
        this.plan = plan;
        this.clientId = clientId;
    }

    /**
     * Returns once the cluster serves this gateway and the topics are set up.
     *
     * @return the number of brokers up
     * @throws TopicSetup.Refused for a topic the gateway will not run on
     * @throws IllegalStateException for client settings Kafka cannot use
     * @throws InterruptedException when the start is abandoned
     */
    public int await() throws InterruptedException {
        long started = System.nanoTime();
        Duration pause = FIRST_PAUSE;
        Admin admin = null;
        try {
            while (true) {
                attempts.incrementAndGet();
                try {
                    Optional<String> down = KafkaProblem.unreachable(clients.bootstrapServers());
                    if (down.isPresent()) {
                        report(down.get());
                    } else {
                        if (admin == null) {
                            admin = newAdmin();
                        }
                        Collection<Node> brokers = admin.describeCluster().nodes()
                                .get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                        new TopicSetup(admin, plan, CALL_TIMEOUT, KafkaProblem.principal(clients)).run(brokers.size());
                        if (problem != null) {
                            log.info("Kafka at {} serves this gateway now ({} broker(s), attempt {}, {} s after start)",
                                    clients.bootstrapServers(), brokers.size(), attempts.get(),
                                    (System.nanoTime() - started) / 1_000_000_000L);
                        }
                        problem = null;
                        return brokers.size();
                    }
                } catch (ExecutionException | TimeoutException | KafkaException e) {
                    report(KafkaProblem.of(e, clients, CALL_TIMEOUT));
                } catch (TopicSetup.NotYet e) {
                    report(e.getMessage());
                }
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
    }

    private Admin newAdmin() {
        try {
            return clients.newAdmin(clientId, CALL_TIMEOUT);
        } catch (KafkaException e) {
            // Deterministic: the settings themselves are unusable (a missing trust store file, a
            // malformed sasl.jaas.config, an unknown mechanism). Retrying cannot help.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("the Kafka client settings cannot be used: " + KafkaProblem.describe(root), e);
        }
    }

    private void report(String now) {
        if (!now.equals(problem)) {
            log.warn("Kafka does not serve this gateway yet; retrying until it does (/readyz shows why): {}", now);
        }
        problem = now;
    }

    /** Why the last attempt failed; empty before the first failure and after success. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Attempts so far. */
    public int attempts() {
        return attempts.get();
    }
}
