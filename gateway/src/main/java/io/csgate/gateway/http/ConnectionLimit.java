package io.csgate.gateway.http;

import io.csgate.gateway.metrics.RateLimitedLog;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;

/**
 * The accept side of one listener: counts its open client connections and closes a new one as
 * soon as it is accepted while {@code max} are open. A flood of connections then holds at most
 * {@code max} file descriptors, and the ones kept back stay free for Kafka, the embedded broker
 * and the management listener; connections already open are not touched. The count goes down in
 * the connection's close listener, which XNIO merges with the ones Undertow and {@code ws.WsSocket}
 * add later, so upgraded websockets are counted until they close too.
 *
 * <p>Runs on the IO thread that accepts; thread-safe.
 */
final class ConnectionLimit implements ChannelListener<AcceptingChannel<StreamConnection>> {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);
    /** Used when the process's open-file limit cannot be read (not a Unix JVM). */
    static final int FALLBACK_MAX = 10_000;
    /** The least a derived limit goes down to, however low the open-file limit. */
    static final int MIN_DERIVED = 64;

    private final String listener;
    private final int max;
    private final ChannelListener<StreamConnection> next;
    private final Counter refused;
    private final AtomicInteger open = new AtomicInteger();
    private final RateLimitedLog refusedLog = new RateLimitedLog(log, 10_000);

    /**
     * @param listener the listener's name, for the log and the meters
     * @param next Undertow's open listener, which takes the connections let in
     */
    ConnectionLimit(String listener, int max, ChannelListener<StreamConnection> next, Counter refused) {
        this.listener = listener;
        this.max = max;
        this.next = next;
        this.refused = refused;
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> channel) {
        StreamConnection connection;
        try {
            connection = channel.accept();
        } catch (IOException e) {
            // e.g. EMFILE: XNIO backs off accepting by itself
            refusedLog.warn("{} listener could not accept a connection: {}", listener, e.toString());
            return;
        }
        if (connection == null) {
            return;
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            refusedLog.warn("{} listener: {} connections are open (max_connections); refusing new ones", listener, max);
            IoUtils.safeClose(connection);
            return;
        }
        // Set first: later owners' close listeners are merged after this one, never replace it.
        connection.setCloseListener(c -> open.decrementAndGet());
        next.handleEvent(connection);
    }

    /** Client connections of this listener open now. */
    int open() {
        return open.get();
    }

    int max() {
        return max;
    }

    /**
     * The connection limit to use: {@code configured} when set, else the open-file limit minus
     * {@code reserved}. Warns when a configured value leaves less than {@code reserved}.
     *
     * @param configured {@code max_connections}, 0 for the derived value
     * @param fdLimit the process's open-file limit, or a negative number when unknown
     */
    static int resolve(int configured, long fdLimit, int reserved) {
        if (configured > 0) {
            if (fdLimit > 0 && configured > fdLimit - reserved) {
                log.warn("max_connections = {} leaves fewer than {} of the process's {} file descriptors for"
                        + " Kafka and the embedded broker; a connection flood may starve them", configured,
                        reserved, fdLimit);
            }
            return configured;
        }
        if (fdLimit <= 0) {
            return FALLBACK_MAX;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_DERIVED, fdLimit - reserved));
    }

    /** The process's open-file limit (RLIMIT_NOFILE), or -1 when the JVM does not say. */
    static long fileDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
