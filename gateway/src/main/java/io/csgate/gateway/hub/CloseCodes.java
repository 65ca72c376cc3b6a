package io.csgate.gateway.hub;

/**
 * Websocket close codes the gateway sends. 1000-1999 are the RFC's; 4000-4999 are ours. Every one
 * of ours means "reconnect" to a Channelstream client: it calls its app's connect again and may
 * land on any gateway.
 */
public final class CloseCodes {

    /** Normal: unknown {@code conn_id}, {@code /disconnect}, connection GC, replaced connection. */
    public static final int NORMAL = 1000;
    /** The gateway is shutting down. */
    public static final int GOING_AWAY = 1001;
    /**
     * The client does not take what is sent: more than {@code max_queued_bytes} still waiting
     * after a write, or nothing taken for {@code slow_consumer_after} while events wait.
     */
    public static final int SLOW_CONSUMER = 4001;
    /** This gateway lost Kafka or was declared down; the client should reconnect elsewhere. */
    public static final int GATEWAY_UNAVAILABLE = 4002;
    /** Policy violation: a {@code /ws} request whose {@code conn_id} is missing or not a UUID. */
    public static final int POLICY_VIOLATION = 1008;

    private CloseCodes() {}
}
