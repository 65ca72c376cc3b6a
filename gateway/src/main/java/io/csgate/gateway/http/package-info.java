/**
 * The HTTP transport of the server API: one {@link io.csgate.gateway.http.Command} per
 * state-changing endpoint run through the read-your-writes {@link io.csgate.gateway.http.CommandHandler},
 * reads of the state through {@link io.csgate.gateway.http.StateQuery} (the state thread and back to
 * the IO thread), the access check ({@link io.csgate.gateway.http.ApiGuard}), CORS, routing, and
 * {@link io.csgate.gateway.http.Failures}, the one place where a failure (the one error type
 * {@link io.csgate.gateway.http.ApiException}, a 422, a 503, a bug) becomes an answer. The network edge
 * is bounded here too: connections per listener ({@link io.csgate.gateway.http.ConnectionLimit}), time
 * to send headers and bodies, body size and memory ({@link io.csgate.gateway.http.BodyLimitHandler}).
 * It meets the log only through the interfaces of {@code replica}. Undertow types live here and in
 * {@code ws} (which uses this package; this one does not know {@code ws}); IO threads never block.
 */
package io.csgate.gateway.http;
