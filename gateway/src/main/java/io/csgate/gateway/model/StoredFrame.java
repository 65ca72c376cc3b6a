package io.csgate.gateway.model;

import java.util.LinkedHashMap;

/**
 * A stored event and the position ({@link ChannelstreamModel#seq()}) of the event that made it.
 * The body is mutable on purpose: message edits patch stored messages in place.
 */
record StoredFrame(long seq, LinkedHashMap<String, Object> body) {}
