package io.csgate.gateway.http;

/**
 * The one error type of the HTTP layer: a status and a Channelstream-shaped JSON body (for
 * example 422 with marshmallow's error dict, 401 {@code {"request": "Bad Signature"}}, 503
 * {@code {"error": ...}}). Thrown anywhere in a handler; {@link Failures#answer} renders it, as it
 * answers every other failure.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final Object body;

    public ApiException(int status, Object body) {
        super(status + " " + body, null, false, false);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** A JSON-serializable body, or a {@link Responses.Html} page. */
    public Object body() {
        return body;
    }
}
