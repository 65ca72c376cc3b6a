/**
 * A lean NIO websocket client, made to hold tens of thousands of mostly idle sockets per process.
 * One {@link io.csgate.bench.ws.WsClient} owns one or a few selector threads
 * ({@link io.csgate.bench.ws.IoLoop}); each socket is a non-blocking {@code SocketChannel} with a
 * small {@link io.csgate.bench.ws.WsConnection} holding its state (no buffers while idle: reads go
 * through one buffer per selector thread, and only a partial frame is copied aside). It speaks
 * the HTTP/1.1 upgrade, decodes server frames (text, continuation, ping, close), and writes masked
 * client frames (pong, close, text heartbeats). No extensions, no TLS.
 */
package io.csgate.bench.ws;
