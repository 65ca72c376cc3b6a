/**
 * The browser chat demo at {@code /demo} (docs/protocol.md §6.4): open endpoints that turn a browser's
 * unsigned request into a server API command and run it through the same read-your-writes
 * pipeline as the signed endpoints. No authentication: a demo, served only with the {@code demo}
 * setting on.
 */
package io.csgate.gateway.demo;
