package io.csgate.gateway.cluster;

import io.csgate.gateway.hub.CloseCodes;
import io.csgate.gateway.hub.Hub;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cut off from Kafka beyond {@code gateway_down_after}: the other gateways will soon declare this
 * one down, so its sockets are closed ({@link CloseCodes#GATEWAY_UNAVAILABLE}) and their clients
 * reconnect elsewhere. Once per cut-off. Scheduled every second on {@code csgate-timers}; it reads
 * the reader's last contact (published by the reader thread) and only queues the closes, so it never
 * blocks.
 */
public final class KafkaWatch implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(KafkaWatch.class);

    private final Supplier<Instant> lastContact;
    private final Duration downAfter;
    private final Hub hub;
    /** Only the timer thread touches it. */
    private boolean cutOff;

    public KafkaWatch(Supplier<Instant> lastContact, Duration downAfter, Hub hub) {
        this.lastContact = lastContact;
        this.downAfter = downAfter;
        this.hub = hub;
    }

    @Override
    public void run() {
        boolean lost = lastContact.get().isBefore(Instant.now().minus(downAfter));
        if (lost && !cutOff) {
            log.warn("no contact with Kafka for {} s; closing {} sockets so their clients reconnect elsewhere",
                    downAfter.toSeconds(), hub.size());
            hub.closeAll(CloseCodes.GATEWAY_UNAVAILABLE, "gateway lost Kafka");
        }
        cutOff = lost;
    }
}
