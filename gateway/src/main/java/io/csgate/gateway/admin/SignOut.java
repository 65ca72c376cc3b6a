package io.csgate.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Op;
import io.csgate.common.json.Json;
import io.csgate.gateway.http.Command;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET|POST /admin/sign_out}: clears the cookie and, for a valid session, produces an
 * {@code admin_signed_out} event naming it, so every gateway sharing the log refuses that cookie
 * from then on (a copy kept elsewhere is worthless). Answers 302 to the sign-in form once this
 * gateway has applied the event, as any state-changing call; Kafka unavailable: 503 JSON, with the
 * cookie cleared all the same. Without a valid session nothing is produced.
 */
final class SignOut implements Command {

    private final AdminAccess access;

    private SignOut(AdminAccess access) {
        this.access = access;
    }

    /** The handler: the cookie is cleared on every answer; a live session goes through {@code commands}. */
    static HttpHandler handler(AdminAccess access, Function<Command, HttpHandler> commands) {
        HttpHandler publish = commands.apply(new SignOut(access));
        return exchange -> {
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, access.cookie(exchange, null));
            if (access.ticket(exchange).isEmpty()) {
                access.redirect(exchange, AdminAccess.SIGN_IN);
                return;
            }
            publish.handleRequest(exchange);
        };
    }

    @Override
    public Op op() {
        return Op.ADMIN_SIGNED_OUT;
    }

    /** The session cookie is the credential; the server API signature is not asked for. */
    @Override
    public boolean signed() {
        return false;
    }

    @Override
    public Prepared prepare(HttpServerExchange exchange, JsonNode body, Instant now) {
        Optional<AdminSession.Ticket> ticket = access.ticket(exchange);
        if (ticket.isEmpty()) {
            return new Prepared(null, () -> "no session"); // answered at once, nothing produced
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("session", ticket.get().session());
        event.put("expires", ticket.get().expires().toString());
        return Prepared.of(Json.tree(event));
    }

    @Override
    public void answer(HttpServerExchange exchange, Object result) {
        access.redirect(exchange, AdminAccess.SIGN_IN);
    }
}
