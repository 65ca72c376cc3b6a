/**
 * Client transports on Undertow: websockets ({@code /ws}, our own RFC 6455 framing on the upgraded
 * connection: {@link io.csgate.gateway.ws.WsSocket}, its {@link io.csgate.gateway.ws.WsQueue}
 * that sends waiting events as one array, the IO threads' {@link io.csgate.gateway.ws.Lanes}
 * that also tell the log reader when to hold back) and long polling ({@code /listen}), adapted to
 * the hub's {@link io.csgate.gateway.hub.Session}. Close codes are in
 * {@link io.csgate.gateway.hub.CloseCodes}.
 */
package io.csgate.gateway.ws;
