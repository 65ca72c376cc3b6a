package io.csgate.bench.publish;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpResponse;

/** Signed {@code POST /message}; acknowledged by a 200, which the gateway sends once applied. */
public final class RestTransport implements Transport {

    private final ChannelstreamApi api;

    public RestTransport(ChannelstreamApi api) {
        this.api = api;
    }

    @Override
    public String send(byte[] items) throws InterruptedException {
        HttpResponse r = api.post("/message", items);
        return r.status() == 200 ? null : "POST /message answered " + r.status() + ": " + r.excerpt(200);
    }

    @Override
    public void openConnections() {
        api.openAll();
    }

    @Override
    public String name() {
        return "rest";
    }

    @Override
    public void close() {
        api.close();
    }
}
