/**
 * The HTTP transport of the server API: one {@link io.csgate.gateway.http.Command} per
 * state-changing endpoint run through the read-your-writes {@link io.csgate.gateway.http.CommandHandler},
 * the access check ({@link io.csgate.gateway.http.ApiGuard}), CORS, routing, and the one error type
 * ({@link io.csgate.gateway.http.ApiException}) rendered in one place ({@link io.csgate.gateway.http.Responses}).
 * Undertow types live here and in {@code ws}; IO threads never block.
 */
package io.csgate.gateway.http;
