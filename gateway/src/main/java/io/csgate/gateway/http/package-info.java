/**
 * The HTTP transport of the server API: one {@link io.csgate.gateway.http.Command} per
 * state-changing endpoint run through the read-your-writes {@link io.csgate.gateway.http.CommandHandler},
 * the access check ({@link io.csgate.gateway.http.ApiGuard}), CORS, routing, and the one error type
 * ({@link io.csgate.gateway.http.ApiException}) rendered in one place ({@link io.csgate.gateway.http.Responses}).
 * The network edge is bounded here too: connections per listener
 * ({@link io.csgate.gateway.http.ConnectionLimit}), time to send headers and bodies, body size and
 * memory ({@link io.csgate.gateway.http.BodyLimitHandler}); unexpected failures become one 500 with
 * an id ({@link io.csgate.gateway.http.Failures}). Undertow types live here and in {@code ws}; IO
 * threads never block.
 */
package io.csgate.gateway.http;
