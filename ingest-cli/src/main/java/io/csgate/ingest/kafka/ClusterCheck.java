package io.csgate.ingest.kafka;

import io.csgate.ingest.ExitCode;
import io.csgate.ingest.IngestException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks Kafka, before anything is produced, whether it is there: the bootstrap servers resolve
 * (else a configuration error, exit 2), a broker answers within the timeout, and the topic exists
 * (else exit 1, with the servers and the time tried). Without it an unreachable broker looks like
 * a missing topic after the producer's whole metadata wait. The admin client gets the producer's
 * connection settings (address, security), so it reaches Kafka exactly as the producer would.
 */
final class ClusterCheck {

    private ClusterCheck() {}

    static void run(Properties producer, String topic, Duration timeout) {
        String servers = producer.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        requireResolvable(servers);
        int ms = (int) Math.max(1000, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        long deadline = System.nanoTime() + ms * 1_000_000L;
        String tried = "tried " + servers + " for " + seconds(ms);
        Admin admin;
        try {
            admin = Admin.create(adminProperties(producer, ms));
        } catch (KafkaException e) {
            if (hasCause(e, ConfigException.class)) {
                throw IngestException.usage("bad Kafka client settings: " + rootMessage(e));
            }
            throw new IngestException(ExitCode.NOT_DELIVERED, "cannot reach Kafka at " + servers + ": " + rootMessage(e));
        }
        try {
            reachable(admin, servers, tried, left(deadline));
            topicExists(admin, servers, topic, Math.max(1000, left(deadline)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException(ExitCode.NOT_DELIVERED, "interrupted while reaching Kafka at " + servers);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static void reachable(Admin admin, String servers, String tried, int ms) throws InterruptedException {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).nodes().get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException || cause instanceof TimeoutException) {
                throw new IngestException(ExitCode.NOT_DELIVERED, "Kafka is unreachable: no broker answered (" + tried
                        + ", --connect-timeout). Is it running, and are --bootstrap-servers / kafka_bootstrap_servers"
                        + " right?");
            }
            throw new IngestException(ExitCode.NOT_DELIVERED, "Kafka at " + servers + " refused the connection: "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    private static void topicExists(Admin admin, String servers, String topic, int ms) throws InterruptedException {
        try {
            admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(ms)).allTopicNames()
                    .get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IngestException(ExitCode.NOT_DELIVERED, "topic '" + topic + "' does not exist on Kafka at "
                        + servers + " (the gateways create it when they start; is --topic / kafka_topic right?)");
            }
            // e.g. not allowed to describe it: the producer reports what really stops it
        } catch (TimeoutException e) {
            throw new IngestException(ExitCode.NOT_DELIVERED, "Kafka at " + servers + " did not describe topic '"
                    + topic + "' within " + seconds(ms));
        }
    }

    /** The admin client settings: the producer's connection and security settings, every wait {@code ms}. */
    static Properties adminProperties(Properties producer, int ms) {
        Properties p = new Properties();
        producer.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(k))) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, KafkaSink.CLIENT_ID + "-check");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }

    /** As Kafka's client: fine while at least one server resolves; none resolving is a configuration error. */
    private static void requireResolvable(String servers) {
        List<String> unknown = new ArrayList<>();
        String[] all = servers == null ? new String[0] : servers.split(",");
        for (String server : all) {
            String s = server.strip();
            int colon = s.lastIndexOf(':');
            String host = colon > 0 ? s.substring(0, colon) : s;
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                InetAddress.getAllByName(host);
                return;
            } catch (UnknownHostException e) {
                unknown.add(host);
            }
        }
        throw IngestException.usage("no bootstrap server resolves to an address: unknown host"
                + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                + " (--bootstrap-servers / kafka_bootstrap_servers)");
    }

    /** Milliseconds until {@code deadline}, at least 1: the whole check, client start included, keeps to the timeout. */
    private static int left(long deadline) {
        return (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
    }

    private static String seconds(int ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
