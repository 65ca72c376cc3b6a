package io.csgate.gateway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what the gateway logs while it is open: events of the project's, Undertow's and XNIO's
 * loggers (Kafka's own chatter is left out). Thread-safe.
 */
public final class LogCapture implements AutoCloseable {

    private static final List<String> OURS = List.of("io.csgate", "io.undertow", "org.xnio");

    private final Logger root;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger root) {
        this.root = root;
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture root() {
        return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    }

    /** Events at {@code min} or above, of the project's, Undertow's and XNIO's loggers, in order. */
    public List<ILoggingEvent> events(Level min) {
        synchronized (appender.list) {
            return appender.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(min))
                    .filter(e -> OURS.stream().anyMatch(p -> e.getLoggerName().startsWith(p)))
                    .toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
