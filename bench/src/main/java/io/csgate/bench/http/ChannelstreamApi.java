package io.csgate.bench.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.DeadlineExceededException;
import io.csgate.bench.run.Target;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server API calls the bench makes, signed, over an {@link HttpPool}. Thread-safe. Failures
 * become {@link BenchException}s that say what was called and what came back.
 */
public final class ChannelstreamApi implements AutoCloseable {

    private static final String[] NONE = new String[0];

    private final HttpPool pool;
    private final Signature signature;

    public ChannelstreamApi(Target target, String secret, int connections, Duration requestTimeout,
                            Deadline deadline) {
        this.pool = new HttpPool(target, connections, requestTimeout, deadline);
        this.signature = new Signature(secret);
    }

    public Target target() {
        return pool.target();
    }

    /** A signed POST; returns whatever status came back. */
    public HttpResponse post(String path, byte[] body) throws InterruptedException {
        return call("POST", path, new String[] {signature.headerLine()}, body);
    }

    /** Opens every connection of the pool now, rather than at first use. */
    public void openAll() {
        try {
            pool.openAll();
        } catch (IOException e) {
            throw new BenchException("cannot connect to " + pool.target().base() + ": " + e.getMessage(), e);
        }
    }

    /** An unsigned GET (health, readiness, metrics). */
    public HttpResponse get(String path) throws InterruptedException {
        return call("GET", path, NONE, null);
    }

    /** {@code POST /connect}; returns the new {@code conn_id}. */
    public String connect(String username, List<String> channels) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("channels", channels);
        HttpResponse r = post("/connect", Json.bytes(body));
        if (r.status() != 200) {
            throw new BenchException("POST /connect answered " + r.status() + ": " + r.excerpt(300));
        }
        try {
            String id = connId(r.body());
            if (id == null) {
                throw new BenchException("POST /connect answered without a conn_id: " + r.excerpt(300));
            }
            return id;
        } catch (IOException e) {
            throw new BenchException("POST /connect answered with bad JSON: " + r.excerpt(300));
        }
    }

    /**
     * The top-level {@code conn_id} of a /connect answer, read with a streaming parser that stops
     * there: the answer also lists every user of the channels (protocol 5.4), which would make
     * parsing it whole cost O(channel size) per subscriber.
     */
    public static String connId(byte[] body) throws IOException {
        try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("conn_id")) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        }
    }

    private HttpResponse call(String method, String path, String[] headers, byte[] body) throws InterruptedException {
        try {
            return pool.exchange(method, path, headers, body);
        } catch (DeadlineExceededException e) {
            throw e;
        } catch (ConnectException e) {
            throw new BenchException("cannot reach " + target().base() + " (" + e.getMessage()
                    + "); is the gateway running there?", e);
        } catch (SocketTimeoutException e) {
            throw new BenchException(method + " " + target().url(path) + " timed out (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BenchException(method + " " + target().url(path) + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
