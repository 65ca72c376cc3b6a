package io.csgate.common.event;

/** Topic and header names shared by gateways, the ingest CLI and third-party producers. */
public final class Topics {

    /** The one ordered log of channel events. */
    public static final String DEFAULT_EVENTS_TOPIC = "channelstream.events";

    /** Record header holding the record signature ({@code v1=<base64url HMAC-SHA256>}). */
    public static final String SIGNATURE_HEADER = "cs-signature";

    private Topics() {}
}
