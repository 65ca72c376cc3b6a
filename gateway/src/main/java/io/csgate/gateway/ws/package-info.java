/**
 * Client transports on Undertow: websockets ({@code /ws}) and long polling ({@code /listen}),
 * adapted to the hub's {@link io.csgate.gateway.hub.Session}. Close codes are in
 * {@link io.csgate.gateway.hub.CloseCodes}.
 */
package io.csgate.gateway.ws;
