/**
 * The Channelstream server API as the bench calls it: a small pool of blocking HTTP/1.1 keep-alive
 * connections ({@link io.csgate.bench.http.HttpConnection}), the itsdangerous signature that every
 * call carries, refreshed well before it expires ({@link io.csgate.bench.http.Signature}), and the
 * calls themselves ({@link io.csgate.bench.http.ChannelstreamApi}).
 */
package io.csgate.bench.http;
