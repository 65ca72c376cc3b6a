/**
 * The operator's pages (docs/protocol.md §6.1): sign-in with a signed session cookie
 * ({@link io.csgate.gateway.admin.AdminSession}), limited per client address
 * ({@link io.csgate.gateway.admin.SignInLimiter}), sign-out that every replica applies from the log
 * ({@link io.csgate.gateway.admin.SessionRevocations}), the self-refreshing panel and
 * {@code /admin/admin.json}, the OpenAPI document and the Swagger UI explorer, and the bundled
 * static files under {@code /static/}. {@link io.csgate.gateway.admin.AdminSite} lists every path.
 * Undertow types live here; IO threads never block.
 */
package io.csgate.gateway.admin;
