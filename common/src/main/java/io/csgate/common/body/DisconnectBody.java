package io.csgate.common.body;

import java.util.UUID;

/** {@code /disconnect}, and the disconnect event a gateway produces when a socket goes away. */
public record DisconnectBody(UUID connId) {}
