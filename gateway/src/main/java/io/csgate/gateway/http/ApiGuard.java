package io.csgate.gateway.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server API's access check (docs/protocol.md §1): the caller's address must be in
 * {@code allow_posting_from} (exact match, or the list holds {@code 0.0.0.0}), then a signature
 * must be present (header {@code X-Channelstream-Secret}, else query {@code secret}) and valid.
 * Not allowed or unsigned → 403; bad signature → 401 {@code {"request": "Bad Signature"}}.
 * {@code X-Forwarded-For} counts only from {@code trusted_proxies} (docs/protocol.md §14 #16). Thread-safe.
 */
public final class ApiGuard {

    static final HttpString SECRET_HEADER = new HttpString("X-Channelstream-Secret");
    private static final HttpString FORWARDED_FOR = new HttpString("X-Forwarded-For");

    private final Set<String> allowed;
    private final boolean allowAll;
    private final Set<String> trustedProxies;
    private final SignatureChecker checker;

    public ApiGuard(List<String> allowPostingFrom, List<String> trustedProxies, SignatureChecker checker) {
        this.allowed = Set.copyOf(allowPostingFrom);
        this.allowAll = allowed.contains("0.0.0.0");
        this.trustedProxies = Set.copyOf(trustedProxies);
        this.checker = checker;
    }

    /** Throws the reference's 403 or 401 when the caller may not use the server API. */
    public void check(HttpServerExchange exchange) {
        if (!allowAll && !allowed.contains(clientAddress(exchange))) {
            throw new ApiException(403, Responses.FORBIDDEN);
        }
        String signed = exchange.getRequestHeaders().getFirst(SECRET_HEADER);
        if (signed == null) {
            Map<String, Deque<String>> q = exchange.getQueryParameters();
            Deque<String> secret = q.get("secret");
            signed = secret == null ? null : secret.peekFirst();
        }
        if (signed == null) {
            throw new ApiException(403, Responses.FORBIDDEN);
        }
        if (!checker.valid(signed)) {
            throw new ApiException(401, Map.of("request", "Bad Signature"));
        }
    }

    /** True when the caller passes {@link #check}; for endpoints that accept either auth. */
    public boolean allows(HttpServerExchange exchange) {
        try {
            check(exchange);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /**
     * The caller's address: the peer's, or for a peer in {@code trusted_proxies} the right-most
     * X-Forwarded-For hop that is not one of them.
     */
    public String clientAddress(HttpServerExchange exchange) {
        String peer = address(exchange.getSourceAddress());
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        HeaderValues lines = exchange.getRequestHeaders().get(FORWARDED_FOR);
        if (lines == null || lines.isEmpty()) {
            return peer;
        }
        // Several header lines are one list, in order (RFC 9110 §5.3): a client's own line must not
        // hide behind the one the proxy appended.
        String[] hops = String.join(",", lines).split(",");
        // The rightmost hop not added by one of our proxies is the client.
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }

    static String address(InetSocketAddress socket) {
        if (socket == null) {
            return "";
        }
        InetAddress a = socket.getAddress();
        if (a == null) {
            return socket.getHostString();
        }
        if (a instanceof Inet6Address && a.isLoopbackAddress()) {
            return "::1";
        }
        return a.getHostAddress();
    }
}
