package io.csgate.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.common.sign.TimestampSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A Channelstream backend and browser as tests need them: signed REST calls and websockets. */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;
    private final TimestampSigner signer;

    public ApiClient(String url, String secret) {
        this.url = url;
        this.signer = new TimestampSigner(secret);
    }

    /** A JSON answer: status, parsed body (null when not JSON), raw text and content type. */
    public record Answer(int status, JsonNode json, String text, String contentType) {}

    public Answer post(String path, Object body) {
        return call("POST", path, body, true);
    }

    public Answer call(String method, String path, Object body, boolean signed) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20));
        if (signed) {
            b.header("X-Channelstream-Secret", signer.sign("channelstream"));
        }
        String text = body == null ? null : body instanceof String s ? s : Json.text(body);
        b.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.build());
    }

    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = r.body().isEmpty() ? null : Json.parse(r.body());
            } catch (IOException e) {
                json = null;
            }
            return new Answer(r.statusCode(), json, r.body(), r.headers().firstValue("content-type").orElse(""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String sign(String value) {
        return signer.sign(value);
    }

    /** Opens {@code /ws?conn_id=…} and collects what arrives. */
    public WsClient websocket(String wsBase, String connId) {
        WsClient client = new WsClient();
        try {
            WebSocket ws = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create(wsBase + "/ws?conn_id=" + connId), client)
                    .get(10, TimeUnit.SECONDS);
            client.attach(ws);
            return client;
        } catch (Exception e) {
            throw new IllegalStateException("websocket to " + wsBase + " failed", e);
        }
    }
}
